import { and, arrayContains, count, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { clientSegments, clients, partners, users } from '../../db/schema/index.ts';
import { expandWords } from '../search/search.service.ts';
import { type Db, likeContains } from '../../infra/db.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere as whereOfScope } from '../../policy/scope-sql.ts';

export type ClientRow = typeof clients.$inferSelect & {
  partnerName: string | null;
  segmentName: string | null;
};

const columns = { client: clients, partnerName: partners.name, segmentName: clientSegments.name };

/** The WHERE clause of a row scope: a partner sees only its clients. Required by every query. */
export const scopeWhere = (scope: RowScope) => whereOfScope(scope, { partner: clients.partnerId });

/** The filters of the client list (query string of `GET /clients`). */
export type ClientFilters = {
  q?: string | undefined;
  status?: string | undefined;
  partnerId?: string | undefined;
  segmentId?: string | undefined;
  tag?: string | undefined;
  department?: string | undefined;
  accountManagerId?: string | undefined;
};

/**
 * Beyond this many rows of one condition, its page is read by walking the name index (the matches
 * are then dense enough in name order); below, the matches are found by their own index and sorted.
 */
const sortedMatchesCap = 5000;

/**
 * What a list's text matches, as branches whose pages are united: the name or the city contains it,
 * it is the SIRET or SIREN, or each of its words (typos corrected) is in the name, city, postal
 * code, a contact or a site. The branches may overlap; together they hold every match.
 * - `ordered`: an index gives the rows in the list's order (the city itself, the identifiers);
 * - `bounded`: the matches are read by their index (trigrams, words) up to `sortedMatchesCap`, then
 *   sorted; only a condition with more matches than that walks the name index. A plain ORDER BY …
 *   LIMIT let PostgreSQL walk the name index testing each row, which costs the whole table when the
 *   matches sort late (a city of 1 669 clients out of 100k: 1.6 s; issue 16 item 4).
 */
async function textBranches(db: Db, q: string): Promise<{ where: SQL; bounded: boolean }[]> {
  const like = likeContains(q);
  const digits = q.replace(/\s/g, '');
  const folded = sql`f_unaccent(lower(${q.trim()}))`;
  const sameCity = sql`f_unaccent(lower(${clients.city})) = ${folded}`;
  // Typos too (« pharmcie lyon »): every word corrected against the vocabulary.
  const corrected = /\p{L}{3}/u.test(q) ? await expandWords(db, q, { everyWord: true }) : null;
  const branches = [
    { where: sql`f_unaccent(lower(${clients.name})) LIKE f_unaccent(lower(${like}))`, bounded: true },
    // The city itself (index clients_city_name_idx, migration 0024), then the cities containing it.
    { where: sameCity, bounded: false },
    { where: sql`${clients.city} ILIKE ${like} AND NOT (${sameCity})`, bounded: true },
  ];
  if (/^\d{14}$/.test(digits)) branches.push({ where: sql`${clients.siret} = ${digits}`, bounded: false });
  if (/^\d{9}$/.test(digits)) branches.push({ where: sql`${clients.siren} = ${digits}`, bounded: false });
  // Each word in the name, city, postal code, a contact or a site (migration 0015); the clients of
  // the city itself are the branch above (so a common city does not fill this one's cap).
  if (corrected)
    branches.push({
      where: sql`clients.search_doc @@ ${corrected}::tsquery AND (f_unaccent(lower(${clients.city})) IS DISTINCT FROM ${folded})`,
      bounded: true,
    });
  return branches;
}

/** The first `limit` ids in list order of the clients matching `where` (see `textBranches`). */
function pageOf(where: SQL, bounded: boolean, limit: number): SQL {
  const order = sql`ORDER BY ${clients.name}, ${clients.id} LIMIT ${limit}`;
  if (!bounded) return sql`(SELECT ${clients.id} FROM ${clients} WHERE ${where} ${order})`;
  // `m` stops at the cap; the walk runs only when `m` is full (a one-time filter), the sort only when not.
  return sql`(WITH m AS MATERIALIZED (SELECT ${clients.id}, ${clients.name} FROM ${clients} WHERE ${where} LIMIT ${sortedMatchesCap})
    (SELECT m.id FROM m WHERE (SELECT count(*) FROM m) < ${sortedMatchesCap} ORDER BY m.name, m.id LIMIT ${limit})
    UNION ALL
    (SELECT ${clients.id} FROM ${clients} WHERE (SELECT count(*) FROM m) >= ${sortedMatchesCap} AND ${where} ${order}))`;
}

export async function listClients(
  db: Db,
  scope: RowScope,
  f: ClientFilters & { after: [string, string] | null; limit: number },
): Promise<ClientRow[]> {
  const where: (SQL | undefined)[] = [scopeWhere(scope)];
  if (f.status) where.push(eq(clients.status, f.status));
  if (f.partnerId) where.push(eq(clients.partnerId, f.partnerId));
  if (f.segmentId) where.push(eq(clients.segmentId, f.segmentId));
  if (f.tag) where.push(arrayContains(clients.tags, [f.tag]));
  if (f.department) where.push(eq(clients.department, f.department));
  if (f.accountManagerId) where.push(eq(clients.accountManagerId, f.accountManagerId));
  if (f.after)
    where.push(
      sql`(${clients.name}, ${clients.id}) > (${f.after[0]}::text COLLATE "fr-FR", ${f.after[1]}::uuid)`,
    );
  if (f.q) {
    // One page per condition, each found its own way (its index, or the name order for a common
    // city), then the page of their union: one OR made PostgreSQL walk the name index testing
    // every row (0.7–1 s at 100k clients; issue 16 item 4).
    const rest = and(...where);
    const pages = (await textBranches(db, f.q)).map((b) => pageOf(and(b.where, rest)!, b.bounded, f.limit));
    where.push(sql`${clients.id} IN (${sql.join(pages, sql` UNION ALL `)})`);
  }
  const rows = await db
    .select(columns)
    .from(clients)
    .leftJoin(partners, eq(partners.id, clients.partnerId))
    .leftJoin(clientSegments, eq(clientSegments.id, clients.segmentId))
    .where(and(...where))
    .orderBy(clients.name, clients.id)
    .limit(f.limit);
  return rows.map((r) => ({ ...r.client, partnerName: r.partnerName, segmentName: r.segmentName }));
}

/** The users who manage at least one client of the scope, in French name order (list filter). */
export async function listAccountManagers(db: Db, scope: RowScope) {
  return db
    .selectDistinct({ id: users.id, name: sql<string>`${users.name} COLLATE "fr-FR"` })
    .from(users)
    .innerJoin(clients, eq(clients.accountManagerId, users.id))
    .where(scopeWhere(scope))
    .orderBy(sql`${users.name} COLLATE "fr-FR"`, users.id);
}

/** The partners owning at least one client of the scope, in French name order (list filter). */
export async function listClientPartners(db: Db, scope: RowScope) {
  return db
    .selectDistinct({ id: partners.id, name: sql<string>`${partners.name} COLLATE "fr-FR"` })
    .from(partners)
    .innerJoin(clients, eq(clients.partnerId, partners.id))
    .where(scopeWhere(scope))
    .orderBy(sql`${partners.name} COLLATE "fr-FR"`, partners.id);
}

/** Enabled internal users of these roles (the account managers one may choose), by French name. */
export async function listActiveInternalUsers(db: Db, roles: readonly string[]) {
  if (roles.length === 0) return [];
  return db
    .select({ id: users.id, name: sql<string>`${users.name} COLLATE "fr-FR"` })
    .from(users)
    .where(and(inArray(users.role, [...roles]), isNull(users.disabledAt), isNull(users.partnerId)))
    .orderBy(sql`${users.name} COLLATE "fr-FR"`, users.id);
}

/** Every partner, by French name (the partner field of the client forms). */
export async function listAllPartners(db: Db) {
  return db
    .select({ id: partners.id, name: sql<string>`${partners.name} COLLATE "fr-FR"` })
    .from(partners)
    .orderBy(sql`${partners.name} COLLATE "fr-FR"`, partners.id);
}

/** These clients (those that exist), locked for a change; scope is checked by the policy on each row. */
export async function findClientsForUpdate(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(clients)
    .where(inArray(clients.id, [...ids]))
    .for('update');
}

/** One client, or undefined; scope is checked by the policy on the row. */
export async function findClient(db: Db, id: string): Promise<ClientRow | undefined> {
  const [r] = await db
    .select(columns)
    .from(clients)
    .leftJoin(partners, eq(partners.id, clients.partnerId))
    .leftJoin(clientSegments, eq(clientSegments.id, clients.segmentId))
    .where(eq(clients.id, id));
  return r ? { ...r.client, partnerName: r.partnerName, segmentName: r.segmentName } : undefined;
}

export function findClientNames(db: Db, ids: readonly string[]) {
  return db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(inArray(clients.id, [...ids]));
}

export async function insertClient(db: Db, values: typeof clients.$inferInsert) {
  const [row] = await db.insert(clients).values(values).returning();
  return row!;
}

export async function updateClientRow(db: Db, id: string, values: Partial<typeof clients.$inferInsert>) {
  const [row] = await db.update(clients).set(values).where(eq(clients.id, id)).returning();
  return row!;
}

export async function deleteClientRow(db: Db, id: string) {
  await db.delete(clients).where(eq(clients.id, id));
}

export async function partnerExists(db: Db, id: string): Promise<boolean> {
  const [p] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, id));
  return Boolean(p);
}

/** An account manager must be an enabled internal user (not a partner's). */
/** An enabled user of the company (not of a partner), with the role the policy judges, or undefined. */
export async function activeInternalUser(
  db: Db,
  id: string,
): Promise<{ id: string; role: string } | undefined> {
  const [u] = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.disabledAt), isNull(users.partnerId)));
  return u;
}

export async function segmentExists(db: Db, id: string): Promise<boolean> {
  const [s] = await db
    .select({ id: clientSegments.id })
    .from(clientSegments)
    .where(eq(clientSegments.id, id));
  return Boolean(s);
}

/** Segments in French name order, with how many clients of the reader's `scope` use each. */
export async function listSegments(db: Db, scope: RowScope) {
  return db
    .select({
      id: clientSegments.id,
      name: clientSegments.name,
      createdAt: clientSegments.createdAt,
      clientCount: sql<number>`count(${clients.id})::int`,
    })
    .from(clientSegments)
    .leftJoin(clients, and(eq(clients.segmentId, clientSegments.id), scopeWhere(scope)))
    .groupBy(clientSegments.id)
    .orderBy(sql`${clientSegments.name} COLLATE "fr-FR"`);
}

export async function findSegment(db: Db, id: string) {
  const [s] = await db.select().from(clientSegments).where(eq(clientSegments.id, id));
  return s;
}

export async function findSegmentByName(db: Db, name: string) {
  const [s] = await db
    .select()
    .from(clientSegments)
    .where(sql`lower(${clientSegments.name}) = lower(${name})`);
  return s;
}

export async function countClientsInSegment(db: Db, id: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(clients).where(eq(clients.segmentId, id));
  return Number(r?.n ?? 0);
}

export async function insertSegment(db: Db, name: string) {
  const [row] = await db.insert(clientSegments).values({ name }).returning();
  return row!;
}

export async function renameSegment(db: Db, id: string, name: string) {
  const [row] = await db.update(clientSegments).set({ name }).where(eq(clientSegments.id, id)).returning();
  return row!;
}

export async function deleteSegment(db: Db, id: string) {
  await db.delete(clientSegments).where(eq(clientSegments.id, id));
}
