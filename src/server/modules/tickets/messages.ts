import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../../shared/zod.ts';
import {
  type AttachmentOut,
  ticketMessageBody,
  ticketMessageOut,
  type TicketMessageOut,
} from '../../../shared/schemas/tickets.ts';
import type { TicketStatus } from '../../../shared/tickets.ts';
import { storedFiles, ticketMessages, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, conflict, forbidden, notFound } from '../../infra/errors.ts';
import {
  attachmentTypes,
  defaultMaxFileBytes,
  getFileOrThrow,
  putFile,
  sendFile,
} from '../../infra/files.ts';
import { type UploadedFile, type UploadSpec, uploadsOf } from '../../infra/uploads.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { slaOnFirstResponse } from './sla.clocks.ts';
import { applyStatus } from './status.service.ts';
import { getOrThrow, ownerOf } from './tickets.access.ts';
import { announce, emailTicketEvent, type TicketEffects } from './tickets.events.ts';
import { bumpOrThrow, type TicketRow } from './tickets.repo.ts';
import type { Role } from '../../../shared/permissions.ts';
import { isStaffRole } from '../../policy/policy.ts';

export const attachmentOwner = 'ticket_message';
export type AttachmentInput = UploadedFile;
/** Attachments of a reply: 10 files of 10 MB at most. */
const attachmentUpload: UploadSpec = {
  field: 'attachments',
  maxFiles: 10,
  maxFileBytes: defaultMaxFileBytes,
};

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
  const [msg] = await tx
    .insert(ticketMessages)
    .values({
      ticketId: ticket.id,
      visibility: m.visibility,
      authorId: m.authorId,
      authorName: m.authorName,
      authorEmail: m.authorEmail,
      channel: m.channel,
      body: m.body,
      inboundMessageId: m.inboundMessageId ?? null,
      createdAt: now,
    })
    .returning();
  const files: { fileId: string; filename: string }[] = [];
  for (const [i, a] of m.attachments.entries()) {
    const f = await putFile(tx, {
      ownerType: attachmentOwner,
      ownerId: msg!.id,
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
    entityId: msg!.id,
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
    await emailTicketEvent(tx, fx, current, 'ticket.reply', `ticket-reply:${msg!.id}`, {
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
        idempotencyKey: `ticket-reply:${msg!.id}`,
        publicUrl: fx.publicUrl,
      });
    }
  }
  await announce(tx, current, ticket.partnerId, internal ? 'note' : 'reply', internal);
  return msg!;
}

export async function postMessage(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: z.infer<typeof ticketMessageBody>,
  attachments: AttachmentInput[],
  fx: TicketEffects,
) {
  const ticket = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('tickets', 'update', ownerOf(ticket));
  const partner = !ctx.policy.isStaff();
  if (partner && body.visibility === 'internal') {
    throw forbidden('Un partenaire ne peut écrire que des réponses publiques.');
  }
  return db.transaction((tx) =>
    appendMessage(
      tx,
      ctx,
      ticket,
      {
        visibility: body.visibility,
        body: body.body,
        attachments,
        channel: partner ? 'portail' : ctx.actor.kind === 'token' ? 'api' : 'web',
        side: partner ? 'client' : 'staff',
        authorId: ctx.actor.userId,
        authorName: ctx.actor.name,
        authorEmail: null,
      },
      fx,
    ),
  );
}

/** The conversation, oldest first; partners see public messages only. */
export async function listMessages(db: Db, ctx: RequestContext, id: string): Promise<TicketMessageOut[]> {
  const ticket = await getOrThrow(db, ctx, id);
  const partner = !ctx.policy.isStaff();
  const rows = await db
    .select({
      m: ticketMessages,
      userName: users.name,
      userRole: users.role,
    })
    .from(ticketMessages)
    .leftJoin(users, eq(users.id, ticketMessages.authorId))
    .where(
      and(
        eq(ticketMessages.ticketId, ticket.id),
        partner ? eq(ticketMessages.visibility, 'public') : undefined,
      ),
    )
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id));
  const ids = rows.map((r) => r.m.id);
  const files = ids.length
    ? await db
        .select({
          id: storedFiles.id,
          ownerId: storedFiles.ownerId,
          filename: storedFiles.filename,
          mimeType: storedFiles.mimeType,
          size: storedFiles.size,
        })
        .from(storedFiles)
        .where(and(eq(storedFiles.ownerType, attachmentOwner), inArray(storedFiles.ownerId, ids)))
        .orderBy(asc(storedFiles.createdAt), asc(storedFiles.id))
    : [];
  const byMessage = new Map<string, AttachmentOut[]>();
  for (const f of files) {
    const list = byMessage.get(f.ownerId) ?? [];
    list.push({
      id: f.id,
      filename: f.filename,
      mimeType: f.mimeType,
      size: f.size,
      url: `/api/v1/tickets/${ticket.id}/attachments/${f.id}`,
    });
    byMessage.set(f.ownerId, list);
  }
  return rows.map(({ m, userName, userRole }) => ({
    id: m.id,
    ticketId: m.ticketId,
    visibility: m.visibility as 'public' | 'internal',
    authorId: m.authorId,
    authorName: userName ?? m.authorName ?? m.authorEmail,
    authorIsStaff: !!userRole && isStaffRole(userRole as Role),
    channel: m.channel,
    body: m.body,
    attachments: byMessage.get(m.id) ?? [],
    createdAt: m.createdAt.toISOString(),
  }));
}

/** An attachment of a ticket's message, scope-checked: internal notes' files are 404 to partners. */
export async function attachmentOf(db: Db, ctx: RequestContext, ticketId: string, fileId: string) {
  const ticket = await getOrThrow(db, ctx, ticketId);
  const [file] = await db
    .select({ ownerId: storedFiles.ownerId, visibility: ticketMessages.visibility })
    .from(storedFiles)
    .innerJoin(ticketMessages, eq(ticketMessages.id, storedFiles.ownerId))
    .where(
      and(
        eq(storedFiles.id, fileId),
        eq(storedFiles.ownerType, attachmentOwner),
        eq(ticketMessages.ticketId, ticket.id),
      ),
    );
  if (!file || (!ctx.policy.isStaff() && file.visibility !== 'public')) throw notFound('Fichier');
  return getFileOrThrow(db, { ownerType: attachmentOwner, ownerId: file.ownerId }, fileId);
}

const fileParams = z.strictObject({
  id: z.uuid('Identifiant invalide.'),
  fileId: z.uuid('Identifiant invalide.'),
});
const idParam = z.strictObject({ id: z.uuid('Identifiant invalide.') });

export const ticketMessageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  const tags = ['Tickets'];
  app.get(
    '/tickets/:id/messages',
    {
      schema: {
        tags,
        summary: 'La conversation d’un ticket (partenaires : réponses publiques seulement)',
        params: idParam,
        response: { 200: z.object({ items: z.array(ticketMessageOut) }) },
      },
      config: { permission: 'tickets:read' },
    },
    async (req) => ({ items: await listMessages(db, ctxOf(req), req.params.id) }),
  );
  app.post(
    '/tickets/:id/messages',
    {
      schema: {
        tags,
        summary:
          'Répondre (publique : envoyée par e-mail au contact) ou ajouter une note interne ; pièces jointes en formulaire multipart, 10 Mo chacune',
        consumes: ['application/json', 'multipart/form-data'],
        params: idParam,
        body: ticketMessageBody,
        response: { 201: ticketMessageOut },
      },
      config: { permission: 'tickets:update', upload: attachmentUpload },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const msg = await postMessage(db, ctx, req.params.id, req.body, uploadsOf(req), fx);
      const all = await listMessages(db, ctx, req.params.id);
      return reply.status(201).send(all.find((m) => m.id === msg.id)!);
    },
  );
  app.get(
    '/tickets/:id/attachments/:fileId',
    {
      schema: {
        tags,
        summary: 'Télécharger une pièce jointe (toujours en téléchargement)',
        params: fileParams,
      },
      config: { permission: 'tickets:read' },
    },
    async (req, reply) =>
      sendFile(reply, await attachmentOf(db, ctxOf(req), req.params.id, req.params.fileId)),
  );
};
