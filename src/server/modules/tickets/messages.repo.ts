import { and, asc, eq, sql } from 'drizzle-orm';
import { ticketMessages, users } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { insertRow } from '../../infra/rows.ts';

export type TicketMessageRow = typeof ticketMessages.$inferSelect;
/** A message with the name and role of its author when the author is a Relais user. */
export type MessageWithAuthor = { m: TicketMessageRow; userName: string | null; userRole: string | null };

export const insertMessage = (tx: Db, values: typeof ticketMessages.$inferInsert) =>
  insertRow(tx, ticketMessages, values);

/** The conversation of a ticket, oldest first; public messages only when `publicOnly`. */
export function listMessageRows(db: Db, ticketId: string, publicOnly: boolean): Promise<MessageWithAuthor[]> {
  return db
    .select({ m: ticketMessages, userName: users.name, userRole: users.role })
    .from(ticketMessages)
    .leftJoin(users, eq(users.id, ticketMessages.authorId))
    .where(
      and(
        eq(ticketMessages.ticketId, ticketId),
        publicOnly ? eq(ticketMessages.visibility, 'public') : undefined,
      ),
    )
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id));
}

/** A message of that ticket, or undefined. */
export async function findMessageOfTicket(db: Db, ticketId: string, messageId: string) {
  const [row] = await db
    .select({ id: ticketMessages.id, visibility: ticketMessages.visibility })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.id, messageId), eq(ticketMessages.ticketId, ticketId)));
  return row;
}

/**
 * The message already appended from an inbound e-mail with that Message-ID, if any; `opened`: it is
 * the e-mail that opened its ticket (the ticket's first inbound e-mail, on a ticket of channel e-mail).
 */
export async function findInboundMessage(db: Db, messageId: string) {
  const [row] = await db
    .select({
      id: ticketMessages.id,
      ticketId: ticketMessages.ticketId,
      opened: sql<boolean>`(SELECT t.channel = 'email' FROM tickets t WHERE t.id = ${ticketMessages.ticketId})
        AND ${ticketMessages.id} = (SELECT o.id FROM ticket_messages o WHERE o.ticket_id = ${ticketMessages.ticketId}
          AND o.inbound_message_id IS NOT NULL ORDER BY o.created_at, o.id LIMIT 1)`,
    })
    .from(ticketMessages)
    .where(eq(ticketMessages.inboundMessageId, messageId));
  return row;
}
