import { type TicketStatus, ticketStatusLabels } from '../../../shared/tickets.ts';
import type { tickets } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { snapshotFields } from '../audit/audit.service.ts';
import { publishEvent } from '../notifications/events.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { queueEmail } from '../notifications/outbox.service.ts';
import { partnerUsers, type TicketRow } from './tickets.repo.ts';

/**
 * What a ticket change sends out, inside the change's transaction: its audit snapshot, the real-time
 * event, the assignee's notification and the emails to the client side. Every service of the module
 * (tickets, status, messages, assignment, inbound) uses these.
 */

export type TicketEffects = { jobs: Jobs; publicUrl: string };
export const ticketChangedEvent = 'ticket.changed';

/** Audit snapshot of a ticket (the table row). */
export function snapshot(row: typeof tickets.$inferSelect) {
  return snapshotFields(row, [
    'id',
    'number',
    'clientId',
    'siteId',
    'contactId',
    'platformId',
    'contractId',
    'type',
    'priority',
    'status',
    'channel',
    'subject',
    'assigneeId',
    'teamId',
    'escalationLevel',
    'version',
  ]);
}

/** Real-time `ticket.changed` so queues refresh live; internal-only changes never reach partners. */
export async function announce(
  tx: Db,
  row: { id: string; clientId: string | null; status: string; number: string },
  partnerId: string | null,
  action: string,
  internalOnly = false,
) {
  await publishEvent(tx, {
    type: ticketChangedEvent,
    module: 'tickets',
    partnerId: internalOnly ? null : partnerId,
    clientId: row.clientId,
    payload: { ticketId: row.id, number: row.number, status: row.status, action },
  });
}

const ticketUrl = (fx: TicketEffects, id: string) => `${fx.publicUrl}/tickets/${id}`;

/** Data of the ticket emails (templates ticket.*). */
export function emailData(
  row: TicketRow,
  fx: TicketEffects,
  recipientName: string,
  message?: { body: string; author: string },
) {
  return {
    contact: { name: recipientName },
    client: { name: row.clientName },
    ticket: {
      number: row.number,
      subject: row.subject,
      status: ticketStatusLabels[row.status as TicketStatus] ?? row.status,
      url: ticketUrl(fx, row.id),
    },
    message: { body: message?.body ?? '', author: message?.author ?? '' },
  };
}

/**
 * Emails an event of a ticket to its client side: the contact (else the client's address), in the
 * partner's co-branding, and the partner's users (except the actor). Keys make every send unique.
 */
export async function emailTicketEvent(
  tx: Db,
  fx: TicketEffects,
  row: TicketRow,
  event: 'ticket.created' | 'ticket.reply' | 'ticket.resolved' | 'ticket.closed',
  key: string,
  opts: { actorUserId: string | null; message?: { body: string; author: string }; skipClient?: boolean },
) {
  // The person who wrote (a contact, or the unknown sender of a ticket opened by e-mail) before the client's address.
  const to = row.contactEmail ?? row.requesterEmail ?? row.clientEmail;
  if (to && !opts.skipClient) {
    await queueEmail(tx, fx.jobs, {
      event,
      to,
      data: emailData(row, fx, row.contactName ?? row.clientName, opts.message),
      idempotencyKey: key,
      entityType: 'ticket',
      entityId: row.id,
      clientId: row.clientId,
      partnerId: row.partnerId,
      audience: 'client',
    });
  }
  if (row.partnerId) {
    for (const u of await partnerUsers(tx, row.partnerId)) {
      if (u.id === opts.actorUserId) continue;
      await queueEmail(tx, fx.jobs, {
        event,
        to: u.email,
        data: emailData(row, fx, u.name, opts.message),
        idempotencyKey: `${key}:${u.id}`,
        entityType: 'ticket',
        entityId: row.id,
        clientId: row.clientId,
        partnerId: row.partnerId,
      });
    }
  }
}

export async function notifyAssigned(tx: Db, fx: TicketEffects, row: TicketRow) {
  if (!row.assigneeId) return;
  await notifyUsers(tx, fx.jobs, {
    type: 'ticket.assigned',
    userIds: [row.assigneeId],
    title: `Ticket ${row.number} : ${row.subject}`,
    body: `${row.clientName} — ${row.priority}`,
    link: `/tickets/${row.id}`,
    entityType: 'ticket',
    entityId: row.id,
    idempotencyKey: `ticket-assigned:${row.id}:${row.assigneeId}:${row.version}`,
    publicUrl: fx.publicUrl,
  });
}
