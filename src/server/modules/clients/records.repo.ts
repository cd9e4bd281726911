import { and, type Column, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { contacts, sites, telephonyPlatforms } from '../../db/schema/index.ts';
import { type Db, rowsOf } from '../../infra/db.ts';

/** A table of records held by one client (sites, contacts, platforms): rows keyed by `id`, owned through `clientId`. */
type ClientRecordTable = PgTable & { id: Column; clientId: Column };

/**
 * One record of a client, or undefined when it does not exist or belongs to another client. The
 * client itself has been authorized by the caller (`recordClientOrThrow`).
 */
export async function findRecordOfClient<T extends ClientRecordTable>(
  db: Db,
  table: T,
  clientId: string,
  id: string,
): Promise<T['$inferSelect'] | undefined> {
  const [row] = await db
    .select()
    .from(table as PgTable)
    .where(and(eq(table.id, id), eq(table.clientId, clientId)));
  return row as T['$inferSelect'] | undefined;
}

export type ClientRecordRefs = {
  siteId?: string | null | undefined;
  contactId?: string | null | undefined;
  platformId?: string | null | undefined;
};

const refTables = { siteId: sites, contactId: contacts, platformId: telephonyPlatforms };

/** Which of the given site, contact and platform do not belong to the client, in one query. */
export async function refsOutsideClient(
  db: Db,
  clientId: string,
  refs: ClientRecordRefs,
): Promise<(keyof ClientRecordRefs)[]> {
  const given = (Object.keys(refTables) as (keyof ClientRecordRefs)[]).filter((path) => refs[path]);
  if (!given.length) return [];
  const res = await db.execute(
    sql`SELECT ${sql.join(
      given.map(
        (path) =>
          sql`EXISTS (SELECT 1 FROM ${refTables[path]} WHERE id = ${refs[path]}::uuid AND client_id = ${clientId}::uuid) AS ${sql.identifier(path)}`,
      ),
      sql`, `,
    )}`,
  );
  const row = rowsOf<Record<string, boolean>>(res)[0]!;
  return given.filter((path) => !row[path]);
}
