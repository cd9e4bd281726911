import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TeamOut } from '../../../shared/schemas/tickets.ts';
import { ApiError } from '../../app/api.ts';
import { ConfirmModal } from '../../ui/feedback.tsx';
import { ticketApi, ticketKeys, ticketQueries } from './api.ts';
import { ticketsText } from './strings.ts';

const txt = ticketsText.teams;

/** Administration › Équipes: support teams, their lead and members. */
export function TeamsPage() {
  const qc = useQueryClient();
  const teams = useQuery(ticketQueries.teams());
  const users = useQuery({
    ...ticketQueries.userChoices(),
    select: (r) => r.items.map((u) => ({ value: u.id, label: u.name })),
  });
  const [editing, setEditing] = useState<TeamOut | null>(null);
  const [name, setName] = useState('');
  const [lead, setLead] = useState<string | null>(null);
  const [members, setMembers] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TeamOut | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [removing, setRemoving] = useState(false);
  const start = (t: TeamOut | null) => {
    setEditing(t);
    setName(t?.name ?? '');
    setLead(t?.leadUserId ?? null);
    setMembers(t?.members.map((m) => m.id) ?? []);
    setError(null);
  };
  async function save() {
    try {
      const body = { name, leadUserId: lead, memberIds: members };
      await ticketApi.saveTeam(editing?.id, body);
      notifications.show({ color: 'green', message: txt.saved });
      start(null);
      void qc.invalidateQueries({ queryKey: ticketKeys.teams });
    } catch (e) {
      setError(e instanceof ApiError ? [e.message, ...e.details.map((d) => d.message)].join(' ') : String(e));
    }
  }
  const askDelete = (t: TeamOut | null) => {
    setDeleting(t);
    setDeleteError(null);
  };
  async function remove(t: TeamOut) {
    setRemoving(true);
    try {
      await ticketApi.deleteTeam(t.id);
      notifications.show({ color: 'green', message: txt.deleted(t.name) });
      askDelete(null);
      if (editing?.id === t.id) start(null);
      void qc.invalidateQueries({ queryKey: ticketKeys.teams });
    } catch (e) {
      setDeleteError(e);
    } finally {
      setRemoving(false);
    }
  }
  return (
    <Stack maw={960}>
      <Title order={2}>{txt.title}</Title>
      <Card withBorder>
        <Stack gap="xs">
          <Text fw={600}>{editing ? txt.editing(editing.name) : txt.create}</Text>
          {error && <Alert color="red">{error}</Alert>}
          <Group align="end">
            <TextInput
              label={txt.name}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
            />
            <Select
              label={txt.lead}
              data={users.data ?? []}
              value={lead}
              onChange={setLead}
              searchable
              clearable
            />
          </Group>
          <MultiSelect
            label={txt.members}
            data={users.data ?? []}
            value={members}
            onChange={setMembers}
            searchable
          />
          <Group>
            <Button onClick={save}>{txt.save}</Button>
            {editing && (
              <Button variant="default" onClick={() => start(null)}>
                {txt.cancel}
              </Button>
            )}
          </Group>
        </Stack>
      </Card>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{txt.team}</Table.Th>
            <Table.Th>{txt.lead}</Table.Th>
            <Table.Th>{txt.members}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(teams.data?.items ?? []).map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>{t.name}</Table.Td>
              <Table.Td>{t.leadName ?? '—'}</Table.Td>
              <Table.Td>{t.members.map((m) => m.name).join(', ') || '—'}</Table.Td>
              <Table.Td>
                <Group gap={4} justify="end">
                  <Button size="xs" variant="light" onClick={() => start(t)}>
                    {txt.edit}
                  </Button>
                  <ActionIcon
                    color="red"
                    variant="subtle"
                    aria-label={txt.delete}
                    onClick={() => askDelete(t)}
                  >
                    ✕
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ConfirmModal
        opened={deleting !== null}
        title={deleting ? txt.confirmDelete(deleting.name) : ''}
        confirmLabel={txt.delete}
        loading={removing}
        error={deleteError}
        onConfirm={() => deleting && remove(deleting)}
        onClose={() => askDelete(null)}
      >
        <Text size="sm">{txt.confirmDeleteText}</Text>
      </ConfirmModal>
    </Stack>
  );
}
