import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { ConflictList, OverrideReasonField } from '../../interventions/conflict-list.tsx';
import type { BoardOut } from '../../../../shared/schemas/interventions.ts';
import { parisDay, timeLabel } from '../../interventions/shared.tsx';
import { dayLabel } from './board-layout.ts';
import type { BoardDrag } from './use-board-drag.ts';

/** The conflicts of a refused drop; who may override plans anyway with a reason. */
export function ConflictModal({
  b,
  drag: { pending, setPending, reason, setReason, saving, save },
}: {
  b: BoardOut;
  drag: BoardDrag;
}) {
  return (
    <Modal
      opened={pending !== null && pending.conflicts.length > 0}
      onClose={() => setPending(null)}
      title="Ce créneau pose problème"
      size="lg"
    >
      {pending && (
        <Stack data-testid="conflict-modal">
          <Text size="sm">
            {pending.card.number} — {pending.card.title}, le {dayLabel(parisDay(new Date(pending.start)))} à{' '}
            {timeLabel(new Date(pending.start))} :
          </Text>
          <ConflictList conflicts={pending.conflicts} />
          {b.canOverride && <OverrideReasonField value={reason} onChange={setReason} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setPending(null)}>
              Annuler
            </Button>
            {b.canOverride && (
              <Button
                color="orange"
                disabled={reason.trim().length < 5}
                loading={saving}
                onClick={() => void save(pending, reason.trim())}
              >
                Forcer avec motif
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
