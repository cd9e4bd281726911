import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './db.ts';

/**
 * Inserts many rows in ONE statement whose only parameter is the rows as JSON
 * (`INSERT … SELECT … FROM jsonb_to_recordset($1)`): building and parsing 5 000 rows costs a
 * JSON.stringify, where a multi-row VALUES list costs one bound parameter per cell. Columns no row
 * gives keep their default; rows must give the same keys (a key missing in one row is NULL there).
 * Nothing is returned: generate ids beforehand when other rows point at these.
 */
export async function insertMany<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  batchSize = 5000,
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) =>
    rows.some((r) => (r as Record<string, unknown>)[key] !== undefined),
  );
  const names = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
  const types = sql.raw(columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', '));
  for (let k = 0; k < rows.length; k += batchSize) {
    const json = JSON.stringify(
      rows.slice(k, k + batchSize).map((r) => {
        const out: Record<string, unknown> = {};
        for (const [key, c] of columns) out[c.name] = (r as Record<string, unknown>)[key] ?? null;
        return out;
      }),
    );
    await db.execute(
      sql`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset(${json}::jsonb) AS x(${types})`,
    );
  }
}
