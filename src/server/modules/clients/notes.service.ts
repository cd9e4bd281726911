import type { Action } from '../../../shared/permissions.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound } from '../../infra/errors.ts';
import * as repo from './notes.repo.ts';
import { auditRecordChange, recordClientOrThrow } from './records.shared.ts';

/**
 * Internal notes on a client: staff only, and they follow the clients module's rights — staff who
 * read the client read its notes, those who may update it write and edit them, those who may delete
 * it delete them (a read-only role writes none). A partner gets 404 on every notes route (as if
 * there were none). Audit entries carry entityType `client_note`, which the client's history hides
 * from partners.
 */
async function staffClientOrThrow(db: Db, ctx: RequestContext, clientId: string, action: Action) {
  if (!ctx.policy.isStaff()) throw notFound('Client');
  return recordClientOrThrow(db, ctx, clientId, action);
}

type NoteClient = { id: string; partnerId: string | null };

/** What the actor may do to the notes of `client`: the clients module's rights, for staff. */
export function noteAbilities(ctx: RequestContext, client: NoteClient) {
  return {
    update: ctx.policy.staffCan('clients', 'update', client),
    delete: ctx.policy.staffCan('clients', 'delete', client),
  };
}

/** The notes of a client, for staff who may read it. */
export async function listNotes(db: Db, ctx: RequestContext, clientId: string) {
  const client = await staffClientOrThrow(db, ctx, clientId, 'read');
  return { client, notes: await repo.listNotesOfClient(db, clientId) };
}

/** Adds a note signed by the actor (staff who may update the client). */
export async function createNote(db: Db, ctx: RequestContext, clientId: string, body: string) {
  const client = await staffClientOrThrow(db, ctx, clientId, 'update');
  const id = await db.transaction(async (tx) => {
    const row = await repo.insertNote(tx, { clientId, body, authorId: ctx.actor.userId });
    await auditRecordChange(tx, ctx, client, {
      action: 'create',
      entityType: 'client_note',
      entityId: row.id,
      after: row,
    });
    return row.id;
  });
  return { client, note: (await repo.findNote(db, clientId, id))! };
}

async function noteForChangeOrThrow(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  id: string,
  action: 'update' | 'delete',
) {
  const client = await staffClientOrThrow(db, ctx, clientId, action);
  const note = await repo.findNote(db, clientId, id);
  if (!note) throw notFound('Note');
  return { client, note };
}

/** Rewrites a note (staff with the client's update right). */
export async function updateNote(db: Db, ctx: RequestContext, clientId: string, id: string, body: string) {
  const { client, note } = await noteForChangeOrThrow(db, ctx, clientId, id, 'update');
  await db.transaction(async (tx) => {
    const after = await repo.updateNoteBody(tx, id, body);
    await auditRecordChange(tx, ctx, client, {
      action: 'update',
      entityType: 'client_note',
      entityId: id,
      before: { body: note.body },
      after: { body: after.body },
    });
  });
  return { client, note: (await repo.findNote(db, clientId, id))! };
}

/** Deletes a note (staff with the client's delete right). */
export async function deleteNote(db: Db, ctx: RequestContext, clientId: string, id: string) {
  const { client, note } = await noteForChangeOrThrow(db, ctx, clientId, id, 'delete');
  await db.transaction(async (tx) => {
    await repo.deleteNoteRow(tx, id);
    await auditRecordChange(tx, ctx, client, {
      action: 'delete',
      entityType: 'client_note',
      entityId: id,
      before: note,
    });
  });
}
