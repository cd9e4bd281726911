import { Alert, List, Text, Textarea } from '@mantine/core';
import { conflictKindLabels } from '../../../shared/interventions.ts';
import type { ConflictOut } from '../../../shared/schemas/interventions.ts';

/** The conflicts of a slot as the planning board shows them: kind in bold, then the explanation. */
export function ConflictList({ conflicts }: { conflicts: ConflictOut[] }) {
  return (
    <List spacing={6} size="sm">
      {conflicts.map((c, n) => (
        <List.Item key={n}>
          <Text size="sm" fw={600} span>
            {conflictKindLabels[c.code]} :
          </Text>{' '}
          {c.message}
        </List.Item>
      ))}
    </List>
  );
}

/** The same list in a red box titled « Ce créneau pose problème » (live checks, the form). */
export function ConflictAlert({ conflicts }: { conflicts: ConflictOut[] }) {
  return (
    <Alert color="red" p="xs" title="Ce créneau pose problème" data-testid="slot-conflicts">
      <ConflictList conflicts={conflicts} />
    </Alert>
  );
}

/** The reason to force a conflict (who may: `canOverride` from the server), 5 characters at least. */
export function OverrideReasonField(props: { value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <Textarea
      label="Motif pour forcer"
      description="Obligatoire (5 caractères au moins), enregistré dans le journal."
      autosize
      minRows={2}
      value={props.value}
      error={props.error}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    />
  );
}
