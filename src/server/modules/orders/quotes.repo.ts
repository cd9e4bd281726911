import { and, asc, desc, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import type { QuoteStatus } from '../../../shared/quotes.ts';
import { documentCounters, quoteLines, quotes } from '../../db/schema/index.ts';
import { type Db, likeContains } from '../../infra/db.ts';
import { deleteRow, insertRow, updateRow } from '../../infra/rows.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere } from '../../policy/scope-sql.ts';

export type QuoteBase = typeof quotes.$inferSelect;
export type QuoteLineRow = typeof quoteLines.$inferSelect;
export type QuoteLineValues = Omit<typeof quoteLines.$inferInsert, 'id' | 'quoteId' | 'position'>;
/** A version of a quote with its lines, in their order. */
export type QuoteRow = QuoteBase & { lines: QuoteLineRow[] };

/**
 * The next number of `kind` for `year`, counted in `document_counters`: the upsert locks the
 * counter's row until the caller's transaction ends, so two quotes never share a number and a
 * rolled-back one leaves no gap.
 */
export async function nextDocumentNumber(tx: Db, kind: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(documentCounters)
    .values({ kind, year, last: 1 })
    .onConflictDoUpdate({
      target: [documentCounters.kind, documentCounters.year],
      set: { last: sql`${documentCounters.last} + 1` },
    })
    .returning({ last: documentCounters.last });
  return row!.last;
}

/** The status as shown: a sent quote past its validity date (`today`, Paris) is « expiré ». */
export const shownStatusSql = (today: string): SQL<QuoteStatus> =>
  sql<QuoteStatus>`CASE WHEN ${quotes.status} = 'envoye' AND ${quotes.validUntil} < ${today}::date THEN 'expire' ELSE ${quotes.status} END`;

export async function findQuote(db: Db, id: string): Promise<QuoteRow | undefined> {
  const [row] = await db.select().from(quotes).where(eq(quotes.id, id));
  if (!row) return undefined;
  const lines = await db
    .select()
    .from(quoteLines)
    .where(eq(quoteLines.quoteId, id))
    .orderBy(asc(quoteLines.position));
  return { ...row, lines };
}

/** The quote whose acceptance link carries the token of this hash. */
export async function findQuoteIdByTokenHash(db: Db, hash: string): Promise<string | undefined> {
  const [row] = await db.select({ id: quotes.id }).from(quotes).where(eq(quotes.publicTokenHash, hash));
  return row?.id;
}

/** The versions of a quote number, oldest first. */
export function listVersions(db: Db, number: string) {
  return db
    .select({ id: quotes.id, version: quotes.version, status: quotes.status, validUntil: quotes.validUntil })
    .from(quotes)
    .where(eq(quotes.number, number))
    .orderBy(asc(quotes.version));
}

export type QuoteListFilters = {
  q?: string | undefined;
  statuses?: readonly QuoteStatus[] | undefined;
  clientId?: string | undefined;
  today: string;
  after: [string, string] | null;
  limit: number;
};

/** The last version of each quote in the scope, newest first (keyset on creation time and id). */
export async function listQuotes(db: Db, scope: RowScope, f: QuoteListFilters) {
  const status = shownStatusSql(f.today);
  const where: (SQL | undefined)[] = [
    eq(quotes.latest, true),
    scopeWhere(scope, { partner: quotes.partnerId }),
  ];
  if (f.q) where.push(ilike(quotes.number, likeContains(f.q)));
  if (f.clientId) where.push(eq(quotes.clientId, f.clientId));
  if (f.statuses?.length) where.push(inArray(status, [...f.statuses]));
  if (f.after)
    where.push(sql`(${quotes.createdAt}, ${quotes.id}) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  return db
    .select({
      id: quotes.id,
      number: quotes.number,
      version: quotes.version,
      status,
      clientId: quotes.clientId,
      partnerId: quotes.partnerId,
      validUntil: quotes.validUntil,
      oneOffCents: quotes.oneOffCents,
      monthlyCents: quotes.monthlyCents,
      yearlyCents: quotes.yearlyCents,
      createdAt: quotes.createdAt,
      updatedAt: quotes.updatedAt,
    })
    .from(quotes)
    .where(and(...where))
    .orderBy(desc(quotes.createdAt), desc(quotes.id))
    .limit(f.limit + 1);
}
export type QuoteListRow = Awaited<ReturnType<typeof listQuotes>>[number];

/** Replaces the lines of a quote, in the order given. */
export async function replaceLines(
  db: Db,
  quoteId: string,
  lines: readonly QuoteLineValues[],
): Promise<void> {
  await db.delete(quoteLines).where(eq(quoteLines.quoteId, quoteId));
  if (lines.length > 0)
    await db.insert(quoteLines).values(lines.map((l, position) => ({ ...l, quoteId, position })));
}

/** Marks the versions of `number` as no longer the last (before inserting the next one). */
export async function retireVersions(db: Db, number: string): Promise<void> {
  await db.update(quotes).set({ latest: false }).where(eq(quotes.number, number));
}

export const insertQuote = (db: Db, values: typeof quotes.$inferInsert) => insertRow(db, quotes, values);
export const updateQuote = (db: Db, id: string, set: Partial<typeof quotes.$inferInsert>) =>
  updateRow(db, quotes, id, set);
export const deleteQuote = (db: Db, id: string) => deleteRow(db, quotes, id);

/** A version locked until the end of the transaction (a decision is taken once). */
export async function lockQuote(tx: Db, id: string): Promise<QuoteBase | undefined> {
  const [row] = await tx.select().from(quotes).where(eq(quotes.id, id)).for('update');
  return row;
}

/** Makes version `version` of `number` the last again (its draft successor was deleted). */
export async function restoreLatest(db: Db, number: string, version: number): Promise<void> {
  await db
    .update(quotes)
    .set({ latest: true })
    .where(and(eq(quotes.number, number), eq(quotes.version, version)));
}
