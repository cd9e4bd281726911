// Order figures (issue 17) on the backend named by TEST_DB (postgresql by default in `npm run bench`):
// BENCH_ORDERS orders (100k on PostgreSQL, 10k on PGlite) of 10 lines each (1M lines) over
// BENCH_ORDER_CLIENTS generated clients, a fifth of them still in progress, spread over the stages
// (some late, some partner A's); then, through HTTP on a real app instance, p50/p95/p99 of the ADV
// board, the order list's first page (ADV and partner A), a quote's PDF, and creating an order of
// 20 lines. Targets (PostgreSQL, 100k orders, 1M lines): board and first page p95 ≤ 20 ms, quote
// PDF p95 ≤ 150 ms, creation of 20 lines p95 ≤ 30 ms. Nothing is asserted.
// PostgreSQL: a database `relais_bench_orders_<pid>` dropped at the end, or BENCH_DATABASE_URL
// (created, seeded and filled on the first run, reused afterwards, never dropped).
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { seedDemo } from '../src/server/demo/seed.ts';
import { clock } from '../src/server/infra/clock.ts';
import { type Db, openDatabase } from '../src/server/infra/db.ts';
import { adminUrl, createTestApp, loginAs, testBackend } from '../src/server/test/harness.ts';
import { generateDataset } from './dataset.ts';

const onPg = testBackend === 'postgresql';
const n = Number(process.env.BENCH_ORDERS ?? (onPg ? 100_000 : 10_000));
const linesPerOrder = 10;
const nClients = Number(process.env.BENCH_ORDER_CLIENTS ?? Math.max(1_000, Math.round(n / 5)));
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
const tag = `[${testBackend}] commandes`;
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

// A Tuesday, 10:30 in Paris.
clock.set(new Date('2026-11-24T09:30:00Z'));

let dropOwn: (() => Promise<void>) | undefined;
let url: string | undefined;
if (onPg) {
  url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const u = new URL(adminUrl);
    u.pathname = `/relais_bench_orders_${process.pid}`;
    url = u.toString();
  }
  const name = new URL(url).pathname.slice(1).replace(/"/g, '');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  if (!process.env.BENCH_DATABASE_URL)
    dropOwn = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  if (!exists.rowCount) {
    const d = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
    await seedDemo(d.db, { clientCount: 40 });
    await d.close();
  }
}

const t = await createTestApp({
  workers: false,
  config: { rateLimitPerMinute: 1_000_000 },
  ...(url ? { databaseUrl: url } : {}),
});
const db = t.database.db;

try {
  const present = await db.execute(
    sql`SELECT 1 FROM orders WHERE number = ${`CMD-2025-${String(n).padStart(6, '0')}`}`,
  );
  if (rowsOf(present).length === 0) {
    const t0 = performance.now();
    await generateOrders(db);
    console.log(
      `${tag} : ${n.toLocaleString('fr-FR')} commandes et ${(n * linesPerOrder).toLocaleString('fr-FR')} lignes sur ${nClients.toLocaleString('fr-FR')} clients générées en ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } else console.log(`${tag} : jeu de ${n.toLocaleString('fr-FR')} commandes réutilisé`);
  await measure();
} finally {
  await t.close();
  await dropOwn?.();
}
process.exit(0);

/** Orders by INSERT … SELECT generate_series, reproducible (hashes of the row number). */
async function generateOrders(db: Db) {
  await db.execute(sql`
    CREATE OR REPLACE FUNCTION bench_uuid(s text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
      SELECT overlay(overlay(md5(s) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`);
  const hasClients = await db.execute(
    sql`SELECT 1 FROM clients WHERE id = md5('c' || ${nClients}::int)::uuid`,
  );
  if (rowsOf(hasClients).length === 0) await generateDataset(db, nClients);
  // Partner A gets one client in twenty.
  await db.execute(sql`
    UPDATE clients c SET partner_id = (SELECT partner_id FROM users WHERE email = 'partenaire@relais.test')
    FROM generate_series(1, ${nClients}::int) AS g(i)
    WHERE c.id = md5('c' || g.i)::uuid AND g.i % 20 = 0`);
  await db.execute(sql`
    CREATE TABLE IF NOT EXISTS bench_products AS
    SELECT row_number() OVER (ORDER BY reference)::int AS k, * FROM products WHERE active`);
  const np = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM bench_products`))[0]!
    .n;
  const adv = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT id::text FROM users WHERE email = 'adv@relais.test'`),
  )[0]!.id;
  const stages = sql.raw(
    `(ARRAY['saisie','validation','staging','expedition','livraison','installation','facturation'])`,
  );
  const batch = 20_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await db.transaction(async (tx) => {
      // Four in five are done; the others wait in a stage, for 0 to 19 days (some late).
      await tx.execute(sql`
        INSERT INTO orders (id, number, stage, stage_since, has_hardware, has_on_site_service, client_id,
          partner_id, one_off_cents, monthly_cents, created_by, created_at, updated_at)
        SELECT bench_uuid('o' || i), 'CMD-2025-' || lpad(i::text, 6, '0'),
          CASE WHEN i % 5 = 0 THEN ${stages}[1 + (i / 5) % 7] ELSE 'terminee' END,
          now() - ((i % 20) || ' days')::interval - ((i % 24) || ' hours')::interval,
          true, true, c.id, c.partner_id, 100000 + (i % 500) * 100, 5000 + (i % 40) * 100, ${adv}::uuid,
          now() - (((${n}::int - i) / 100) || ' days')::interval, now()
        FROM generate_series(${from}::int, ${to}::int) AS i
        JOIN clients c ON c.id = md5('c' || (1 + i % ${nClients}::int))::uuid`);
      await tx.execute(sql`
        INSERT INTO order_lines (order_id, position, product_id, reference, kind, on_site, label, quantity,
          unit, unit_price_cents, purchase_cost_cents, vat_rate_bp, billing_period, commitment_months)
        SELECT bench_uuid('o' || i), k, p.id, p.reference, p.kind, p.on_site, p.name, 1 + (i + k) % 5, p.unit,
          p.price_cents, p.purchase_cost_cents, p.vat_rate_bp, p.billing_period, p.commitment_months
        FROM generate_series(${from}::int, ${to}::int) AS i
        CROSS JOIN generate_series(0, ${linesPerOrder - 1}::int) AS k
        JOIN bench_products p ON p.k = 1 + (i * 7 + k * 3) % ${np}::int`);
      await tx.execute(sql`
        INSERT INTO order_stage_history (order_id, stage, entered_at)
        SELECT id, stage, stage_since FROM orders
        WHERE number BETWEEN ${`CMD-2025-${String(from).padStart(6, '0')}`} AND ${`CMD-2025-${String(to).padStart(6, '0')}`}`);
    });
  }
  await db.execute(sql`VACUUM ANALYZE orders`).catch(() => db.execute(sql`ANALYZE orders`));
  await db.execute(sql`VACUUM ANALYZE order_lines`).catch(() => db.execute(sql`ANALYZE order_lines`));
}

async function measure() {
  const stats = rowsOf<{ total: number; active: number; lines: number }>(
    await db.execute(sql`SELECT count(*)::int AS total,
      count(*) FILTER (WHERE stage NOT IN ('terminee', 'annulee'))::int AS active,
      (SELECT count(*)::int FROM order_lines) AS lines FROM orders`),
  )[0]!;
  console.log(
    `${tag} : ${stats.total.toLocaleString('fr-FR')} commandes (${stats.active.toLocaleString('fr-FR')} en cours), ${stats.lines.toLocaleString('fr-FR')} lignes`,
  );
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1`;
  const adv = await loginAs(t.app, 'adv@relais.test');
  const partner = await loginAs(t.app, 'partenaire@relais.test');
  const [l1, l5, l15] = os.loadavg().map((x) => x.toFixed(2));
  console.log(
    `${tag} : charge de la machine (1, 5, 15 min) ${l1}, ${l5}, ${l15} · ${os.cpus().length} cœurs · ${rounds} requêtes par mesure`,
  );
  const line = (label: string, times: number[], extra = '') => {
    times.sort((a, b) => a - b);
    console.log(
      `${tag} · ${label.padEnd(44)} p50 ${ms(pct(times, 50)).padStart(9)} · p95 ${ms(pct(times, 95)).padStart(9)} · p99 ${ms(pct(times, 99)).padStart(9)}${extra}`,
    );
  };
  async function get(label: string, cookie: string, path: string, target: number) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < rounds + 20; i++) {
      const s = performance.now();
      const r = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`${path} : ${r.status} ${Buffer.from(body).toString()}`);
      if (i >= 20) times.push(performance.now() - s);
      bytes = body.byteLength;
    }
    line(label, times, ` · ${(bytes / 1024).toFixed(0)} Kio (cible p95 ≤ ${target} ms)`);
  }
  await get('ADV, tableau des commandes', adv.cookie, '/orders/board', 20);
  await get('ADV, liste des commandes, 1re page', adv.cookie, '/orders?limit=50', 20);
  await get('ADV, liste filtrée « en retard »', adv.cookie, '/orders?late=true&limit=50', 20);
  await get('partenaire A, tableau', partner.cookie, '/orders/board', 20);
  await get('partenaire A, liste, 1re page', partner.cookie, '/orders?limit=50', 20);

  // A quote of 20 lines, and its PDF rendered each time (never cached).
  const refs = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT id::text FROM products WHERE active ORDER BY reference LIMIT 20`),
  );
  const client = rowsOf<{ id: string }>(
    // The API takes only real UUIDs: a demo client's (the generated ones have md5 ids).
    await db.execute(sql`SELECT id::text FROM clients
      WHERE siren IS NOT NULL AND id::text ~ '^.{14}[1-8].{4}[89ab]' ORDER BY name LIMIT 1`),
  )[0]!.id;
  const lines = refs.map((r, i) => ({ productId: r.id, quantity: 1 + (i % 4) }));
  const headers = { cookie: adv.cookie, 'x-relais-csrf': '1', 'content-type': 'application/json' };
  const quote = await fetch(`${base}/quotes`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ clientId: client, lines }),
  });
  const q = (await quote.json()) as { id: string };
  if (quote.status !== 201) throw new Error(`POST /quotes : ${quote.status} ${JSON.stringify(q)}`);
  {
    const times: number[] = [];
    for (let i = 0; i < Math.min(rounds, 100) + 10; i++) {
      const s = performance.now();
      const r = await fetch(`${base}/quotes/${q.id}/pdf`, { headers: { cookie: adv.cookie } });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`GET /quotes/:id/pdf : ${r.status}`);
      if (i >= 10) times.push(performance.now() - s);
    }
    line('ADV, PDF d’un devis de 20 lignes', times, ' (cible p95 ≤ 150 ms)');
  }
  {
    const times: number[] = [];
    for (let i = 0; i < rounds + 20; i++) {
      const s = performance.now();
      const r = await fetch(`${base}/orders`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ clientId: client, lines }),
      });
      const b = await r.json();
      if (r.status !== 201) throw new Error(`POST /orders : ${r.status} ${JSON.stringify(b)}`);
      if (i >= 20) times.push(performance.now() - s);
    }
    line('ADV, POST /orders (20 lignes)', times, ' (cible p95 ≤ 30 ms)');
  }
}
