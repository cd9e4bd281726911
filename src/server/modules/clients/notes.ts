import { and, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientIdParam,
  noteBody,
  noteOut,
  type NoteOut,
  recordParams,
} from '../../../shared/schemas/client-records.ts';
import { clientNotes, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { forbidden, notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recordClientOrThrow } from './records.shared.ts';

/**
 * Internal notes on a client: staff only. A partner gets 404 on every notes route (as if there
 * were none); staff who may read the client write notes, and edit or delete their own (or any,
 * with the clients update/delete right). Audit entries carry entityType `client_note`, which the
 * client's history hides from partners.
 */
type NoteRow = typeof clientNotes.$inferSelect & { authorName: string | null };

async function staffClientOrThrow(db: Db, ctx: RequestContext, clientId: string) {
  if (!ctx.policy.isStaff()) throw notFound('Client');
  return recordClientOrThrow(db, ctx, clientId, 'read');
}

function present(n: NoteRow, ctx: RequestContext, client: { partnerId: string | null }): NoteOut {
  const own = n.authorId !== null && n.authorId === ctx.actor.userId;
  return {
    id: n.id,
    clientId: n.clientId,
    authorId: n.authorId,
    authorName: n.authorName,
    body: n.body,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    abilities: {
      update: own || ctx.policy.can('clients', 'update', client),
      delete: own || ctx.policy.can('clients', 'delete', client),
    },
  };
}

const columns = {
  id: clientNotes.id,
  clientId: clientNotes.clientId,
  authorId: clientNotes.authorId,
  body: clientNotes.body,
  createdAt: clientNotes.createdAt,
  updatedAt: clientNotes.updatedAt,
  authorName: users.name,
};

async function findNotes(db: Db, clientId: string, id?: string): Promise<NoteRow[]> {
  return db
    .select(columns)
    .from(clientNotes)
    .leftJoin(users, eq(users.id, clientNotes.authorId))
    .where(and(eq(clientNotes.clientId, clientId), id ? eq(clientNotes.id, id) : undefined))
    .orderBy(desc(clientNotes.createdAt), desc(clientNotes.id));
}

export async function listNotes(db: Db, ctx: RequestContext, clientId: string) {
  const client = await staffClientOrThrow(db, ctx, clientId);
  return (await findNotes(db, clientId)).map((n) => present(n, ctx, client));
}

export async function createNote(db: Db, ctx: RequestContext, clientId: string, body: string) {
  const client = await staffClientOrThrow(db, ctx, clientId);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(clientNotes)
      .values({ clientId, body, authorId: ctx.actor.userId, createdAt: clock.now(), updatedAt: clock.now() })
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'client_note',
      entityId: row!.id,
      clientId,
      partnerId: client.partnerId,
      after: row,
    });
    return row!.id;
  });
  return present((await findNotes(db, clientId, id))[0]!, ctx, client);
}

async function noteForChangeOrThrow(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  id: string,
  action: 'update' | 'delete',
) {
  const client = await staffClientOrThrow(db, ctx, clientId);
  const [note] = await findNotes(db, clientId, id);
  if (!note) throw notFound('Note');
  if (!present(note, ctx, client).abilities[action]) {
    throw forbidden('Seul l’auteur de la note ou un gestionnaire du client peut la modifier.');
  }
  return { client, note };
}

export async function updateNote(db: Db, ctx: RequestContext, clientId: string, id: string, body: string) {
  const { client, note } = await noteForChangeOrThrow(db, ctx, clientId, id, 'update');
  await db.transaction(async (tx) => {
    const [after] = await tx
      .update(clientNotes)
      .set({ body, updatedAt: clock.now() })
      .where(eq(clientNotes.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'client_note',
      entityId: id,
      clientId,
      partnerId: client.partnerId,
      before: { body: note.body },
      after: { body: after!.body },
    });
  });
  return present((await findNotes(db, clientId, id))[0]!, ctx, client);
}

export async function deleteNote(db: Db, ctx: RequestContext, clientId: string, id: string) {
  const { client, note } = await noteForChangeOrThrow(db, ctx, clientId, id, 'delete');
  await db.transaction(async (tx) => {
    await tx.delete(clientNotes).where(eq(clientNotes.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'client_note',
      entityId: id,
      clientId,
      partnerId: client.partnerId,
      before: note,
    });
  });
}

const tags = ['Clients'];

export const noteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:clientId/notes',
    {
      schema: {
        tags,
        summary: 'Notes internes d’un client (personnel uniquement)',
        params: clientIdParam,
        response: { 200: noteOut.array() },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => listNotes(db, ctxOf(req), req.params.clientId),
  );
  app.post(
    '/clients/:clientId/notes',
    {
      schema: {
        tags,
        summary: 'Ajouter une note interne',
        params: clientIdParam,
        body: noteBody,
        response: { 201: noteOut },
      },
      config: { permission: 'clients:read+staff' },
    },
    async (req, reply) =>
      reply.status(201).send(await createNote(db, ctxOf(req), req.params.clientId, req.body.body)),
  );
  app.patch(
    '/clients/:clientId/notes/:id',
    {
      schema: {
        tags,
        summary: 'Modifier une note interne',
        params: recordParams,
        body: noteBody,
        response: { 200: noteOut },
      },
      config: { permission: 'clients:read+staff' },
    },
    async (req) => updateNote(db, ctxOf(req), req.params.clientId, req.params.id, req.body.body),
  );
  app.delete(
    '/clients/:clientId/notes/:id',
    {
      schema: { tags, summary: 'Supprimer une note interne', params: recordParams },
      config: { permission: 'clients:read+staff' },
    },
    async (req, reply) => {
      await deleteNote(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
};
