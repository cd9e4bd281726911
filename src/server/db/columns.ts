import { type AnyPgColumn, bigserial, customType, integer, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { UpdateDeleteAction } from 'drizzle-orm/pg-core';

/**
 * Column groups that many tables of `schema/` share. Each helper makes new column builders (a
 * builder belongs to one table), and each gives exactly the SQL the long form gave: the migrations
 * do not change (`npx drizzle-kit generate` finds nothing to do).
 */

/** An instant: `timestamp with time zone`. */
export const timestamptz = <N extends string>(name: N) => timestamp(name, { withTimezone: true });

/** The usual primary key: a uuid the database draws. */
export const uuidPk = () => uuid('id').primaryKey().defaultRandom();

/** The primary key of append-only logs: a bigint the database counts up. */
export const serialPk = () => bigserial('id', { mode: 'number' }).primaryKey();

/** The record a row is about, of any module: its type (`client`, `ticket`…) and id. */
export const entityRef = () => ({ entityType: text('entity_type'), entityId: text('entity_id') });

/** When the row was inserted, by the database's clock. */
export const createdAt = () => timestamptz('created_at').notNull().defaultNow();

/** When the row last changed (the services set it; the database's clock on insert). */
export const updatedAt = () => timestamptz('updated_at').notNull().defaultNow();

/** `createdAt` and `updatedAt`, for tables whose rows are edited. */
export const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

/** Optimistic concurrency: starts at 1, increased by every change (`infra/versioned.ts`). */
export const version = () => integer('version').notNull().default(1);

/** A required reference to the row this one belongs to; `onDelete` says what deleting it does. */
export const parentId = <N extends string>(
  name: N,
  parent: () => AnyPgColumn,
  onDelete: UpdateDeleteAction,
) => uuid(name).notNull().references(parent, { onDelete });

/** Binary content (logos, stored files), read back as a Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
