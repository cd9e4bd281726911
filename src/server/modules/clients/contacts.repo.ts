import { and, asc, eq, sql } from 'drizzle-orm';
import { contacts } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { findRecordOfClient } from './records.repo.ts';

export type ContactRow = typeof contacts.$inferSelect;
export type ContactValues = Partial<typeof contacts.$inferInsert>;

/** The contacts of one client (authorized by the caller), by last then first name. */
export async function listContactsOfClient(db: Db, clientId: string): Promise<ContactRow[]> {
  return db
    .select()
    .from(contacts)
    .where(eq(contacts.clientId, clientId))
    .orderBy(asc(contacts.lastName), asc(contacts.firstName), asc(contacts.id));
}

export const findContact = (db: Db, clientId: string, id: string) =>
  findRecordOfClient(db, contacts, clientId, id);

export async function insertContact(db: Db, values: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [row] = await db.insert(contacts).values(values).returning();
  return row!;
}

export async function updateContactRow(db: Db, id: string, values: ContactValues): Promise<ContactRow> {
  const [row] = await db.update(contacts).set(values).where(eq(contacts.id, id)).returning();
  return row!;
}

export async function deleteContactRow(db: Db, id: string) {
  await db.delete(contacts).where(eq(contacts.id, id));
}

/** The contacts, of any client, with that e-mail (any case): at most `limit`. */
export function findContactsByEmail(db: Db, email: string, limit = 5) {
  return db
    .select({
      id: contacts.id,
      clientId: contacts.clientId,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
    })
    .from(contacts)
    .where(sql`lower(${contacts.email}) = ${email.toLowerCase()}`)
    .orderBy(contacts.id)
    .limit(limit);
}

/** A contact of the client with that e-mail (any case), `preferredId` first when it is one of them. */
export async function findContactOfClientByEmail(
  db: Db,
  clientId: string,
  email: string,
  preferredId: string | null,
) {
  const [row] = await db
    .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName })
    .from(contacts)
    .where(and(eq(contacts.clientId, clientId), sql`lower(${contacts.email}) = ${email.toLowerCase()}`))
    .orderBy(sql`${contacts.id} = ${preferredId ?? '00000000-0000-0000-0000-000000000000'}::uuid DESC`)
    .limit(1);
  return row;
}
