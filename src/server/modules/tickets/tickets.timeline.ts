import { and, desc, eq, sql } from 'drizzle-orm';
import {
  type TicketStatus,
  type TicketType,
  ticketStatusLabels,
  ticketTypeLabels,
} from '../../../shared/tickets.ts';
import { clients, tickets } from '../../db/schema/index.ts';
import { setOpenTicketsProvider } from '../calls/calls.service.ts';
import { registerTimelineSource, timelineBeforeWhere } from '../clients/timeline.ts';
import { openTicketsOfClient, scopeWhere } from './tickets.repo.ts';

const key = sql`'ticket:' || ${tickets.id}::text`;

/**
 * The client's tickets in its history, dated by their creation. Changes and public replies appear
 * through the audit source (entries carry client_id); internal notes are audited without the
 * client, so they never show there.
 */
registerTimelineSource('tickets', {
  module: 'tickets',
  async load(db, clientId, before, limit, { scope }) {
    const rows = await db
      .select({
        id: tickets.id,
        key: sql<string>`${key}`,
        at: tickets.createdAt,
        number: tickets.number,
        subject: tickets.subject,
        type: tickets.type,
        priority: tickets.priority,
        status: tickets.status,
      })
      .from(tickets)
      .innerJoin(clients, eq(clients.id, tickets.clientId))
      .where(
        and(
          eq(tickets.clientId, clientId),
          scopeWhere(scope),
          timelineBeforeWhere(tickets.createdAt, key, before),
        ),
      )
      .orderBy(desc(tickets.createdAt), desc(sql`${key} COLLATE "C"`))
      .limit(limit);
    return rows.map((r) => ({
      id: r.key,
      at: r.at,
      actor: null,
      text: `Ticket ${r.number} (${ticketTypeLabels[r.type as TicketType] ?? r.type}, ${r.priority}) « ${r.subject} » — ${ticketStatusLabels[r.status as TicketStatus] ?? r.status}`,
      link: `/tickets/${r.id}`,
      entityType: 'ticket',
    }));
  },
});

/** The call pop-up lists the caller's client's open tickets. */
setOpenTicketsProvider((db, clientId) => openTicketsOfClient(db, clientId));
