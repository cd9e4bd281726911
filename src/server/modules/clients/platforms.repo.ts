import { and, asc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import { clients, numberRanges, telephonyPlatforms } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { findRecordOfClient } from './records.repo.ts';

export type PlatformRow = typeof telephonyPlatforms.$inferSelect;
export type RangeRow = typeof numberRanges.$inferSelect;
export type RangeValues = Omit<typeof numberRanges.$inferInsert, 'platformId' | 'clientId'>;

/** Serialises SDA range writes so two concurrent changes cannot create overlapping ranges. */
const rangeLockKey = 4_780_901_200;

/** The platforms of one client (authorized by the caller), oldest first, and all their ranges. */
export async function listPlatformsOfClient(db: Db, clientId: string) {
  const platforms = await db
    .select()
    .from(telephonyPlatforms)
    .where(eq(telephonyPlatforms.clientId, clientId))
    .orderBy(asc(telephonyPlatforms.createdAt), asc(telephonyPlatforms.id));
  const ranges = await db.select().from(numberRanges).where(eq(numberRanges.clientId, clientId));
  return { platforms, ranges };
}

export const findPlatform = (db: Db, clientId: string, id: string) =>
  findRecordOfClient(db, telephonyPlatforms, clientId, id);

export async function listRangesOfPlatform(db: Db, platformId: string): Promise<RangeRow[]> {
  return db.select().from(numberRanges).where(eq(numberRanges.platformId, platformId));
}

/** Takes the transaction-level lock every SDA range write holds. */
export async function lockRanges(tx: Db) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${rangeLockKey})`);
}

/** A range of another platform (of any client) sharing a number with `r`, with its client. */
export async function findOverlappingRange(
  db: Db,
  r: { startNum: number; endNum: number },
  exceptPlatformId: string | null,
) {
  const [hit] = await db
    .select({ range: numberRanges, clientName: clients.name, partnerId: clients.partnerId })
    .from(numberRanges)
    .innerJoin(clients, eq(clients.id, numberRanges.clientId))
    .where(
      and(
        lte(numberRanges.startNum, r.endNum),
        gte(numberRanges.endNum, r.startNum),
        exceptPlatformId ? ne(numberRanges.platformId, exceptPlatformId) : undefined,
      ),
    )
    .limit(1);
  return hit;
}

/** The platform's ranges become `ranges`; returns them as stored. */
export async function replaceRanges(tx: Db, platformId: string, clientId: string, ranges: RangeValues[]) {
  await tx.delete(numberRanges).where(eq(numberRanges.platformId, platformId));
  if (ranges.length) {
    await tx.insert(numberRanges).values(ranges.map((r) => ({ ...r, platformId, clientId })));
  }
  return listRangesOfPlatform(tx, platformId);
}

export async function insertPlatform(db: Db, values: typeof telephonyPlatforms.$inferInsert) {
  const [row] = await db.insert(telephonyPlatforms).values(values).returning();
  return row!;
}

export async function updatePlatformRow(
  db: Db,
  id: string,
  values: Partial<typeof telephonyPlatforms.$inferInsert>,
) {
  const [row] = await db
    .update(telephonyPlatforms)
    .set(values)
    .where(eq(telephonyPlatforms.id, id))
    .returning();
  return row!;
}

export async function deletePlatformRow(db: Db, id: string) {
  await db.delete(telephonyPlatforms).where(eq(telephonyPlatforms.id, id));
}

/** A platform's kind and provider (the skills it requires), or undefined. */
export async function findPlatformKind(db: Db, id: string) {
  const [row] = await db
    .select({ kind: telephonyPlatforms.kind, provider: telephonyPlatforms.provider })
    .from(telephonyPlatforms)
    .where(eq(telephonyPlatforms.id, id));
  return row;
}
