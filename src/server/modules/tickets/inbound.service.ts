import type { attachmentIn, inboundEmailBody } from '../../../shared/schemas/tickets.ts';
import type { z } from '../../../shared/zod.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, notFound } from '../../infra/errors.ts';
import { defaultMaxFileBytes } from '../../infra/files.ts';
import { findClientContactByEmail } from '../clients/clients.read.ts';
import { findActivePartnerUserByEmail } from '../users/users.read.ts';
import { findInboundMessage } from './messages.repo.ts';
import { type AttachmentInput, appendMessage } from './messages.service.ts';
import * as repo from './tickets.repo.ts';
import { ownerOf } from './tickets.access.ts';
import type { TicketEffects } from './tickets.events.ts';

/** `[T-2026-000123]` in a subject (Re:, Fwd: and the like around it do not matter). */
export const ticketRefPattern = /\[(T-\d{4}-\d{6})\]/;

/** The address and display name of a From header: `Marie Durand <marie@exemple.fr>` or a bare address. */
export function parseFrom(from: string): { email: string; name: string | null } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (m) return { email: m[2]!.trim().toLowerCase(), name: m[1]!.trim() || null };
  return { email: from.trim().toLowerCase(), name: null };
}

/** An attachment of the gateway's JSON (base64): its size judged from the text, no buffer for a refused file. */
function decode(a: z.infer<typeof attachmentIn>, i: number): AttachmentInput {
  if (Math.floor((a.dataBase64.length * 3) / 4) > defaultMaxFileBytes + 4) {
    throw new AppError('payload_too_large', `La pièce jointe « ${a.filename} » dépasse 10 Mo.`, [
      { path: `attachments.${i}`, message: 'Fichier de plus de 10 Mo.' },
    ]);
  }
  return { filename: a.filename, mimeType: a.mimeType, content: Buffer.from(a.dataBase64, 'base64') };
}

/**
 * A reply received by e-mail (inbound webhook of the mail gateway, with an API token allowed to
 * create tickets): appended once per Message-ID as a public message of the ticket named in the
 * subject, when the sender is the ticket's contact, a contact of its client or a user of its
 * partner. The same e-mail again answers the same result without appending it twice.
 */
export async function receiveInboundEmail(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof inboundEmailBody>,
  fx: TicketEffects,
) {
  const ref = ticketRefPattern.exec(body.subject)?.[1];
  if (!ref) throw notFound('Ticket');
  const ticket = await repo.findTicketByNumber(db, ref);
  if (!ticket || !ctx.policy.sees('tickets', ownerOf(ticket))) throw notFound('Ticket');
  const existing = await findInboundMessage(db, body.messageId);
  if (existing) {
    if (existing.ticketId !== ticket.id)
      throw new AppError('conflict', 'Ce message a déjà été reçu pour un autre ticket.');
    return { ticketId: ticket.id, number: ticket.number, messageId: existing.id };
  }
  const sender = parseFrom(body.from);
  const contact = await findClientContactByEmail(db, ticket.clientId, sender.email, ticket.contactId);
  const partnerUser =
    contact || !ticket.partnerId
      ? undefined
      : await findActivePartnerUserByEmail(db, ticket.partnerId, sender.email);
  const clientEmail = ticket.clientEmail?.toLowerCase() === sender.email;
  if (!contact && !partnerUser && !clientEmail) {
    throw new AppError(
      'forbidden',
      'L’expéditeur n’est ni un contact du client ni un utilisateur de son partenaire.',
    );
  }
  try {
    const msg = await db.transaction((tx) =>
      appendMessage(
        tx,
        ctx,
        ticket,
        {
          visibility: 'public',
          body: body.text.trim() || '(message vide)',
          attachments: body.attachments.map(decode),
          channel: 'email',
          side: 'client',
          authorId: partnerUser?.id ?? null,
          authorName: contact
            ? `${contact.firstName} ${contact.lastName}`
            : (partnerUser?.name ?? sender.name),
          authorEmail: sender.email,
          inboundMessageId: body.messageId,
        },
        fx,
      ),
    );
    return { ticketId: ticket.id, number: ticket.number, messageId: msg.id };
  } catch (e) {
    // The same e-mail delivered twice at once: the unique Message-ID lets one through.
    const again = await findInboundMessage(db, body.messageId);
    if (again && again.ticketId === ticket.id) {
      return { ticketId: ticket.id, number: ticket.number, messageId: again.id };
    }
    throw e;
  }
}
