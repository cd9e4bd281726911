import { Badge } from '@mantine/core';
import {
  type TicketPriority,
  type TicketStatus,
  ticketPriorityColors,
  ticketPriorities,
  ticketPriorityLabels,
  ticketPriorityNames,
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

/** A priority by its name (« Critique »), its code (P1) in the tooltip. */
export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <Badge
      color={ticketPriorityColors[priority]}
      variant="filled"
      title={`Priorité ${ticketPriorityLabels[priority]}`}
      data-priority={priority}
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {ticketPriorityNames[priority]}
    </Badge>
  );
}

export const statusOptions = ticketStatuses.map((s) => ({ value: s, label: ticketStatusLabels[s] }));
export const priorityOptions = ticketPriorities.map((p) => ({ value: p, label: ticketPriorityLabels[p] }));
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
