import { Anchor, Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ticketQueries } from './api.ts';
import { can, useMe } from '../../app/auth.ts';
import { DataList } from '../../ui/data-list.tsx';
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
  return (
    <DataList
      query={q}
      items={q.data?.items ?? []}
      empty={txt.empty}
      dense
      actions={
        can(me, 'tickets', 'create') && (
          <Button
            size="xs"
            renderRoot={(props) => <Link {...props} to="/tickets/nouveau" search={{ clientId }} />}
          >
            {txt.newTicket}
          </Button>
        )
      }
      minWidth={560}
      striped={false}
      columns={[
        {
          cell: (t) => (
            <Anchor component={Link} to={`/tickets/${t.id}` as string}>
              {t.number}
            </Anchor>
          ),
        },
        { cell: (t) => <PriorityBadge priority={t.priority} /> },
        { cell: (t) => t.subject },
        { cell: (t) => <TicketStatusBadge status={t.status} /> },
        { cell: (t) => <SlaBadge sla={t.sla} /> },
        { cell: (t) => parisDateTime(t.createdAt) },
      ]}
    />
  );
}
