import { Alert, Card, Loader, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AssignmentSettingOut } from '../../../shared/schemas/tickets.ts';
import { ticketTypeLabels } from '../../../shared/tickets.ts';
import { ApiError, get, put } from '../../app/api.ts';

const key = ['tickets', 'assignment-settings'];

/**
 * « Attribution automatique » (Administration › Calendriers et SLA): one switch per ticket type. When
 * on, a new ticket of that type without assignee goes to the best-ranked technician, with the reasons
 * in an internal note.
 */
export function AutoAssignSettings({ editable }: { editable: boolean }) {
  const qc = useQueryClient();
  const settings = useQuery({
    queryKey: key,
    queryFn: () => get<{ items: AssignmentSettingOut[] }>('/tickets/assignment-settings'),
  });
  const [saving, setSaving] = useState<string | null>(null);
  async function toggle(s: AssignmentSettingOut, autoAssign: boolean) {
    setSaving(s.ticketType);
    try {
      await put(`/tickets/assignment-settings/${s.ticketType}`, { autoAssign });
      notifications.show({
        color: 'green',
        message: `Attribution automatique ${autoAssign ? 'activée' : 'désactivée'} pour « ${ticketTypeLabels[s.ticketType]} ».`,
      });
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setSaving(null);
      await qc.invalidateQueries({ queryKey: key });
    }
  }
  if (settings.isPending) return <Loader size="sm" />;
  if (settings.isError) return <Alert color="red">{(settings.error as Error).message}</Alert>;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Quand elle est activée pour un type, un nouveau ticket de ce type sans personne attribuée est confié
        au technicien le mieux classé par la proposition (compétences pour la plateforme, zone, disponibilité
        et absences, charge, échéance SLA, distance, note). Les raisons sont notées dans le ticket (note
        interne) et le technicien est prévenu comme pour une attribution manuelle.
      </Text>
      <Card withBorder>
        <Stack gap="md">
          {settings.data.items.map((s) => (
            <Switch
              key={s.ticketType}
              label={ticketTypeLabels[s.ticketType]}
              description={
                s.ticketType === 'sav' || s.ticketType === 'incident'
                  ? 'Sur site : techniciens terrain couvrant le département du site en priorité.'
                  : 'À distance : techniciens internes en priorité.'
              }
              checked={s.autoAssign}
              disabled={!editable || saving === s.ticketType}
              onChange={(e) => void toggle(s, e.currentTarget.checked)}
            />
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}
