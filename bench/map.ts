// France map figures on the backend named by TEST_DB (pglite | postgresql): a generated dataset of
// 100k geocoded sites (2 per client, spread around 40 French towns, 2 % without coordinates, one in
// ten with a telephony platform) and 10k open tickets with their SLA clocks (ok / at risk /
// breached) plus today's interventions, then `GET /map/points` through HTTP as support (every
// layer) and as partner A (its own clients only): p50/p95 and the payload size, raw and gzip.
// BENCH_DATABASE_URL=postgres://…/relais_map_bench keeps the dataset for the next runs.
// `seedMapDataset` is also used by the web render bench.
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/server/infra/db.ts';
import { cities } from '../src/server/demo/data.ts';

const arr = (xs: readonly (string | number)[]) =>
  sql.raw(
    `(ARRAY[${xs.map((x) => (typeof x === 'number' ? String(x) : `'${x.replace(/'/g, "''")}'`)).join(',')}])`,
  );
const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

export type MapDatasetOptions = {
  /** Sites to create (2 per client). */
  sites?: number;
  /** Open tickets to create, each with a first-response and a resolution clock. */
  tickets?: number;
  /** Interventions planned today (Paris), default tickets / 10. */
  interventions?: number;
  /** "Now" for the SLA states and today's interventions (the app's clock). */
  now?: Date;
  batch?: number;
  log?: (s: string) => void;
};

/**
 * Fills the map's tables with set-based SQL (INSERT … SELECT generate_series, in batches): clients
 * spread over the existing segments and, one in four each, partners A and B (the two first
 * partners); 4 % inactive. Ids are md5-derived (`md5('ms' || i)` for sites…), so a second call is
 * refused by the primary keys rather than duplicating. Returns what was created.
 */
export async function seedMapDataset(db: Db, opts: MapDatasetOptions = {}) {
  const nSites = opts.sites ?? 100_000;
  const nTickets = opts.tickets ?? 10_000;
  const nInterventions = opts.interventions ?? Math.round(nTickets / 10);
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 50_000;
  const log = opts.log ?? (() => {});
  const nClients = Math.ceil(nSites / 2);

  let segmentIds = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT id::text AS id FROM client_segments ORDER BY name`),
  ).map((r) => r.id);
  if (segmentIds.length === 0)
    segmentIds = rowsOf<{ id: string }>(
      await db.execute(
        sql`INSERT INTO client_segments (name) VALUES ('Banc carte') RETURNING id::text AS id`,
      ),
    ).map((r) => r.id);
  const partnerIds = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT id::text AS id FROM partners ORDER BY created_at, name LIMIT 2`),
  ).map((r) => r.id);
  const segs = sql.raw(`(ARRAY[${segmentIds.map((s) => `'${s}'`).join(',')}]::uuid[])`);
  const parts = sql.raw(
    `(ARRAY[${[...partnerIds, null, null]
      .slice(0, 4)
      .map((p) => (p ? `'${p}'` : 'NULL'))
      .join(',')}]::uuid[])`,
  );
  const ns = segmentIds.length;
  const nc = cities.length;
  const cityNames = arr(cities.map((c) => c.name));
  const postal = arr(cities.map((c) => c.postalCode));
  const lats = sql.raw(`(ARRAY[${cities.map((c) => c.lat).join(',')}]::float8[])`);
  const lons = sql.raw(`(ARRAY[${cities.map((c) => c.lng).join(',')}]::float8[])`);
  // Deterministic jitter in [-0.5, 0.5) from a hash of a label and the row number.
  const jitter = (label: string, i: ReturnType<typeof sql.raw>) =>
    sql`((abs(hashtext(${label} || ${i})) % 10000) / 10000.0 - 0.5)`;

  for (let from = 1; from <= nClients; from += batch) {
    const to = Math.min(nClients, from + batch - 1);
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        INSERT INTO clients (id, name, status, segment_id, partner_id, postal_code, department, city)
        SELECT md5('mc' || i)::uuid, 'Client carte ' || i,
          CASE WHEN i % 25 = 0 THEN 'inactif' ELSE 'actif' END,
          ${segs}[1 + i % ${ns}], ${parts}[1 + i % 4],
          ${postal}[1 + i % ${nc}], left(${postal}[1 + i % ${nc}], 2), ${cityNames}[1 + i % ${nc}]
        FROM generate_series(${from}::int, ${to}::int) AS i`);
      // Site s = 2 (i - 1) + k + 1 of client i; one in 50 is not geocoded.
      await tx.execute(sql`
        INSERT INTO sites (id, client_id, name, address_line, postal_code, department, city,
          latitude, longitude, geocode_status, geocode_score, geocoded_at)
        SELECT md5('ms' || s)::uuid, md5('mc' || i)::uuid, CASE WHEN k = 0 THEN 'Siège' ELSE 'Agence' END,
          (s % 200 + 1) || ' rue de la République',
          ${postal}[1 + s % ${nc}], left(${postal}[1 + s % ${nc}], 2), ${cityNames}[1 + s % ${nc}],
          CASE WHEN s % 50 = 1 THEN NULL ELSE ${lats}[1 + s % ${nc}] + 0.4 * ${jitter('la', sql.raw('s'))} END,
          CASE WHEN s % 50 = 1 THEN NULL ELSE ${lons}[1 + s % ${nc}] + 0.6 * ${jitter('lo', sql.raw('s'))} END,
          CASE WHEN s % 50 = 1 THEN 'not_found' ELSE 'ok' END,
          CASE WHEN s % 50 = 1 THEN NULL ELSE 0.9 END,
          CASE WHEN s % 50 = 1 THEN NULL ELSE ${now.toISOString()}::timestamptz END
        FROM generate_series(${from}::int, ${to}::int) AS i, generate_series(0, 1) AS k,
          LATERAL (SELECT 2 * (i - 1) + k + 1 AS s) AS n
        WHERE 2 * (i - 1) + k + 1 <= ${nSites}`);
      await tx.execute(sql`
        INSERT INTO telephony_platforms (id, client_id, site_id, kind, provider, tenant_id)
        SELECT md5('mp' || s)::uuid, md5('mc' || ((s - 1) / 2 + 1))::uuid, md5('ms' || s)::uuid,
          ${arr(['centrex', 'ipbx', 'sip_trunk', 'teams'])}[1 + (s / 10) % 4], 'Centile', 'MAP-' || s
        FROM generate_series(${2 * from - 1}::int, ${Math.min(nSites, 2 * to)}::int) AS s WHERE s % 10 = 0`);
    });
    log(`  clients ${from}–${to} : ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  // Open tickets on active clients' sites (site j spread over the dataset), with both clocks:
  // one in ten breached, two in ten past the warning threshold, the rest within their deadlines.
  const nowIso = now.toISOString();
  const step = Math.max(1, Math.floor(nSites / Math.max(1, nTickets)));
  const statuses = arr(['ouvert', 'en_cours', 'en_attente_client', 'escalade']);
  for (let from = 1; from <= nTickets; from += batch) {
    const to = Math.min(nTickets, from + batch - 1);
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        INSERT INTO tickets (id, number, client_id, site_id, type, priority, status, channel, subject,
          created_at, updated_at)
        SELECT md5('mt' || j)::uuid, 'T-CARTE-' || lpad(j::text, 7, '0'),
          md5('mc' || ((s - 1) / 2 + 1))::uuid,
          CASE WHEN j % 7 = 0 THEN NULL ELSE md5('ms' || s)::uuid END,
          'incident', 'P' || (1 + j % 4), ${statuses}[1 + j % 4], 'telephone', 'Panne ligne ' || j,
          ${nowIso}::timestamptz - interval '3 hours', ${nowIso}::timestamptz - interval '3 hours'
        FROM generate_series(${from}::int, ${to}::int) AS j,
          LATERAL (SELECT 1 + ((j - 1) * ${step} + (j % 5)) % ${nSites} AS s0) AS a,
          -- skip inactive clients (i % 25 = 0) so every ticket counts on the map
          LATERAL (SELECT CASE WHEN ((s0 - 1) / 2 + 1) % 25 = 0 THEN 1 + s0 % ${nSites} ELSE s0 END AS s1) AS b,
          LATERAL (SELECT CASE WHEN ((s1 - 1) / 2 + 1) % 25 = 0 THEN 1 + s1 % ${nSites} ELSE s1 END AS s) AS c`);
      await tx.execute(sql`
        INSERT INTO ticket_sla_clocks (ticket_id, metric, target_seconds, segments, state, due_at, warn_at,
          breached_at)
        SELECT md5('mt' || j)::uuid, m, 14400,
          jsonb_build_array(jsonb_build_object('from', ${nowIso}::timestamptz - interval '3 hours', 'to', NULL)),
          CASE WHEN j % 10 = 0 AND m = 'resolution' THEN 'breached' ELSE 'running' END,
          CASE WHEN j % 10 = 0 THEN ${nowIso}::timestamptz - interval '30 minutes'
               WHEN j % 10 IN (1, 2) THEN ${nowIso}::timestamptz + interval '20 minutes'
               ELSE ${nowIso}::timestamptz + interval '5 hours' END,
          CASE WHEN j % 10 = 0 THEN ${nowIso}::timestamptz - interval '1 hour'
               WHEN j % 10 IN (1, 2) THEN ${nowIso}::timestamptz - interval '10 minutes'
               ELSE ${nowIso}::timestamptz + interval '4 hours' END,
          CASE WHEN j % 10 = 0 AND m = 'resolution' THEN ${nowIso}::timestamptz - interval '30 minutes' END
        FROM generate_series(${from}::int, ${to}::int) AS j, unnest(ARRAY['first_response', 'resolution']) AS m`);
    });
  }
  log(`  ${nTickets} tickets ouverts`);

  // Today's interventions (Paris day of `now`), between 8:00 and 17:00, on tickets' sites.
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
  const iStatuses = arr(['planifiee', 'confirmee', 'en_route', 'sur_site', 'terminee']);
  const created = await db.execute(sql`
    INSERT INTO interventions (id, number, kind, client_id, site_id, title, status, planned_start, planned_minutes)
    SELECT md5('mi' || j)::uuid, 'I-CARTE-' || lpad(j::text, 6, '0'), 'sav', t.client_id, t.site_id,
      'Dépannage ' || j, ${iStatuses}[1 + j % 5],
      ((${day}::date + time '08:00' + (j % 18) * interval '30 minutes') AT TIME ZONE 'Europe/Paris'), 60
    FROM generate_series(1, ${nInterventions}::int) AS j
    JOIN tickets t ON t.id = md5('mt' || (1 + ((j * 7) % ${Math.max(1, nTickets)})))::uuid
    WHERE t.site_id IS NOT NULL
    RETURNING id`);
  const interventionCount = rowsOf(created).length;
  log(`  ${interventionCount} interventions du jour (${day})`);

  for (const table of [
    'clients',
    'sites',
    'telephony_platforms',
    'tickets',
    'ticket_sla_clocks',
    'interventions',
  ])
    await db.execute(sql.raw(`VACUUM ANALYZE ${table}`));
  return { clients: nClients, sites: nSites, tickets: nTickets, interventions: interventionCount };
}

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const size = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} Mo` : `${(n / 1024).toFixed(1)} Ko`;

async function main() {
  const pg = (await import('pg')).default;
  const { gzipSync } = await import('node:zlib');
  const { seedDemo } = await import('../src/server/demo/seed.ts');
  const { openDatabase } = await import('../src/server/infra/db.ts');
  const { adminUrl, createTestApp, loginAs, testBackend } = await import('../src/server/test/harness.ts');
  const tag = `[${testBackend}] carte`;
  const nSites = Number(process.env.BENCH_MAP_SITES ?? 100_000);
  const nTickets = Number(process.env.BENCH_MAP_TICKETS ?? 10_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 30);

  // BENCH_DATABASE_URL (PostgreSQL): keep the dataset in that database between runs.
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
  try {
    const db = t.database.db;
    const present = rowsOf(
      await db.execute(sql`SELECT 1 FROM sites WHERE id = md5('ms' || ${nSites})::uuid`),
    );
    if (present.length === 0) {
      const t0 = performance.now();
      const made = await seedMapDataset(db, {
        sites: nSites,
        tickets: nTickets,
        log: (s) => process.env.BENCH_VERBOSE && console.log(s),
      });
      console.log(
        `${tag} : ${made.sites.toLocaleString('fr-FR')} sites, ${made.tickets.toLocaleString('fr-FR')} tickets ouverts, ${made.interventions} interventions du jour générés en ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    } else console.log(`${tag} : jeu de données réutilisé (${keep})`);

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as import('node:net').AddressInfo;
    const base = `http://127.0.0.1:${address.port}`;
    const compressed = Boolean(
      (t.app as unknown as { hasPlugin(n: string): boolean }).hasPlugin?.('@fastify/compress'),
    );
    for (const [label, email] of [
      ['ADV, tous les calques', 'adv@relais.test'],
      ['support (sans planning)', 'support@relais.test'],
      ['partenaire A (ses clients)', 'partenaire@relais.test'],
    ] as const) {
      const who = await loginAs(t.app, email);
      const times: number[] = [];
      let body = '';
      for (let i = 0; i < rounds + 3; i++) {
        const s = performance.now();
        const res = await fetch(`${base}/api/v1/map/points`, {
          headers: { cookie: who.cookie, 'accept-encoding': 'identity' },
        });
        body = await res.text();
        if (res.status !== 200) throw new Error(`${res.status} ${body.slice(0, 300)}`);
        if (i >= 3) times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      const out = JSON.parse(body) as Record<string, { lat: unknown[] } | unknown[] | number | null>;
      const counts = ['technicians', 'sites', 'installations', 'tickets', 'interventions']
        .map((k) => {
          const v = out[k];
          const n = v === null ? null : Array.isArray(v) ? v.length : (v as { lat: unknown[] }).lat.length;
          return `${k} ${n === null ? '—' : n.toLocaleString('fr-FR')}`;
        })
        .join(', ');
      const raw = Buffer.byteLength(body);
      const gz0 = performance.now();
      const gz = gzipSync(body).length;
      const gzMs = performance.now() - gz0;
      console.log(
        `${tag} · GET /map/points · ${label.padEnd(27)} p50 ${ms(pct(times, 50))} · p95 ${ms(pct(times, 95))} (${times.length} requêtes) · ${size(raw)} brut · ${size(gz)} gzip (${ms(gzMs)})`,
      );
      console.log(`${tag}   points : ${counts} ; sites sans coordonnées ${out.sitesWithoutCoordinates}`);
    }
    // What the web page does: one request per layer (toggling a layer refetches that one only).
    const adv = await loginAs(t.app, 'adv@relais.test');
    const perLayer: string[] = [];
    for (const layer of ['technicians', 'sites', 'installations', 'tickets', 'interventions']) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < Math.max(5, Math.round(rounds / 2)) + 2; i++) {
        const s = performance.now();
        const res = await fetch(`${base}/api/v1/map/points?layers=${layer}`, {
          headers: { cookie: adv.cookie, 'accept-encoding': 'identity' },
        });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${res.status} ${body.slice(0, 300)}`);
        if (i >= 2) times.push(performance.now() - s);
        bytes = Buffer.byteLength(body);
      }
      times.sort((a, b) => a - b);
      perLayer.push(`${layer} p50 ${ms(pct(times, 50))} / p95 ${ms(pct(times, 95))} (${size(bytes)})`);
    }
    console.log(`${tag} · un calque par requête (ADV) : ${perLayer.join(' · ')}`);
    console.log(
      compressed
        ? `${tag} : l’application compresse ses réponses (@fastify/compress).`
        : `${tag} : l’application ne compresse pas (pas de @fastify/compress) : la taille gzip est ce qu’enverrait un proxy inverse.`,
    );
  } finally {
    await t.close();
  }
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) await main();
