import type { ticketMessageBody, TicketMessageOut } from '../../../shared/schemas/tickets.ts';
import type { z } from '../../../shared/zod.ts';
import type { TicketStatus } from '../../../shared/tickets.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, conflict, forbidden, notFound } from '../../infra/errors.ts';
import {
  attachmentTypes,
  findFileOwner,
  getFileOrThrow,
  listFilesOfOwners,
  putFile,
} from '../../infra/files.ts';
import type { UploadedFile } from '../../infra/uploads.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { presentMessages } from './messages.presenter.ts';
import * as repo from './messages.repo.ts';
import { slaOnFirstResponse } from './sla.clocks.ts';
import { applyStatus } from './status.service.ts';
import { getOrThrow, ownerOf } from './tickets.access.ts';
import { announce, emailTicketEvent, type TicketEffects } from './tickets.events.ts';
import { bumpOrThrow, type TicketRow } from './tickets.repo.ts';

export const attachmentOwner = 'ticket_message';
export type AttachmentInput = UploadedFile;

export type MessageInput = {
  visibility: 'public' | 'internal';
  body: string;
  attachments: AttachmentInput[];
  channel: 'web' | 'email' | 'portail' | 'api';
  /** staff: Relais users; client: the partner or a client contact (by e-mail). */
  side: 'staff' | 'client';
  authorId: string | null;
  authorName: string | null;
  authorEmail: string | null;
  inboundMessageId?: string;
};

/**
 * Appends a message to a ticket in `tx`, with its attachments, audit entry, live event, emails and
 * status effects: a staff public reply is emailed and may be the first response (SLA); a client-side
 * reply resumes a ticket waiting for the client or reopens a resolved one.
 */
export async function appendMessage(
  tx: Db,
  ctx: RequestContext,
  ticket: TicketRow,
  m: MessageInput,
  fx: TicketEffects,
) {
  if (ticket.status === 'clos') throw conflict('Ce ticket est clos : ouvrez-en un nouveau.');
  const now = clock.now();
  const msg = await repo.insertMessage(tx, {
    ticketId: ticket.id,
    visibility: m.visibility,
    authorId: m.authorId,
    authorName: m.authorName,
    authorEmail: m.authorEmail,
    channel: m.channel,
    body: m.body,
    inboundMessageId: m.inboundMessageId ?? null,
    createdAt: now,
  });
  const files: { fileId: string; filename: string }[] = [];
  for (const [i, a] of m.attachments.entries()) {
    const f = await putFile(tx, {
      ownerType: attachmentOwner,
      ownerId: msg.id,
      purpose: 'attachment',
      filename: a.filename,
      content: a.content,
      createdBy: m.authorId,
      allow: attachmentTypes,
      ...(a.mimeType ? { mimeType: a.mimeType } : {}),
    }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'validation_failed') {
        throw new AppError('validation_failed', e.message, [
          { path: `attachments.${i}`, message: e.message },
        ]);
      }
      throw e;
    });
    files.push({ fileId: f.id, filename: f.filename });
  }
  const internal = m.visibility === 'internal';
  await recordAudit(tx, ctx, {
    category: 'business',
    action: internal ? 'note' : 'reply',
    entityType: 'ticket_message',
    entityId: msg.id,
    // Internal notes stay off the client's history (partners read it).
    clientId: internal ? null : ticket.clientId,
    partnerId: internal ? null : ticket.partnerId,
    after: {
      ticketId: ticket.id,
      number: ticket.number,
      visibility: m.visibility,
      channel: m.channel,
      attachments: files.map((f) => f.filename),
    },
  });
  let current: TicketRow = ticket;
  if (!internal && m.side === 'staff') {
    await emailTicketEvent(tx, fx, current, 'ticket.reply', `ticket-reply:${msg.id}`, {
      actorUserId: m.authorId,
      message: { body: m.body, author: m.authorName ?? '' },
    });
    if (!current.firstResponseAt) {
      const after = await bumpOrThrow(tx, current.id, current.version, { firstResponseAt: now });
      current = { ...current, ...after };
      await slaOnFirstResponse(tx, after);
    }
  }
  if (!internal && m.side === 'client') {
    const from = current.status as TicketStatus;
    if (from === 'en_attente_client' || from === 'resolu') {
      const after = await applyStatus(tx, ctx, current, 'en_cours', fx, {}, 'Réponse du client');
      current = { ...current, ...after };
    }
    if (current.assigneeId) {
      await notifyUsers(tx, fx.jobs, {
        type: 'ticket.reply',
        userIds: [current.assigneeId],
        title: `Réponse sur le ticket ${current.number}`,
        body: `${m.authorName ?? m.authorEmail ?? current.clientName} : ${m.body.slice(0, 200)}`,
        link: `/tickets/${current.id}`,
        entityType: 'ticket',
        entityId: current.id,
        idempotencyKey: `ticket-reply:${msg.id}`,
        publicUrl: fx.publicUrl,
      });
    }
  }
  await announce(tx, current, ticket.partnerId, internal ? 'note' : 'reply', internal);
  return msg;
}

/**
 * `POST /tickets/:id/messages`: a reply or (staff only) an internal note by the actor, answered as
 * the conversation presents it.
 */
export async function postMessage(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: z.infer<typeof ticketMessageBody>,
  attachments: AttachmentInput[],
  fx: TicketEffects,
): Promise<TicketMessageOut> {
  const ticket = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('tickets', 'update', ownerOf(ticket));
  const partner = !ctx.policy.isStaff();
  if (partner && body.visibility === 'internal') {
    throw forbidden('Un partenaire ne peut écrire que des réponses publiques.');
  }
  const msg = await db.transaction((tx) =>
    appendMessage(
      tx,
      ctx,
      ticket,
      {
        visibility: body.visibility,
        body: body.body,
        attachments,
        channel: ctx.actor.kind === 'token' ? 'api' : partner ? 'portail' : 'web',
        side: partner ? 'client' : 'staff',
        authorId: ctx.actor.userId,
        authorName: ctx.actor.name,
        authorEmail: null,
      },
      fx,
    ),
  );
  return (await listMessages(db, ctx, id)).find((m) => m.id === msg.id)!;
}

/** The conversation, oldest first; partners see public messages only. */
export async function listMessages(db: Db, ctx: RequestContext, id: string): Promise<TicketMessageOut[]> {
  const ticket = await getOrThrow(db, ctx, id);
  const rows = await repo.listMessageRows(db, ticket.id, !ctx.policy.isStaff());
  const files = await listFilesOfOwners(
    db,
    attachmentOwner,
    rows.map((r) => r.m.id),
  );
  return presentMessages(ticket.id, rows, files);
}

/** An attachment of a ticket's message, scope-checked: internal notes' files are 404 to partners. */
export async function attachmentOf(db: Db, ctx: RequestContext, ticketId: string, fileId: string) {
  const ticket = await getOrThrow(db, ctx, ticketId);
  const ownerId = await findFileOwner(db, attachmentOwner, fileId);
  const message = ownerId ? await repo.findMessageOfTicket(db, ticket.id, ownerId) : undefined;
  if (!message || (!ctx.policy.isStaff() && message.visibility !== 'public')) throw notFound('Fichier');
  return getFileOrThrow(db, { ownerType: attachmentOwner, ownerId: message.id }, fileId);
}
