import type { attachmentIn, inboundEmailBody } from '../../../shared/schemas/tickets.ts';
import type { z } from '../../../shared/zod.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, forbidden } from '../../infra/errors.ts';
import { defaultMaxFileBytes } from '../../infra/files.ts';
import { findClientContactByEmail, findSenderContact } from '../clients/clients.read.ts';
import { findActivePartnerUserByEmail } from '../users/users.read.ts';
import { findInboundMessage } from './messages.repo.ts';
import { type AttachmentInput, appendMessage } from './messages.service.ts';
import { clock } from '../../infra/clock.ts';
import { parisParts } from '../../../shared/paris-time.ts';
import { departmentOf } from './sla.repo.ts';
import { insertTicket } from './tickets.service.ts';
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

/** The header `name` of the e-mail, whatever its case. */
function header(headers: Record<string, string>, name: string) {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key]!.trim().toLowerCase();
}

/**
 * Why an e-mail is not for a person to answer (RFC 3834): an auto-reply, a mailing, or one of our own
 * e-mails coming back — answering those would loop. Undefined for a human's e-mail.
 */
export function ignoredReason(
  body: z.infer<typeof inboundEmailBody>,
  ownAddress: string,
): string | undefined {
  const auto = header(body.headers, 'auto-submitted');
  if (auto && auto !== 'no') return `Réponse automatique (Auto-Submitted: ${auto}) : ignorée.`;
  const precedence = header(body.headers, 'precedence');
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) {
    return `Envoi en nombre (Precedence: ${precedence}) : ignoré.`;
  }
  if (parseFrom(body.from).email === ownAddress) return 'E-mail envoyé par Relais lui-même : ignoré.';
  return undefined;
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

export type InboundResult =
  | { ignored: true; reason: string }
  | { ticketId: string; number: string; messageId: string; created: boolean };

/**
 * An e-mail to the support address (inbound webhook of the mail gateway, with an API token allowed
 * to create tickets). Auto-replies, mailings and our own e-mails are ignored. A subject naming a
 * ticket (`[T-…]`) the token sees adds a public message to it, when the sender is the ticket's
 * contact, a contact of its client, a user of its partner or the ticket's requester. Any other
 * e-mail opens a ticket, channel e-mail, with the e-mail as its first message and attachments: for
 * the client of the contact who wrote, else « à qualifier » without client. Each Message-ID is taken
 * once: the same e-mail again answers the same result without adding anything.
 */
export async function receiveInboundEmail(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof inboundEmailBody>,
  fx: TicketEffects,
  ownAddress: string,
): Promise<InboundResult> {
  const reason = ignoredReason(body, ownAddress);
  if (reason) return { ignored: true, reason };
  const ref = ticketRefPattern.exec(body.subject)?.[1];
  const found = ref ? await repo.findTicketByNumber(db, ref) : undefined;
  const ticket = found && ctx.policy.sees('tickets', ownerOf(found)) ? found : undefined;
  const existing = await findInboundMessage(db, body.messageId);
  if (existing) {
    if (ticket && existing.ticketId !== ticket.id)
      throw new AppError('conflict', 'Ce message a déjà été reçu pour un autre ticket.');
    return alreadyReceived(db, existing);
  }
  const sender = parseFrom(body.from);
  const attachments = body.attachments.map(decode);
  try {
    return ticket
      ? await reply(db, ctx, ticket, body, sender, attachments, fx)
      : await openFromEmail(db, ctx, body, sender, attachments, fx);
  } catch (e) {
    // The same e-mail delivered twice at once: the unique Message-ID lets one through.
    const again = await findInboundMessage(db, body.messageId);
    if (again && (!ticket || again.ticketId === ticket.id)) return alreadyReceived(db, again);
    throw e;
  }
}

async function alreadyReceived(
  db: Db,
  m: { id: string; ticketId: string; opened: boolean },
): Promise<InboundResult> {
  const t = (await repo.findTicket(db, m.ticketId))!;
  return { ticketId: t.id, number: t.number, messageId: m.id, created: m.opened };
}

type Sender = ReturnType<typeof parseFrom>;

async function reply(
  db: Db,
  ctx: RequestContext,
  ticket: repo.TicketRow,
  body: z.infer<typeof inboundEmailBody>,
  sender: Sender,
  attachments: AttachmentInput[],
  fx: TicketEffects,
): Promise<InboundResult> {
  const contact = ticket.clientId
    ? await findClientContactByEmail(db, ticket.clientId, sender.email, ticket.contactId)
    : undefined;
  const partnerUser =
    contact || !ticket.partnerId
      ? undefined
      : await findActivePartnerUserByEmail(db, ticket.partnerId, sender.email);
  const known = [ticket.clientEmail, ticket.requesterEmail].some((x) => x?.toLowerCase() === sender.email);
  if (!contact && !partnerUser && !known) {
    throw new AppError(
      'forbidden',
      'L’expéditeur n’est ni un contact du client ni un utilisateur de son partenaire.',
    );
  }
  const msg = await db.transaction((tx) =>
    appendMessage(
      tx,
      ctx,
      ticket,
      {
        visibility: 'public',
        body: body.text.trim() || '(message vide)',
        attachments,
        channel: 'email',
        side: 'client',
        authorId: partnerUser?.id ?? null,
        authorName: contact ? `${contact.firstName} ${contact.lastName}` : (partnerUser?.name ?? sender.name),
        authorEmail: sender.email,
        inboundMessageId: body.messageId,
      },
      fx,
    ),
  );
  return { ticketId: ticket.id, number: ticket.number, messageId: msg.id, created: false };
}

/** A new ticket from an e-mail: for the sender's client when he is a known contact, else « à qualifier ». */
async function openFromEmail(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof inboundEmailBody>,
  sender: Sender,
  attachments: AttachmentInput[],
  fx: TicketEffects,
): Promise<InboundResult> {
  ctx.policy.authorizeOrThrow('tickets', 'create');
  const contact = await findSenderContact(db, sender.email);
  const client = contact ? await repo.clientOf(db, contact.clientId) : undefined;
  const scope = ctx.policy.scopeFor('tickets');
  if (scope.kind === 'partner' && client?.partnerId !== scope.partnerId) {
    throw forbidden('Ce jeton ne peut ouvrir de ticket que pour les clients de son partenaire.');
  }
  const clientId = contact?.clientId ?? null;
  const today = parisParts(clock.now()).day;
  const contractId = clientId ? await repo.contractFor(db, clientId, null, null, today) : null;
  const department = await departmentOf(db, null, clientId);
  const subject = body.subject.trim().slice(0, 200);
  const authorName = contact ? `${contact.firstName} ${contact.lastName}` : sender.name;
  return db.transaction(async (tx) => {
    const row = await insertTicket(
      tx,
      ctx,
      {
        clientId,
        contactId: contact?.id ?? null,
        contractId,
        type: 'incident',
        priority: 'P3',
        channel: 'email',
        subject: subject.length >= 3 ? subject : '(sans objet)',
        description: null,
        requesterEmail: contact ? null : sender.email,
      },
      { partnerId: client?.partnerId ?? null, department },
      fx,
    );
    const full = (await repo.findTicket(tx, row.id))!;
    const msg = await appendMessage(
      tx,
      ctx,
      full,
      {
        visibility: 'public',
        body: body.text.trim() || '(message vide)',
        attachments,
        channel: 'email',
        side: 'client',
        authorId: null,
        authorName,
        authorEmail: sender.email,
        inboundMessageId: body.messageId,
      },
      fx,
    );
    return { ticketId: row.id, number: row.number, messageId: msg.id, created: true };
  });
}
