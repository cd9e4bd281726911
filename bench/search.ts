// Global search and caller identification figures on the backend named by TEST_DB (pglite |
// postgresql): a generated dataset of BENCH_CLIENTS clients (100k by default; 1M with BENCH_BIG=1,
// PostgreSQL only), then p50/p95/p99 through HTTP of fuzzy names, exact phones, SIRET, SDA numbers.
// BENCH_DATABASE_URL=postgres://…/relais_bench keeps the dataset for the next runs.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { seedDemo } from '../src/server/demo/seed.ts';
import { openDatabase } from '../src/server/infra/db.ts';
import { adminUrl, createTestApp, loginAs, testBackend } from '../src/server/test/harness.ts';
import { benchContactMobile, benchSdaNumber, generateDataset } from './dataset.ts';

const big = process.env.BENCH_BIG === '1' && testBackend === 'postgresql';
const n = Number(process.env.BENCH_CLIENTS ?? (big ? 1_000_000 : 100_000));
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;

// BENCH_DATABASE_URL (PostgreSQL): keep the dataset in that database between runs (created,
// seeded and filled on the first run, reused as is afterwards).
const keep = testBackend === 'postgresql' ? process.env.BENCH_DATABASE_URL : undefined;
if (keep) {
  const name = new URL(keep).pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await admin.end();
  if (!exists.rowCount) {
    const db = await openDatabase({ databaseUrl: keep, dataDir: 'memory://' });
    await seedDemo(db.db, { clientCount: 40 });
    await db.close();
  }
}
const t = await createTestApp({
  workers: false,
  config: { rateLimitPerMinute: 1_000_000 },
  ...(keep ? { databaseUrl: keep } : {}),
});
const present = await t.database.db.execute(sql`SELECT 1 FROM clients WHERE id = ${md5uuid(n)}::uuid`);
if ((present as unknown as { rows: unknown[] }).rows.length === 0) {
  const t0 = performance.now();
  await generateDataset(t.database.db, n, { log: (s) => process.env.BENCH_VERBOSE && console.log(s) });
  const built = (performance.now() - t0) / 1000;
  console.log(
    `[${testBackend}] recherche : jeu de ${n.toLocaleString('fr-FR')} clients généré en ${built.toFixed(1)} s`,
  );
} else
  console.log(`[${testBackend}] recherche : jeu de ${n.toLocaleString('fr-FR')} clients réutilisé (${keep})`);

await t.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
// The support agent with a caller on the line (reads every client; no 2FA to replay on a kept base).
const agent = await loginAs(t.app, 'support@relais.test');

// Deterministic sample of clients (PRNG), read back from the database.
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const picks = Array.from({ length: rounds }, () => 1 + Math.floor(rand() * n));
const res = await t.database.db.execute(
  sql`SELECT id::text, name, siret, city FROM clients WHERE id = ANY(${`{${picks.map((i) => md5uuid(i)).join(',')}}`}::uuid[])`,
);
const byId = new Map(
  (res as unknown as { rows: { id: string; name: string; siret: string; city: string }[] }).rows.map((r) => [
    r.id,
    r,
  ]),
);

function md5uuid(i: number): string {
  const h = createHash('md5').update(`c${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Lower case, no accents, one letter dropped in the longest word: a realistic typo. */
function typo(name: string): string {
  const plain = name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = plain.split(' ');
  const w = words.reduce((a, b) => (b.length > a.length ? b : a));
  const at = 2 + Math.floor(rand() * (w.length - 3));
  return plain.replace(w, w.slice(0, at) + w.slice(at + 1));
}
const spaced = (e164: string) => `0${e164.slice(3)}`.replace(/(\d{2})(?=\d)/g, '$1 ');

async function measure(label: string, queries: string[], path = '/api/v1/search?q=') {
  for (const q of queries.slice(0, 20))
    await fetch(`${base}${path}${encodeURIComponent(q)}`, { headers: { cookie: agent.cookie } });
  const times: number[] = [];
  let found = 0;
  for (const q of queries) {
    const s = performance.now();
    const r = await fetch(`${base}${path}${encodeURIComponent(q)}`, { headers: { cookie: agent.cookie } });
    const body = await r.json();
    times.push(performance.now() - s);
    if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(body)}`);
    if ((body.total ?? body.clients?.length ?? body.items?.length ?? 0) > 0) found += 1;
  }
  times.sort((a, b) => a - b);
  console.log(
    `[${testBackend}] ${n.toLocaleString('fr-FR')} clients · ${label.padEnd(34)} p50 ${pct(times, 50).toFixed(1)} ms · p95 ${pct(times, 95).toFixed(1)} ms · p99 ${pct(times, 99).toFixed(1)} ms · trouvés ${found}/${queries.length}`,
  );
}

const sample = picks.map((i) => ({ i, row: byId.get(md5uuid(i))! }));
// The floor: an authenticated request that does nothing (session, rights, HTTP).
await measure(
  'plancher : GET /auth/me',
  sample.map(() => ''),
  '/api/v1/auth/me?',
);
await measure(
  'nom approché (accents, faute)',
  sample.map((s) => typo(s.row.name)),
);
await measure(
  'nom approché, clients seuls',
  sample.map((s) => typo(s.row.name)),
  '/api/v1/search?types=clients&q=',
);
if (process.env.BENCH_SOURCES)
  for (const type of ['contacts', 'sites'])
    await measure(
      `nom approché, ${type} seuls`,
      sample.map((s) => typo(s.row.name)),
      `/api/v1/search?types=${type}&q=`,
    );
await measure(
  'téléphone exact (06 … de contact)',
  sample.map((s) => spaced(benchContactMobile(s.i, 1))),
);
await measure(
  'SIRET (avec espaces)',
  sample.map((s) => s.row.siret.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 ')),
);
await measure(
  'identification d’appel (plage SDA)',
  sample.map((s) => benchSdaNumber(Math.max(20, Math.floor(s.i / 20) * 20))),
  '/api/v1/calls/lookup?number=',
);
// The client list's filter (GET /clients?q=, first page), as the list page asks it.
const cities = [...new Set(sample.map((s) => s.row.city))];
await measure(
  'liste clients ?q= nom approché',
  sample.map((s) => typo(s.row.name)),
  '/api/v1/clients?limit=50&q=',
);
await measure(
  'liste clients ?q= SIRET',
  sample.map((s) => s.row.siret),
  '/api/v1/clients?limit=50&q=',
);
await measure(
  'liste clients ?q= ville',
  sample.map((_, i) => cities[i % cities.length]!),
  '/api/v1/clients?limit=50&q=',
);

// Right after writes: a tenth more clients (contacts, sites) inserted without VACUUM, as an import
// leaves them (GIN indexes with a pending list make every search scan it); then removed again.
const extra = Math.round(n / 10);
const t1 = performance.now();
await generateDataset(t.database.db, n + extra, { start: n + 1, vacuum: false });
console.log(
  `[${testBackend}] ${extra.toLocaleString('fr-FR')} clients de plus écrits en ${((performance.now() - t1) / 1000).toFixed(1)} s, mesures sans VACUUM :`,
);
await measure(
  'après écriture : nom approché',
  sample.map((s) => typo(s.row.name)),
);
await measure(
  'après écriture : liste ?q= nom approché',
  sample.map((s) => typo(s.row.name)),
  '/api/v1/clients?limit=50&q=',
);
await t.database.db.execute(
  sql`DELETE FROM clients WHERE id IN (SELECT md5('c' || i)::uuid FROM generate_series(${n + 1}::int, ${n + extra}::int) AS i)`,
);
for (const table of ['clients', 'contacts', 'sites', 'telephony_platforms', 'number_ranges'])
  await t.database.db.execute(sql.raw(`VACUUM ANALYZE ${table}`));
await t.close();
