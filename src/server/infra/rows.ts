import { eq, type InferInsertModel, type InferSelectModel } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from './db.ts';

/** A table keyed by an `id` column. */
type IdTable = PgTable & { id: PgColumn };
type Row<T extends PgTable> = InferSelectModel<T>;

/**
 * The plain writes of a repo on one table keyed by `id`, so that each repo keeps only its own
 * queries: `insertRow` returns the row as stored, `updateRow` the row after the change (the caller
 * has checked that it exists), `deleteRow` nothing.
 */
export async function insertRow<T extends PgTable>(db: Db, table: T, values: InferInsertModel<T>) {
  const rows = await db
    .insert(table)
    .values(values as PgInsertValue<T>)
    .returning();
  return (rows as Row<T>[])[0]!;
}

export async function updateRow<T extends IdTable>(db: Db, table: T, id: string, set: PgUpdateSetSource<T>) {
  const rows = await db.update(table).set(set).where(eq(table.id, id)).returning();
  return (rows as Row<T>[])[0]!;
}

export async function deleteRow(db: Db, table: IdTable, id: string): Promise<void> {
  await db.delete(table).where(eq(table.id, id));
}
