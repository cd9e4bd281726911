import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { forbidden, notFound } from '../../infra/errors.ts';
import * as repo from './notes.repo.ts';
import { auditRecordChange, recordClientOrThrow } from './records.shared.ts';

/**
 * Internal notes on a client: staff only. A partner gets 404 on every notes route (as if there
 * were none); staff who may read the client write notes, and edit or delete their own (or any,
 * with the clients update/delete right). Audit entries carry entityType `client_note`, which the
 * client's history hides from partners.
 */
async function staffClientOrThrow(db: Db, ctx: RequestContext, clientId: string) {
  if (!ctx.policy.isStaff()) throw notFound('Client');
  return recordClientOrThrow(db, ctx, clientId, 'read');
}

type NoteClient = { id: string; partnerId: string | null };

/** What the actor may do to a note: its author may always change it, others need the client's right. */
export function noteAbilities(n: repo.NoteRow, ctx: RequestContext, client: NoteClient) {
  const own = n.authorId !== null && n.authorId === ctx.actor.userId;
  return {
    update: own || ctx.policy.can('clients', 'update', client),
    delete: own || ctx.policy.can('clients', 'delete', client),
  };
}

/** The notes of a client, for staff who may read it. */
export async function listNotes(db: Db, ctx: RequestContext, clientId: string) {
  const client = await staffClientOrThrow(db, ctx, clientId);
  return { client, notes: await repo.listNotesOfClient(db, clientId) };
}

/** Adds a note signed by the actor. */
export async function createNote(db: Db, ctx: RequestContext, clientId: string, body: string) {
  const client = await staffClientOrThrow(db, ctx, clientId);
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
  const client = await staffClientOrThrow(db, ctx, clientId);
  const note = await repo.findNote(db, clientId, id);
  if (!note) throw notFound('Note');
  if (!noteAbilities(note, ctx, client)[action]) {
    throw forbidden('Seul l’auteur de la note ou un gestionnaire du client peut la modifier.');
  }
  return { client, note };
}

/** Rewrites a note (its author, or staff with the client's update right). */
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

/** Deletes a note (its author, or staff with the client's delete right). */
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
