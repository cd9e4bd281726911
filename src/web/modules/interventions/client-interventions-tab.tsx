import { Anchor, Button, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { InterventionStatus } from '../../../shared/interventions.ts';
import { interventionQueries } from './api.ts';
import { capable, useMe } from '../../app/auth.ts';
import { InterventionStatusBadge, kindLabel, slotLabel } from './shared.tsx';

/** The « Interventions » tab of a client record. */
export function ClientInterventionsTab({ clientId }: { clientId: string }) {
  const me = useMe();
  const q = useQuery(interventionQueries.ofClient(clientId));
  if (q.isPending)
    return (
      <Center py="md">
        <Loader size="sm" />
      </Center>
    );
  const items = q.data?.items ?? [];
  return (
    <Stack>
      {capable(me, 'createInterventions') && (
        <Group>
          <Button
            size="xs"
            renderRoot={(props) => <Link {...props} to="/interventions/nouvelle" search={{ clientId }} />}
          >
            Nouvelle intervention
          </Button>
        </Group>
      )}
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          Aucune intervention pour ce client.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/interventions/${i.id}` as string} size="sm">
                      {i.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{i.title}</Text>
                    <Text size="xs" c="dimmed">
                      {kindLabel(i.kind)}
                      {i.siteName ? ` · ${i.siteName}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{slotLabel(i.plannedStart, i.plannedMinutes)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <InterventionStatusBadge status={i.status as InterventionStatus} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
