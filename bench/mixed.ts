// Mixed load (issue 16 item 2), PostgreSQL: Relais in a process of its own (as floor.ts starts it:
// rate limit out of the way, `info` logs) on a demo base plus BENCH_MIX_CLIENTS generated clients
// (20 000 by default, bench/dataset.ts). The mix, per 100 requests: 90 reads — the « Tous » queue
// (20), « Mes tickets » (10), queue counts (10), a client page (15), the client list (10), a global
// search by name with a typo (23), the map of 100k sites (2: a heavy page, opened now and then) — and 10 writes (ticket creation). Prints:
// - the Node and PostgreSQL CPU of each kind of request, alone (200 requests, 4 at a time);
// - requests per second at open-loop rates stepping up, with p50/p99, and the highest rate whose
//   p99 stays ≤ 50 ms (target 1 000 req/s on 2 cores). The load generator shares the machine.
// BENCH_DATABASE_URL keeps the dataset between runs. Nothing is asserted.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { caller, cpuMs } from './floor.ts';

const clientsWanted = Number(process.env.BENCH_MIX_CLIENTS ?? 20_000);
const stepSeconds = Number(process.env.BENCH_MIX_SECONDS ?? 6);
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;

const { adminUrl } = await import('../src/server/test/harness.ts');
const { openDatabase } = await import('../src/server/infra/db.ts');
const { seedDemo } = await import('../src/server/demo/seed.ts');
const { freePort } = await import('../e2e/server.ts');
const { generateDataset } = await import('./dataset.ts');
const { sql } = await import('drizzle-orm');

const kept = process.env.BENCH_DATABASE_URL;
const name = kept ? new URL(kept).pathname.slice(1) : `relais_bench_mixed_${process.pid}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
if (!exists) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
const u = new URL(adminUrl);
u.pathname = `/${name}`;
const url = kept ?? u.toString();
const children: ChildProcess[] = [];
const md5uuid = (i: number) => {
  const h = createHash('md5').update(`c${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};
try {
  const d = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  if (!exists) await seedDemo(d.db, { clientCount: 40 });
  const has = await d.db.execute(sql`SELECT 1 FROM clients WHERE id = ${md5uuid(clientsWanted)}::uuid`);
  if ((has as unknown as { rows: unknown[] }).rows.length === 0) await generateDataset(d.db, clientsWanted);
  // A demo client with its site and contact, for ticket creation; names for the search.
  const demo = (
    (await d.db.execute(sql`SELECT c.id::text AS client, s.id::text AS site, k.id::text AS contact
      FROM clients c JOIN sites s ON s.client_id = c.id JOIN contacts k ON k.client_id = c.id LIMIT 20`)) as unknown as {
      rows: { client: string; site: string; contact: string }[];
    }
  ).rows;
  const names = (
    (await d.db.execute(
      sql`SELECT name FROM clients WHERE id = ANY(${`{${Array.from({ length: 50 }, (_, i) => md5uuid(1 + i * 97)).join(',')}}`}::uuid[])`,
    )) as unknown as { rows: { name: string }[] }
  ).rows.map((r) => r.name.toLowerCase().slice(0, -1));
  // Ids the API accepts (RFC 9562: a version and a variant; the generator's md5 ids mostly are not).
  const clientIds = (
    (await d.db.execute(
      sql`SELECT id::text FROM clients WHERE id::text ~ '^.{14}[1-8].{4}[89ab]' ORDER BY md5(id::text) LIMIT 500`,
    )) as unknown as {
      rows: { id: string }[];
    }
  ).rows.map((r) => r.id);
  const openTickets = (
    (await d.db.execute(
      sql`SELECT count(*)::int AS n FROM tickets WHERE status NOT IN ('resolu', 'clos')`,
    )) as unknown as { rows: { n: number }[] }
  ).rows[0]!.n;
  await d.close();
  // Once with the workers, so that the job queues ticket creation sends to exist (the served
  // instance runs without workers, as floor.ts starts it).
  const { createTestApp } = await import('../src/server/test/harness.ts');
  await (await createTestApp({ databaseUrl: url, workers: true })).close();

  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/floor.ts', 'relais', url, String(port)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...(process.env.BENCH_MIX_PROFILE ? { NODE_OPTIONS: '--cpu-prof' } : {}) },
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const send = caller(agent);
  const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    send(port, method, path, headers, body);
  const login = await call(
    'POST',
    '/api/v1/auth/login',
    { 'content-type': 'application/json' },
    JSON.stringify({ email: 'support@relais.test', password: 'demo-relais-2026' }),
  );
  if (login.status !== 200) throw new Error(`login ${login.status}`);
  const headers = {
    cookie: String(login.headers['set-cookie']).split(';')[0]!,
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate, br',
    'x-relais-csrf': '1',
  };
  let k = 0;
  type Kind = { label: string; weight: number; run: () => Promise<number> };
  const get = (path: () => string) => () => call('GET', `/api/v1${path()}`, headers).then((r) => r.status);
  const kinds: Kind[] = [
    { label: 'file « Tous »', weight: 20, run: get(() => '/tickets?queue=all&limit=50') },
    { label: 'file « Mes tickets »', weight: 10, run: get(() => '/tickets?queue=mine&limit=50') },
    { label: 'compteurs des files', weight: 10, run: get(() => '/tickets/counts') },
    {
      label: 'fiche client',
      weight: 15,
      run: get(() => `/clients/${clientIds[k++ % clientIds.length]}`),
    },
    { label: 'liste des clients', weight: 10, run: get(() => '/clients?limit=50') },
    {
      label: 'recherche (nom approché)',
      weight: 23,
      run: get(() => `/search?q=${encodeURIComponent(names[k++ % names.length]!)}`),
    },
    { label: 'carte (points)', weight: 2, run: get(() => '/map/points') },
    {
      label: 'création de ticket',
      weight: 10,
      run: () => {
        const s = demo[k++ % demo.length]!;
        return call(
          'POST',
          '/api/v1/tickets',
          { ...headers, 'content-type': 'application/json' },
          JSON.stringify({
            clientId: s.client,
            siteId: s.site,
            contactId: s.contact,
            type: 'incident',
            priority: 'P3',
            subject: `Postes muets depuis la coupure (${k})`,
            description: 'Le client signale que les postes ne sonnent plus.',
            channel: 'telephone',
          }),
        ).then((r) => r.status);
      },
    },
  ];
  const check = (kind: Kind, status: number) => {
    if (status >= 300) throw new Error(`${kind.label} : ${status}`);
  };
  const backends = async () =>
    (
      await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])
    ).rows.map((r) => r.pid);
  const [l1, l5] = os.loadavg().map((x) => x.toFixed(1));
  console.log(
    `[postgresql] charge mixte : ${clientsWanted.toLocaleString('fr-FR')} clients générés, ${openTickets} tickets ouverts · machine : ${os.cpus().length} cœurs, charge ${l1} / ${l5}`,
  );
  // CPU of each kind, alone.
  for (const kind of kinds) {
    const run = async (n: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next++ < n) check(kind, await kind.run());
        }),
      );
    };
    await run(40);
    const before = new Map((await backends()).map((pid) => [pid, cpuMs(pid)]));
    const node0 = cpuMs(child.pid!);
    await run(200);
    const node = (cpuMs(child.pid!) - node0) / 200;
    let db = 0;
    for (const pid of await backends()) db += cpuMs(pid) - (before.get(pid) ?? 0);
    console.log(
      `  ${kind.label.padEnd(26)} ×${String(kind.weight).padStart(2)} % : CPU Node ${node.toFixed(2)} ms · CPU PostgreSQL ${(db / 200).toFixed(2)} ms par requête`,
    );
  }
  // Open loop at rising rates.
  const deck = kinds.flatMap((kind) => Array.from({ length: kind.weight }, () => kind));
  let best = 0;
  let over = 0;
  for (const rate of [50, 100, 200, 300, 400, 600, 800, 1000, 1500, 2000]) {
    const total = rate * stepSeconds;
    const times: number[] = [];
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const kind = deck[(i * 37) % deck.length]!;
      pending.push(
        kind.run().then((status) => {
          check(kind, status);
          times.push(performance.now() - due);
        }),
      );
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    const p99 = pct(times, 99);
    console.log(
      `  ${String(rate).padStart(5)} req/s demandées : ${(total / elapsed).toFixed(0).padStart(5)} req/s servies · p50 ${pct(times, 50).toFixed(1)} ms · p99 ${p99.toFixed(1)} ms`,
    );
    if (p99 <= 50) best = Math.max(best, total / elapsed);
    else if (++over >= 2) break;
  }
  console.log(`[postgresql] charge mixte : ${best.toFixed(0)} req/s avec p99 ≤ 50 ms (cible 1 000)`);
  agent.destroy();
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
  );
  if (!kept) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
