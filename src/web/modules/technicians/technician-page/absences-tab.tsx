import { Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { absenceKindLabels, absenceStatusLabels } from '../../../../shared/interventions.ts';
import type { AbsenceOut, TechnicianDetailOut } from '../../../../shared/schemas/technicians.ts';
import { technicianApi, technicianKeys, technicianQueries } from '../api.ts';
import { ErrorAlert, errorMessage, LoadingBlock } from '../../../ui/feedback.tsx';
import { AbsenceModal, RefuseModal } from './absence-dialogs.tsx';
import { absenceColors, when } from './shared.ts';

export function AbsencesTab({ t }: { t: TechnicianDetailOut }) {
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 35.99em)');
  const [requesting, setRequesting] = useState(false);
  const [refusing, setRefusing] = useState<AbsenceOut | null>(null);
  const query = useQuery(technicianQueries.absencesOf(t.id));
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'approve' | 'cancel' }) =>
      technicianApi.decideAbsence(id, action),
    onSuccess: async (_, v) => {
      await queryClient.invalidateQueries({ queryKey: technicianKeys.absences });
      notifications.show({
        color: 'green',
        message: v.action === 'approve' ? 'Absence approuvée.' : 'Absence annulée.',
      });
    },
    onError: (e) =>
      notifications.show({ color: 'red', title: 'Action impossible', message: errorMessage(e) }),
  });
  const manager = t.abilities.approveAbsences === true;
  const mayRequest = t.abilities.requestAbsence === true;
  const items = query.data?.items ?? [];
  const actions = (a: AbsenceOut) => (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {a.abilities.approve && (
        <Button
          size="compact-sm"
          color="green"
          loading={act.isPending}
          onClick={() => act.mutate({ id: a.id, action: 'approve' })}
        >
          Approuver
        </Button>
      )}
      {a.abilities.refuse && (
        <Button size="compact-sm" color="red" variant="light" onClick={() => setRefusing(a)}>
          Refuser
        </Button>
      )}
      {a.abilities.cancel && (
        <Button size="compact-sm" variant="subtle" onClick={() => act.mutate({ id: a.id, action: 'cancel' })}>
          Annuler
        </Button>
      )}
    </Group>
  );
  return (
    <Stack>
      {mayRequest && (
        <Group justify="flex-end">
          <Button onClick={() => setRequesting(true)}>
            {manager ? 'Saisir une absence' : 'Demander une absence'}
          </Button>
        </Group>
      )}
      {query.isPending ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : items.length === 0 ? (
        <Text c="dimmed">Aucune absence.</Text>
      ) : phone ? (
        <Stack gap="xs" data-testid="absences-list">
          {items.map((a) => (
            <Card key={a.id} withBorder padding="sm" data-testid="absence-row">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={500}>{absenceKindLabels[a.kind]}</Text>
                <Badge color={absenceColors[a.status]}>{absenceStatusLabels[a.status]}</Badge>
              </Group>
              <Text size="sm">{when(a)}</Text>
              {a.comment && (
                <Text size="sm" c="dimmed">
                  « {a.comment} »
                </Text>
              )}
              {a.decisionNote && (
                <Text size="sm" c="dimmed">
                  Motif : {a.decisionNote}
                </Text>
              )}
              <Group mt={4} justify="flex-end">
                {actions(a)}
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table striped data-testid="absences-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Type</Table.Th>
              <Table.Th>Période</Table.Th>
              <Table.Th>Statut</Table.Th>
              <Table.Th>Commentaire</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.id} data-testid="absence-row">
                <Table.Td>{absenceKindLabels[a.kind]}</Table.Td>
                <Table.Td>{when(a)}</Table.Td>
                <Table.Td>
                  <Badge color={absenceColors[a.status]}>{absenceStatusLabels[a.status]}</Badge>
                  {a.decidedByName && a.status !== 'demandee' && (
                    <Text size="xs" c="dimmed">
                      par {a.decidedByName}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{a.comment ?? '—'}</Text>
                  {a.decisionNote && (
                    <Text size="xs" c="dimmed">
                      Motif : {a.decisionNote}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{actions(a)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {requesting && <AbsenceModal t={t} opened manager={manager} onClose={() => setRequesting(false)} />}
      {refusing && <RefuseModal absence={refusing} onClose={() => setRefusing(null)} />}
    </Stack>
  );
}
