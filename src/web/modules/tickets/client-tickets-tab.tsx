import { Anchor, Button, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ticketQueries } from './api.ts';
import { can, useMe } from '../../app/auth.ts';
import { SlaBadge } from './sla-badge.tsx';
import { PriorityBadge, parisDateTime, TicketStatusBadge } from './shared.tsx';
import { ticketsText } from './strings.ts';

const txt = ticketsText.clientTab;

/** The « Tickets » tab of a client record: its tickets, newest first. */
export function ClientTicketsTab({ clientId }: { clientId: string }) {
  const me = useMe();
  const q = useQuery({
    ...ticketQueries.ofClient(clientId),
  });
  if (q.isPending)
    return (
      <Center py="md">
        <Loader size="sm" />
      </Center>
    );
  const items = q.data?.items ?? [];
  return (
    <Stack>
      {can(me, 'tickets', 'create') && (
        <Group>
          <Button
            size="xs"
            renderRoot={(props) => <Link {...props} to="/tickets/nouveau" search={{ clientId }} />}
          >
            {txt.newTicket}
          </Button>
        </Group>
      )}
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {txt.empty}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Tbody>
              {items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/tickets/${t.id}` as string}>
                      {t.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <PriorityBadge priority={t.priority} />
                  </Table.Td>
                  <Table.Td>{t.subject}</Table.Td>
                  <Table.Td>
                    <TicketStatusBadge status={t.status} />
                  </Table.Td>
                  <Table.Td>
                    <SlaBadge sla={t.sla} />
                  </Table.Td>
                  <Table.Td>{parisDateTime(t.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
