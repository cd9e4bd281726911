import { and, eq, type InferSelectModel, sql } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { clock } from './clock.ts';
import type { Db } from './db.ts';
import { staleVersion } from './errors.ts';

/** A table with optimistic locking: an `id`, an integer `version` and an `updatedAt` stamp. */
type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Updates row `id` only while its version is still `version`, bumping the version (and `updatedAt`,
 * unless `values` sets it); otherwise throws the 409 `staleVersion(staleMessage)`: someone changed it
 * meanwhile. The check is in the UPDATE itself, so two concurrent edits cannot both pass it.
 */
export async function updateVersionedOrThrow<T extends VersionedTable>(
  tx: Db,
  table: T,
  id: string,
  version: number,
  values: PgUpdateSetSource<T>,
  staleMessage: string,
): Promise<InferSelectModel<T>> {
  const set = { updatedAt: clock.now(), ...values, version: sql`${table.version} + 1` };
  const rows = (await tx
    .update(table)
    .set(set as PgUpdateSetSource<T>)
    .where(and(eq(table.id, id), eq(table.version, version)))
    .returning()) as InferSelectModel<T>[];
  const [row] = rows;
  if (!row) throw staleVersion(staleMessage);
  return row;
}
