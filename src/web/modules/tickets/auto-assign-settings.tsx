import { Alert, Card, Loader, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AssignmentSettingOut } from '../../../shared/schemas/tickets.ts';
import { ticketTypeLabels } from '../../../shared/tickets.ts';
import { ApiError } from '../../app/api.ts';
import { ticketApi, ticketKeys, ticketQueries } from './api.ts';
import { ticketsText } from './strings.ts';

const txt = ticketsText.autoAssign;

/**
 * « Attribution automatique » (Administration › Calendriers et SLA): one switch per ticket type. When
 * on, a new ticket of that type without assignee goes to the best-ranked technician, with the reasons
 * in an internal note.
 */
export function AutoAssignSettings({ editable }: { editable: boolean }) {
  const qc = useQueryClient();
  const settings = useQuery(ticketQueries.assignmentSettings());
  const [saving, setSaving] = useState<string | null>(null);
  async function toggle(s: AssignmentSettingOut, autoAssign: boolean) {
    setSaving(s.ticketType);
    try {
      await ticketApi.setAutoAssign(s.ticketType, autoAssign);
      notifications.show({
        color: 'green',
        message: txt.toggled(autoAssign, ticketTypeLabels[s.ticketType]),
      });
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setSaving(null);
      await qc.invalidateQueries({ queryKey: ticketKeys.assignmentSettings });
    }
  }
  if (settings.isPending) return <Loader size="sm" />;
  if (settings.isError) return <Alert color="red">{(settings.error as Error).message}</Alert>;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {txt.intro}
      </Text>
      <Card withBorder>
        <Stack gap="md">
          {settings.data.items.map((s) => (
            <Switch
              key={s.ticketType}
              label={ticketTypeLabels[s.ticketType]}
              description={s.ticketType === 'sav' || s.ticketType === 'incident' ? txt.onSite : txt.remote}
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
