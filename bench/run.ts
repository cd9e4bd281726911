import { spawnSync } from 'node:child_process';
// `npm run bench`: prints the figures of the platform foundation (nothing is asserted).
// - cold start to the first 200 on /api/health, on an empty and on a populated embedded database
// - login latency (p50/p95) over HTTP
// - the login page's initial JS + CSS, gzip

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb, startServer } from '../e2e/server.ts';

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function coldStart(dataDir?: string) {
  const t0 = performance.now();
  const server = await startServer({
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
  });
  return { elapsed: performance.now() - t0, server };
}

async function main() {
  const dist = path.resolve('dist/web');
  if (!fs.existsSync(path.join(dist, '.vite/manifest.json'))) buildWeb();

  // 1. Cold starts. The first run migrates and seeds the demo dataset into an empty directory.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bench-'));
  const empty = await coldStart(dir);
  await stopKeep(empty.server);
  const populated = await coldStart(dir);
  console.log(
    `Démarrage à froid → premier 200 sur /api/health (PGlite, base vide + démo) : ${ms(empty.elapsed)}`,
  );
  console.log(
    `Démarrage à froid → premier 200 sur /api/health (PGlite, base peuplée)     : ${ms(populated.elapsed)}`,
  );

  // 2. Login latency, sequential, on the populated server.
  const url = populated.server.url;
  const times: number[] = [];
  for (let i = 0; i < 120; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'support@relais.test', password: 'demo-relais-2026' }),
    });
    if (res.status !== 200) throw new Error(`login ${res.status}`);
    await res.arrayBuffer();
    if (i >= 20) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `Connexion (POST /auth/login, argon2id m=19 Mio t=2, ${times.length} requêtes) : p50 ${ms(pct(times, 50))} · p95 ${ms(pct(times, 95))} · max ${ms(times.at(-1)!)}`,
  );
  await populated.server.stop();

  // 3. What the browser downloads to show the login page: entry + login route chunk, gzip.
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    { file: string; css?: string[]; imports?: string[]; isEntry?: boolean }
  >;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const c of chunk.css ?? []) files.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  visit(Object.keys(manifest).find((k) => k.endsWith('modules/auth/login-page.tsx'))!);
  let js = 0;
  let css = 0;
  for (const f of files) {
    const size = gzipSync(fs.readFileSync(path.join(dist, f))).length;
    if (f.endsWith('.css')) css += size;
    else js += size;
  }
  const kb = (n: number) => `${(n / 1024).toFixed(1)} Ko`;
  console.log(
    `Page de connexion, JS + CSS initiaux (gzip) : ${kb(js + css)} (JS ${kb(js)}, CSS ${kb(css)}) — budget 250 Ko`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

async function stopKeep(server: { process: import('node:child_process').ChildProcess }) {
  server.process.kill('SIGTERM');
  await new Promise((r) => server.process.once('exit', r));
}

await main();

// The login page's bytes on the wire: uncompressed (before) and pre-compressed gzip and brotli.
{
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/wire.ts'], { stdio: 'inherit' });
  if (res.status !== 0) console.log('mesure des octets de la page de connexion impossible');
}

// Time to rows visible on the main pages in Chromium, warm (issue 16 item 5).
{
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/pages.ts'], { stdio: 'inherit' });
  if (res.status !== 0) console.log('mesure des pages dans le navigateur impossible');
}

// JSON compression of big answers: bytes and server CPU, uncompressed beside brotli and gzip.
{
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/json-compress.ts'], {
    stdio: 'inherit',
  });
  if (res.status !== 0) console.log('mesure de la compression JSON impossible');
}

// The authenticated request floor (PostgreSQL): Node and PostgreSQL CPU per GET /auth/me, Relais
// beside a plain Fastify making the same two queries (issue 16 item 1).
{
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/floor.ts'], { stdio: 'inherit' });
  if (res.status !== 0) console.log('[postgresql] mesure du plancher impossible (base indisponible ?)');
}

// Mixed load (PostgreSQL): CPU of each kind of request, then req/s at p99 ≤ 50 ms (issue 16 item 2).
{
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/mixed.ts'], { stdio: 'inherit' });
  if (res.status !== 0)
    console.log('[postgresql] mesure de la charge mixte impossible (base indisponible ?)');
}

// Orders (issue 17): ADV board, order list, quote PDF, order creation on 100k orders (PostgreSQL).
{
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/orders.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: 'postgresql' },
  });
  if (res.status !== 0) console.log('[postgresql] mesures des commandes impossibles (base indisponible ?)');
}

// Jobs and email, on PGlite and (when a server answers) PostgreSQL.
for (const backend of ['pglite', 'postgresql']) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/jobs.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: backend },
  });
  if (res.status !== 0) console.log(`[${backend}] mesures des tâches impossibles (base indisponible ?)`);
}

// Emails across a crash: two instances on PostgreSQL, one killed mid-batch, three runs of 200 tickets.
{
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/mail-crash.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: 'postgresql' },
  });
  if (res.status !== 0) console.log('[postgresql] mesures des e-mails après un arrêt brutal impossibles');
}

// Global search and caller identification (100k clients; BENCH_BIG=1 adds 1M on PostgreSQL).
for (const backend of ['pglite', 'postgresql']) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/search.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: backend },
  });
  if (res.status !== 0) console.log(`[${backend}] mesures de la recherche impossibles (base indisponible ?)`);
}

// CSV import of 10 000 then 100 000 clients through HTTP (target ≤ 20 s for 100 000).
for (const backend of ['pglite', 'postgresql']) {
  const res = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/import.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: backend },
  });
  if (res.status !== 0) console.log(`[${backend}] mesures de l’import impossibles (base indisponible ?)`);
}

// Planning board: 50 technicians × 1 week, 1,000 interventions — board API, conflict check, Chromium render.
for (const backend of ['pglite', 'postgresql']) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/planning.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: backend },
  });
  if (res.status !== 0) console.log(`[${backend}] mesures du planning impossibles (base indisponible ?)`);
}

// SLA: 10,000 open tickets with clocks — recomputation after a policy change (≤ 2 s), summaries of a page.
for (const backend of ['pglite', 'postgresql']) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/sla.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: backend },
  });
  if (res.status !== 0) console.log(`[${backend}] mesures SLA impossibles (base indisponible ?)`);
}

// Tickets: 1M tickets on PostgreSQL (100k on PGlite; BENCH_TICKETS overrides) — queues' first page
// (≤ 20 ms p95), badge counts, creation (≤ 30 ms p95), SLA recomputation of the open ones (≤ 2 s / 10k).
for (const backend of ['pglite', 'postgresql']) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/tickets.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: backend },
  });
  if (res.status !== 0) console.log(`[${backend}] mesures des tickets impossibles (base indisponible ?)`);
}

// France map API: 100k sites + 10k open tickets — GET /map/points p50/p95 and payload size (raw, gzip).
for (const backend of ['pglite', 'postgresql']) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/map.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: backend },
  });
  if (res.status !== 0)
    console.log(`[${backend}] mesures de l’API de la carte impossibles (base indisponible ?)`);
}

// France map in Chromium: 100k sites + 10k open tickets — time to first render (≤ 1 s), frame times while panning.
{
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/map-render.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DB: 'postgresql' },
  });
  if (res.status !== 0)
    console.log('[postgresql] mesures de la carte dans le navigateur impossibles (base indisponible ?)');
}
