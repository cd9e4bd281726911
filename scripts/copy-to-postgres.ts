// Copies an embedded (PGlite) Relais database into an empty PostgreSQL one, in one transaction:
//   DATA_DIR=./data DATABASE_URL=postgres://… node --import tsx scripts/copy-to-postgres.ts
// Stop Relais first: PGlite allows one process at a time.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import { databaseOptions, loadConfig } from '../src/server/infra/config.ts';
import { isEmpty, openDatabase } from '../src/server/infra/db.ts';

const config = loadConfig();
if (!config.databaseUrl) throw new Error('DATABASE_URL (la base PostgreSQL de destination) est obligatoire.');
const target = await openDatabase(databaseOptions(config));
if (!(await isEmpty(target.db))) throw new Error('La base PostgreSQL de destination doit être vide.');
await target.close();

const source = await PGlite.create(config.dataDir, { extensions: { pg_trgm, unaccent } });
const { rows: tables } = await source.query<{ name: string }>(
  `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'audit_policy' ORDER BY 1`,
);
const { rows: deps } = await source.query<{ child: string; parent: string }>(
  `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent FROM pg_constraint
   WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
);
// Parents before children.
const order: string[] = [];
const visit = (t: string, seen = new Set<string>()) => {
  if (order.includes(t) || seen.has(t)) return;
  seen.add(t);
  for (const d of deps.filter((x) => x.child === t && x.parent !== t)) visit(d.parent, seen);
  order.push(t);
};
for (const t of tables) visit(t.name);

// As the owner when there are two roles: resetting the sequences is the owner's right.
const client = new pg.Client({ connectionString: config.databaseOwnerUrl ?? config.databaseUrl });
await client.connect();
try {
  await client.query('BEGIN');
  for (const table of order) {
    const { rows } = await source.query<{ data: unknown[] }>(
      `SELECT coalesce(json_agg(t), '[]') AS data FROM "${table}" t`,
    );
    const data = rows[0]!.data;
    if (data.length === 0) continue;
    await client.query(
      `INSERT INTO "${table}" SELECT * FROM json_populate_recordset(null::"${table}", $1::json)`,
      [JSON.stringify(data)],
    );
    console.log(`${table} : ${data.length} ligne(s)`);
  }
  const { rows: seqs } = await client.query<{ tbl: string; col: string }>(
    `SELECT table_name AS tbl, column_name AS col FROM information_schema.columns
     WHERE table_schema = 'public' AND column_default LIKE 'nextval%'`,
  );
  for (const s of seqs) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('"${s.tbl}"', '${s.col}'), coalesce((SELECT max("${s.col}") FROM "${s.tbl}"), 0) + 1, false)`,
    );
  }
  await client.query('COMMIT');
  console.log('Copie terminée.');
} catch (err) {
  await client.query('ROLLBACK');
  throw err;
} finally {
  await client.end();
  await source.close();
}
