import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import * as schema from '../db/schema/index.ts';
import { migrationLock, prepareAsOwner, setAuditRetention } from './db-roles.ts';

type Schema = typeof schema;
/** A Drizzle database or transaction, whichever the backend. Services take this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type Database = {
  kind: 'pglite' | 'postgresql';
  db: Db;
  /** The connection string on PostgreSQL. */
  url?: string;
  /** The PGlite instance in embedded mode (one per process). */
  pglite?: PGlite;
  /** The pg Pool on PostgreSQL. */
  pool?: pg.Pool;
  /** PostgreSQL with two roles: the app runs as a least-privilege role, the owner migrated. */
  separateOwner?: boolean;
  close(): Promise<void>;
};

const here = path.dirname(fileURLToPath(import.meta.url));
/** Beside the sources (`src/server/db/migrations`), or copied beside the build (`dist/server/migrations`). */
const migrationsFolder = [path.join(here, '../db/migrations'), path.join(here, 'migrations')].find((dir) =>
  fs.existsSync(dir),
)!;

/** PGlite needs every extension a migration creates to be loaded at start. */
export const pgliteExtensions = { pg_trgm, unaccent };

/**
 * Opens the database: embedded PGlite in `dataDir` when no URL is given (or `memory://` for tests),
 * PostgreSQL through a pg Pool otherwise; then runs the migrations. On PostgreSQL with `ownerUrl`
 * (another role than `databaseUrl`'s), the owner migrates and grants the runtime role its rights
 * (`db-roles.ts`); the pool connects as the runtime role.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  /** PostgreSQL: the role that owns the tables, used at start only (DATABASE_OWNER_URL). */
  ownerUrl?: string;
  dataDir: string;
  /** PGlite: start from this data directory dump (`dumpDataDir`) instead of an empty cluster. */
  loadDataDir?: Blob;
  /** How long security events are kept (AUDIT_RETENTION_DAYS), written by the owner. */
  auditRetentionDays?: number;
}): Promise<Database> {
  const retention = opts.auditRetentionDays;
  if (opts.databaseUrl) {
    // JIT compiles a query in ~15 ms: a loss on the short queries of an application (the map's
    // largest is 65 ms). Turned off for our connections only.
    // Connections stay open: a new one costs 18–51 ms of planning and catalogue loading on its
    // first statements, and the prepared statements (session lookup, rate limit) live in it.
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      options: '-c jit=off',
      idleTimeoutMillis: 0,
      keepAlive: true,
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const separateOwner = opts.ownerUrl !== undefined && opts.ownerUrl !== opts.databaseUrl;
    try {
      if (separateOwner) await prepareAsOwner(opts.ownerUrl!, pool, migratePostgres, retention);
      else await withMigrationLock(pool, retention);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return { kind: 'postgresql', db, url: opts.databaseUrl, pool, separateOwner, close: () => pool.end() };
  }
  if (!opts.dataDir.startsWith('memory://')) fs.mkdirSync(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create(opts.dataDir, {
    extensions: pgliteExtensions,
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  if (retention !== undefined) await setAuditRetention(pglite, retention);
  return { kind: 'pglite', db, pglite, close: () => pglite.close() };
}

/** The migrations, on the connection that holds the migration lock. */
async function migratePostgres(client: pg.Client | pg.PoolClient): Promise<void> {
  await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
}

/** Several instances may start at once on one PostgreSQL: migrations run under an advisory lock. */
async function withMigrationLock(pool: pg.Pool, retention: number | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${migrationLock})`);
    await migratePostgres(client);
    if (retention !== undefined) await setAuditRetention(client, retention);
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${migrationLock})`).catch(() => {});
    client.release();
  }
}

/**
 * The rows of a raw `db.execute(sql…)` result, typed by the caller: both drivers (node-postgres,
 * PGlite) answer `{ rows }`, but the shared `Db` type cannot say so.
 */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * A user's text inside a LIKE/ILIKE pattern, matched literally: `\\`, `%` and `_` escaped (`\\` is
 * PostgreSQL's default LIKE escape), so that `q=%` finds a percent sign, not every row.
 */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (m) => `\\${m}`);
/** LIKE pattern: rows containing `text`. */
export const likeContains = (text: string) => `%${likeLiteral(text)}%`;
/** LIKE pattern: rows starting with `text`. */
export const likeStartsWith = (text: string) => `${likeLiteral(text)}%`;

/** The PostgreSQL error of `e` (either driver, bare or wrapped by Drizzle), if it is one. */
export function databaseErrorOf(e: unknown): { code: string; message: string; detail?: string } | null {
  for (let err = e as { code?: unknown; cause?: unknown } | null | undefined, i = 0; err && i < 3; i++) {
    if (typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code)) {
      return err as { code: string; message: string; detail?: string };
    }
    err = err.cause as typeof err;
  }
  return null;
}

/** Whether the error is a unique-constraint violation (SQLSTATE 23505), from either driver. */
export function isUniqueViolation(e: unknown): boolean {
  return databaseErrorOf(e)?.code === '23505';
}

const preparedStatements = new WeakMap<Db, Map<string, unknown>>();
/**
 * A hot statement, prepared once per database under `name` (`build` ends with `.prepare(name)`):
 * Drizzle builds its SQL once, and on PostgreSQL each connection parses and plans it once.
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let byName = preparedStatements.get(db);
  if (!byName) {
    byName = new Map();
    preparedStatements.set(db, byName);
  }
  let statement = byName.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    byName.set(name, statement);
  }
  return statement;
}

/** Runs a raw query and returns its rows, typed by the caller. */
export async function selectRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

/** True when the database holds no user yet (first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  const rows = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM users`);
  return rowsOf<{ n: number }>(rows)[0]?.n === 0;
}
