import { and, desc, eq } from 'drizzle-orm';
import { clientNotes, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';

export type NoteRow = typeof clientNotes.$inferSelect & { authorName: string | null };

const columns = {
  id: clientNotes.id,
  clientId: clientNotes.clientId,
  authorId: clientNotes.authorId,
  body: clientNotes.body,
  createdAt: clientNotes.createdAt,
  updatedAt: clientNotes.updatedAt,
  authorName: users.name,
};

/** The notes of one client (authorized by the caller) with their author's name, newest first; or the one `id`. */
export async function listNotesOfClient(db: Db, clientId: string, id?: string): Promise<NoteRow[]> {
  return db
    .select(columns)
    .from(clientNotes)
    .leftJoin(users, eq(users.id, clientNotes.authorId))
    .where(and(eq(clientNotes.clientId, clientId), id ? eq(clientNotes.id, id) : undefined))
    .orderBy(desc(clientNotes.createdAt), desc(clientNotes.id));
}

export async function findNote(db: Db, clientId: string, id: string): Promise<NoteRow | undefined> {
  return (await listNotesOfClient(db, clientId, id))[0];
}

export async function insertNote(
  db: Db,
  values: { clientId: string; body: string; authorId: string | null },
) {
  const [row] = await db
    .insert(clientNotes)
    .values({ ...values, createdAt: clock.now(), updatedAt: clock.now() })
    .returning();
  return row!;
}

export async function updateNoteBody(db: Db, id: string, body: string) {
  const [row] = await db
    .update(clientNotes)
    .set({ body, updatedAt: clock.now() })
    .where(eq(clientNotes.id, id))
    .returning();
  return row!;
}

export async function deleteNoteRow(db: Db, id: string) {
  await db.delete(clientNotes).where(eq(clientNotes.id, id));
}
