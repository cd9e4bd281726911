// Ticket figures on the backend named by TEST_DB (pglite | postgresql): a generated history of
// BENCH_TICKETS tickets (1M on PostgreSQL, 100k on PGlite; about 2.5 % of them open) over
// BENCH_TICKET_CLIENTS clients (n / 10 by default: bench/dataset.ts), partners, 31 support agents
// in 5 teams, with their SLA clocks; then, through HTTP on a real app instance, p50/p95/p99 of the
// queues' first page (as the UI asks: 50 rows, priority order), the queue badge counts, ticket
// creation, and the time `recomputeOpenClocks` takes over every open ticket after a policy change.
// Targets (issue 6, PostgreSQL, 1M tickets): first page p95 ≤ 20 ms, creation p95 ≤ 30 ms, SLA
// recomputation of 10k open tickets ≤ 2 s. Nothing is asserted.
// PostgreSQL: a database `relais_bench_tickets_<pid>` dropped at the end, or BENCH_DATABASE_URL
// (created, seeded and filled on the first run, reused as is afterwards, never dropped).
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { and, eq, isNull, sql } from 'drizzle-orm';
import pg from 'pg';
import { slaPolicies } from '../src/server/db/schema/index.ts';
import { seedDemo } from '../src/server/demo/seed.ts';
import { firstNames, lastNames } from '../src/server/demo/data.ts';
import { clock } from '../src/server/infra/clock.ts';
import { type Db, openDatabase } from '../src/server/infra/db.ts';
import { recomputeOpenClocks } from '../src/server/modules/tickets/sla.service.ts';
import { adminUrl, createTestApp, loginAs, testBackend } from '../src/server/test/harness.ts';
import { generateDataset } from './dataset.ts';

const onPg = testBackend === 'postgresql';
const n = Number(process.env.BENCH_TICKETS ?? (onPg ? 1_000_000 : 100_000));
const nClients = Number(process.env.BENCH_TICKET_CLIENTS ?? Math.max(1_000, Math.round(n / 10)));
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);
const tag = `[${testBackend}] tickets`;
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;
const verbose = (s: string) => process.env.BENCH_VERBOSE && console.log(s);

// A Monday, 10:30 in Paris: business hours, so business-time SLA clocks are running.
const NOW = new Date('2026-11-23T09:30:00Z');
clock.set(NOW);

// ---------------------------------------------------------------------------------------------------
// Database: BENCH_DATABASE_URL (kept), else a database of our own on PostgreSQL, else PGlite in memory.

let dropOwn: (() => Promise<void>) | undefined;
let url: string | undefined;
if (onPg) {
  url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const u = new URL(adminUrl);
    u.pathname = `/relais_bench_tickets_${process.pid}`;
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
  workers: true,
  config: { rateLimitPerMinute: 1_000_000, ...(process.env.BENCH_LOG ? { logLevel: 'error' } : {}) },
  ...(url ? { databaseUrl: url } : {}),
});
const db = t.database.db;

try {
  await benchUuid(db);
  const present = await db.execute(sql`SELECT 1 FROM tickets WHERE id = bench_uuid('t' || ${n}::int)`);
  if (rowsOf(present).length === 0) {
    const t0 = performance.now();
    await generateTickets(db);
    console.log(
      `${tag} : ${n.toLocaleString('fr-FR')} tickets sur ${nClients.toLocaleString('fr-FR')} clients générés en ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } else console.log(`${tag} : jeu de ${n.toLocaleString('fr-FR')} tickets réutilisé`);
  await measure();
} finally {
  await t.close();
  await dropOwn?.();
}
process.exit(0);

// ---------------------------------------------------------------------------------------------------
// Dataset: everything by INSERT … SELECT generate_series, deterministic (hashes of the row number).

/** Ticket ids: md5-derived (reproducible) with the version and variant bits of a valid UUID v4. */
async function benchUuid(db: Db) {
  await db.execute(sql`
    CREATE OR REPLACE FUNCTION bench_uuid(s text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
      SELECT overlay(overlay(md5(s) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`);
}

async function generateTickets(db: Db) {
  const t0 = performance.now();
  const lap = (what: string) => verbose(`  ${what} : ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // r(i, salt) ∈ [0, 1): a reproducible pseudo-random number per row and purpose.
  await db.execute(sql`
    CREATE OR REPLACE FUNCTION bench_r(i int, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
      SELECT (hashint4extended(i, salt) & 9007199254740991)::float8 / 9007199254740992.0 $$`);
  await benchUuid(db);

  const present = await db.execute(sql`SELECT 1 FROM clients WHERE id = md5('c' || ${nClients}::int)::uuid`);
  if (rowsOf(present).length === 0) await generateDataset(db, nClients, { log: verbose });
  lap(`${nClients} clients`);

  // Partners: the demo's A (5 % of the clients) and B (3 %), 22 more (22 %); 70 % are direct.
  const demoPartners = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT partner_id::text AS id FROM users
      WHERE email IN ('partenaire@relais.test', 'partenaire2@relais.test') ORDER BY email`),
  );
  const more = rowsOf<{ id: string }>(
    await db.execute(sql`
      INSERT INTO partners (name, email, city)
      SELECT 'Réseau Télécom ' || lpad(k::text, 2, '0'), 'contact' || k || '@reseau-telecom.fr', 'Lyon'
      FROM generate_series(1, 22) AS k RETURNING id::text`),
  );
  const partnerIds = [...demoPartners, ...more].map((p) => p.id);
  const partnerOf = sql.raw(`(ARRAY[${partnerIds.map((id) => `'${id}'::uuid`).join(',')}])`);
  await db.execute(sql`
    UPDATE clients c SET partner_id = CASE WHEN g.i % 100 < 5 THEN ${partnerOf}[1]
      WHEN g.i % 100 < 8 THEN ${partnerOf}[2] ELSE ${partnerOf}[3 + g.i % 100 - 8] END
    FROM generate_series(1, ${nClients}::int) AS g(i)
    WHERE c.id = md5('c' || g.i)::uuid AND g.i % 100 < 30`);
  lap('partenaires');

  // 30 support agents (plus the demo's support account) in 4 teams (plus the demo's « Support N1 »).
  const hash = rowsOf<{ h: string }>(
    await db.execute(sql`SELECT password_hash AS h FROM users WHERE email = 'support@relais.test'`),
  )[0]!.h;
  const first = sql.raw(`(ARRAY[${firstNames.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}])`);
  const last = sql.raw(`(ARRAY[${lastNames.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}])`);
  await db.execute(sql`
    INSERT INTO users (email, name, role, password_hash)
    SELECT 'agent' || lpad(k::text, 2, '0') || '@relais.test',
      ${first}[1 + k % ${firstNames.length}] || ' ' || ${last}[1 + (k * 7) % ${lastNames.length}], 'support', ${hash}
    FROM generate_series(1, 30) AS k`);
  await db.execute(sql`
    INSERT INTO teams (name, lead_user_id)
    SELECT x.name, (SELECT id FROM users WHERE email = 'agent' || lpad((x.k * 7)::text, 2, '0') || '@relais.test')
    FROM (VALUES (1, 'Support N2'), (2, 'Experts voix'), (3, 'Grands comptes'), (4, 'Déploiements')) AS x(k, name)`);
  await db.execute(sql`
    CREATE TABLE bench_agents AS
    SELECT 0 AS k, u.id AS user_id, (SELECT id FROM teams WHERE name = 'Support N1') AS team_id
      FROM users u WHERE u.email = 'support@relais.test'
    UNION ALL
    SELECT k, (SELECT id FROM users WHERE email = 'agent' || lpad(k::text, 2, '0') || '@relais.test'),
      (SELECT id FROM teams WHERE name = (ARRAY['Support N1', 'Support N2', 'Experts voix', 'Grands comptes', 'Déploiements'])[1 + k % 5])
    FROM generate_series(1, 30) AS k`);
  await db.execute(sql`
    INSERT INTO team_members (team_id, user_id) SELECT team_id, user_id FROM bench_agents WHERE k > 0
    ON CONFLICT DO NOTHING`);
  await db.execute(sql`ALTER TABLE bench_agents ADD PRIMARY KEY (k)`);

  // Each client's first site, first contact and platform, by client number.
  await db.execute(sql`
    CREATE TABLE bench_refs AS
    SELECT i AS k, md5('c' || i)::uuid AS client_id,
      (SELECT s.id FROM sites s WHERE s.client_id = md5('c' || i)::uuid ORDER BY s.id LIMIT 1) AS site_id,
      (SELECT p.id FROM contacts p WHERE p.client_id = md5('c' || i)::uuid ORDER BY p.id LIMIT 1) AS contact_id,
      CASE WHEN i % 20 = 0 THEN md5('p' || i)::uuid END AS platform_id
    FROM generate_series(1, ${nClients}::int) AS i`);
  await db.execute(sql`ALTER TABLE bench_refs ADD PRIMARY KEY (k)`);
  lap('agents, équipes, références');

  // The default SLA policies of the demo, by priority.
  const policies = await db
    .select()
    .from(slaPolicies)
    .where(and(isNull(slaPolicies.contractId), isNull(slaPolicies.ticketType), eq(slaPolicies.active, true)));
  const pol = sql.join(
    ['P1', 'P2', 'P3', 'P4'].map((p) => {
      const x = policies.find((q) => q.priority === p)!;
      return sql`(${p}, ${x.id}::uuid, ${x.firstResponseMinutes * 60}::int, ${x.resolutionMinutes * 60}::int)`;
    }),
    sql`, `,
  );
  const base = Number(
    rowsOf<{ n: string }>(await db.execute(sql`SELECT nextval('ticket_number_seq') AS n`))[0]!.n,
  );
  const nowIso = NOW.toISOString();
  const iso = (col: string) => sql.raw(`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

  const batch = 100_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    const tb = performance.now();
    await db.transaction(async (tx) => {
      // Three years of history, the newest last; open: 90 % of the last 2 days, 60 % up to 2 weeks,
      // 15 % up to 2 months, 1 % older (forgotten ones) — about 2.5 % in all.
      await tx.execute(sql`
        INSERT INTO tickets (id, number, client_id, site_id, contact_id, platform_id, type, priority, status,
          channel, subject, description, assignee_id, team_id, escalation_level, created_by,
          first_response_at, resolved_at, closed_at, version, created_at, updated_at)
        SELECT bench_uuid('t' || i),
          'T-' || to_char(x.created_at AT TIME ZONE 'Europe/Paris', 'YYYY') || '-' || lpad((${base} + i)::text, greatest(6, length((${base} + i)::text)), '0'),
          r.client_id, r.site_id, CASE WHEN bench_r(i, 7) < 0.85 THEN r.contact_id END, r.platform_id,
          x.type, x.priority, x.status, x.channel,
          (ARRAY['Standard injoignable depuis ce matin', 'Postes Yealink qui redémarrent en boucle',
            'Ajout de trois lignes SDA', 'Message d’accueil à changer pour les congés',
            'Migration vers la téléphonie Teams', 'Casque DECT défectueux à remplacer',
            'Coupures pendant les appels sortants', 'Renvoi d’appel vers mobile ne fonctionne plus',
            'Création d’un groupement d’appels commercial', 'Base DECT hors service au 2e étage',
            'Qualité audio dégradée sur les appels entrants', 'Trunk SIP en erreur 503',
            'Demande de portabilité de numéros', 'Fax to mail ne reçoit plus rien'])[1 + i % 14]
            || ' — ' || r.k,
          'Signalé par le client le ' || to_char(x.created_at AT TIME ZONE 'Europe/Paris', 'DD/MM/YYYY à HH24:MI') || '.',
          CASE WHEN x.open AND bench_r(i, 8) < 0.2 THEN NULL ELSE a.user_id END,
          a.team_id,
          CASE WHEN x.status = 'escalade' THEN 1 + i % 2 WHEN bench_r(i, 9) < 0.04 THEN 1 ELSE 0 END,
          a.user_id,
          x.first_response_at, x.resolved_at,
          CASE WHEN x.status = 'clos' THEN least(x.resolved_at + interval '3 days', ${nowIso}::timestamptz) END,
          CASE WHEN x.open THEN 2 ELSE 4 END,
          x.created_at,
          coalesce(CASE WHEN x.status = 'clos' THEN least(x.resolved_at + interval '3 days', ${nowIso}::timestamptz) END,
            x.resolved_at, x.first_response_at, x.created_at)
        FROM generate_series(${from}::int, ${to}::int) AS i
        CROSS JOIN LATERAL (
          SELECT ${nowIso}::timestamptz - (${n}::int - i) * interval '1095 days' / ${n}::int
            - bench_r(i, 1) * interval '2 hours' AS created_at,
            ((${n}::int - i) * 1095.0 / ${n}::int) AS age) AS d
        CROSS JOIN LATERAL (
          SELECT bench_r(i, 2) < CASE WHEN d.age < 2 THEN 0.9 WHEN d.age < 14 THEN 0.6
            WHEN d.age < 60 THEN 0.15 ELSE 0.01 END AS open) AS o
        CROSS JOIN LATERAL (
          SELECT o.open, d.created_at,
            CASE WHEN o.open THEN (ARRAY['ouvert', 'en_cours', 'en_cours', 'en_attente_client', 'escalade'])[1 + floor(bench_r(i, 3) * 5)::int]
              WHEN d.age < 7 AND bench_r(i, 3) < 0.5 THEN 'resolu' ELSE 'clos' END AS status,
            CASE WHEN bench_r(i, 4) < 0.04 THEN 'P1' WHEN bench_r(i, 4) < 0.22 THEN 'P2'
              WHEN bench_r(i, 4) < 0.75 THEN 'P3' ELSE 'P4' END AS priority,
            CASE WHEN bench_r(i, 5) < 0.55 THEN 'incident' WHEN bench_r(i, 5) < 0.85 THEN 'demande'
              WHEN bench_r(i, 5) < 0.9 THEN 'projet' ELSE 'sav' END AS type,
            CASE WHEN bench_r(i, 6) < 0.5 THEN 'telephone' WHEN bench_r(i, 6) < 0.75 THEN 'email'
              WHEN bench_r(i, 6) < 0.95 THEN 'portail' ELSE 'api' END AS channel
        ) AS x0
        CROSS JOIN LATERAL (
          SELECT x0.*,
            CASE WHEN x0.status <> 'ouvert'
              THEN least(x0.created_at + bench_r(i, 10) * interval '6 hours', ${nowIso}::timestamptz) END AS first_response_at,
            CASE WHEN NOT x0.open
              THEN least(x0.created_at + interval '1 hour' + bench_r(i, 11) * interval '5 days', ${nowIso}::timestamptz) END AS resolved_at
        ) AS x
        JOIN bench_refs r ON r.k = 1 + floor(power(bench_r(i, 12), 1.3) * ${nClients}::int)::int
        JOIN bench_agents a ON a.k = floor(bench_r(i, 13) * 31)::int`);
      // Two clocks per ticket: stopped (met or breached) once answered / resolved, paused while
      // waiting for the client, running otherwise (deadlines computed below by the real code).
      await tx.execute(sql`
        INSERT INTO ticket_sla_clocks (ticket_id, metric, policy_id, target_seconds, segments, state,
          breached_at, stopped_at, updated_at)
        SELECT t.id, m.metric, p.id, m.target, jsonb_build_array(jsonb_build_object('from', ${iso('t.created_at')},
            'to', CASE WHEN m.stop IS NOT NULL THEN ${iso('m.stop')}
              WHEN t.status = 'en_attente_client' THEN ${iso(`least(t.first_response_at + interval '30 minutes', '${nowIso}'::timestamptz)`)} END)),
          CASE WHEN m.stop IS NULL THEN CASE WHEN t.status = 'en_attente_client' AND m.metric = 'resolution' THEN 'paused' ELSE 'running' END
            WHEN m.stop - t.created_at > m.target * interval '1 second' THEN 'breached' ELSE 'met' END,
          CASE WHEN m.stop - t.created_at > m.target * interval '1 second' THEN t.created_at + m.target * interval '1 second' END,
          m.stop, coalesce(m.stop, t.updated_at)
        FROM tickets t
        JOIN (VALUES ${pol}) AS p(priority, id, fr, res) ON p.priority = t.priority
        CROSS JOIN LATERAL (VALUES ('first_response', p.fr, t.first_response_at),
          ('resolution', p.res, t.resolved_at)) AS m(metric, target, stop)
        WHERE t.id IN (SELECT bench_uuid('t' || i) FROM generate_series(${from}::int, ${to}::int) AS i)`);
    });
    verbose(`  tickets ${from}–${to} : ${((performance.now() - tb) / 1000).toFixed(1)} s`);
  }
  await db.execute(sql`SELECT setval('ticket_number_seq', ${base + n}::bigint)`);
  await db.execute(sql`DROP TABLE bench_refs`);
  await db.execute(sql`DROP TABLE bench_agents`);
  for (const table of ['tickets', 'ticket_sla_clocks', 'clients', 'users', 'teams', 'team_members'])
    await db.execute(sql.raw(`VACUUM ANALYZE ${table}`));
  lap('tickets et horloges');
  // Deadlines of the running clocks by the real code, then what the SLA scan would have done by now.
  const tr = performance.now();
  const initial = await recomputeOpenClocks(db, NOW);
  verbose(`  échéances initiales : ${initial} horloges en ${ms(performance.now() - tr)}`);
  await db.execute(sql`
    UPDATE ticket_sla_clocks SET state = 'breached', breached_at = due_at, warned_at = warn_at
    WHERE state = 'running' AND due_at <= ${nowIso}::timestamptz`);
  await db.execute(sql`
    UPDATE ticket_sla_clocks SET warned_at = warn_at
    WHERE state = 'running' AND warn_at <= ${nowIso}::timestamptz AND warned_at IS NULL`);
  await db.execute(sql`VACUUM ANALYZE ticket_sla_clocks`);
  lap('échéances SLA');
}

// ---------------------------------------------------------------------------------------------------
// Measures through HTTP.

async function measure() {
  const stats = rowsOf<Record<string, number>>(
    await db.execute(sql`SELECT count(*)::int AS total,
        count(*) FILTER (WHERE status NOT IN ('resolu', 'clos'))::int AS open FROM tickets`),
  )[0]!;
  console.log(
    `${tag} : ${stats.total!.toLocaleString('fr-FR')} tickets dont ${stats.open!.toLocaleString('fr-FR')} ouverts (${((100 * stats.open!) / stats.total!).toFixed(1)} %)`,
  );
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1`;
  const support = await loginAs(t.app, 'support@relais.test');
  const partner = await loginAs(t.app, 'partenaire@relais.test');
  const partnerId = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT partner_id::text AS id FROM users WHERE email = 'partenaire@relais.test'`),
  )[0]!.id;

  const [l1, l5, l15] = os.loadavg().map((x) => x.toFixed(2));
  console.log(
    `${tag} : charge de la machine (1, 5, 15 min) ${l1}, ${l5}, ${l15} · ${os.cpus().length} cœurs · ${rounds} requêtes par mesure`,
  );
  const line = (label: string, times: number[], extra = '') => {
    times.sort((a, b) => a - b);
    const s = `${tag} · ${label.padEnd(46)} p50 ${ms(pct(times, 50)).padStart(9)} · p95 ${ms(pct(times, 95)).padStart(9)} · p99 ${ms(pct(times, 99)).padStart(9)}${extra}`;
    console.log(s);
  };
  async function get(label: string, cookie: string, path: string, target?: number) {
    let size = 0;
    const times: number[] = [];
    for (let i = 0; i < rounds + 20; i++) {
      const s = performance.now();
      const r = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = (await r.json()) as { items?: unknown[] };
      if (r.status !== 200) throw new Error(`${path} : ${r.status} ${JSON.stringify(body)}`);
      if (i >= 20) times.push(performance.now() - s);
      size = body.items?.length ?? 0;
    }
    line(label, times, `${size ? ` · ${size} lignes` : ''}${target ? ` (cible p95 ≤ ${target} ms)` : ''}`);
  }

  await get('plancher : GET /auth/me', support.cookie, '/auth/me');
  for (const [queue, label] of [
    ['all', 'Tous'],
    ['mine', 'Mes tickets'],
    ['team', 'Mon équipe'],
    ['unassigned', 'Non attribués'],
    ['at_risk', 'Bientôt hors délai'],
    ['escalated', 'Escaladés'],
  ] as const)
    await get(`support, file « ${label} », 1re page`, support.cookie, `/tickets?queue=${queue}&limit=50`, 20);
  await get(
    'support, « Tous » filtré sur le partenaire A',
    support.cookie,
    `/tickets?queue=all&partnerId=${partnerId}&limit=50`,
    20,
  );
  await get('partenaire A, sa file « Tous », 1re page', partner.cookie, '/tickets?queue=all&limit=50', 20);
  await get('support, compteurs des files', support.cookie, '/tickets/counts');
  await get('partenaire A, compteurs', partner.cookie, '/tickets/counts');

  // Creation as the support agent on the phone: a client with its site and contact. The generated
  // clients have md5 ids, and the API accepts only real UUIDs (version and variant bits): those
  // that happen to be, and the demo's (half of them under a maintenance contract).
  const demo = rowsOf<{ client: string; site: string | null; contact: string | null }>(
    await db.execute(sql`
      SELECT c.id::text AS client,
        (SELECT s.id::text FROM sites s WHERE s.client_id = c.id ORDER BY s.id LIMIT 1) AS site,
        (SELECT p.id::text FROM contacts p WHERE p.client_id = c.id ORDER BY p.id LIMIT 1) AS contact
      FROM clients c WHERE c.id::text ~ '^.{14}[1-8].{4}[89ab]' ORDER BY c.id LIMIT ${rounds + 20}::int`),
  );
  const sample = Array.from({ length: rounds + 20 }, (_, i) => demo[i % demo.length]!);
  const times: number[] = [];
  for (const [i, s] of sample.entries()) {
    const t0 = performance.now();
    const r = await fetch(`${base}/tickets`, {
      method: 'POST',
      headers: { cookie: support.cookie, 'x-relais-csrf': '1', 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: s.client,
        siteId: s.site,
        contactId: s.contact,
        type: 'incident',
        priority: i % 5 === 0 ? 'P2' : 'P3',
        subject: `Postes muets depuis la coupure électrique (${i})`,
        description: 'Le client signale que les postes du rez-de-chaussée ne sonnent plus.',
        channel: 'telephone',
      }),
    });
    const b = await r.json();
    if (r.status !== 201) throw new Error(`POST /tickets : ${r.status} ${JSON.stringify(b)}`);
    if (i >= 20) times.push(performance.now() - t0);
  }
  line('support, POST /tickets (création complète)', times, ' (cible p95 ≤ 30 ms)');

  // SLA recomputation after a policy change, over every open ticket of the dataset (then undone).
  const open = rowsOf<{ n: number; clocks: number }>(
    await db.execute(sql`SELECT count(DISTINCT ticket_id)::int AS n, count(*)::int AS clocks FROM ticket_sla_clocks
      WHERE state IN ('running', 'breached') AND stopped_at IS NULL`),
  )[0]!;
  const [p2] = await db
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.priority, 'P2'), isNull(slaPolicies.contractId)));
  const recompute = async (minutes: number) => {
    await db.update(slaPolicies).set({ resolutionMinutes: minutes }).where(eq(slaPolicies.id, p2!.id));
    const t0 = performance.now();
    const changed = await recomputeOpenClocks(db, clock.now());
    return { changed, elapsed: performance.now() - t0 };
  };
  const a = await recompute(p2!.resolutionMinutes + 120);
  const b = await recompute(p2!.resolutionMinutes);
  const s = `${tag} · recalcul SLA après changement de politique : ${open.n.toLocaleString('fr-FR')} tickets ouverts (${open.clocks.toLocaleString('fr-FR')} horloges en cours) en ${ms(a.elapsed)} (${a.changed} modifiées), retour en ${ms(b.elapsed)} — soit ${ms((a.elapsed * 10_000) / open.n)} pour 10 000 (cible ≤ 2000 ms)`;
  console.log(s);
}
