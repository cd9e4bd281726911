import { Badge } from '@mantine/core';
import {
  type TicketPriority,
  type TicketStatus,
  ticketPriorityColors,
  ticketPriorities,
  ticketStatusColors,
  ticketStatusLabels,
  ticketStatuses,
  ticketTypeLabels,
  ticketTypes,
} from '../../../shared/tickets.ts';

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge
      color={ticketStatusColors[status]}
      variant="light"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {ticketStatusLabels[status]}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <Badge color={ticketPriorityColors[priority]} variant="filled" style={{ flexShrink: 0 }}>
      {priority}
    </Badge>
  );
}

export const statusOptions = ticketStatuses.map((s) => ({ value: s, label: ticketStatusLabels[s] }));
export const priorityOptions = ticketPriorities.map((p) => ({ value: p, label: p }));
export const typeOptions = ticketTypes.map((t) => ({ value: t, label: ticketTypeLabels[t] }));

const dateFmt = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
export const parisDateTime = (iso: string) => dateFmt.format(new Date(iso));
