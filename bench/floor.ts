// The authenticated request floor (issue 16 item 1), PostgreSQL: Node CPU and PostgreSQL CPU per
// `GET /api/v1/auth/me` of Relais, and beside it a plain Fastify answering the same request (same
// cookie, same headers) with two queries (the rate-limit upsert and the session + user lookup). Each
// server runs in a process of its own, at the `info` log level; the CPU comes from /proc (user +
// system time) of that process and of the database's backends. Nothing is asserted.
// BENCH_FLOOR_REQUESTS (default 4 000) requests, 4 at a time, after 1 000 of warm-up.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const mode = process.argv[2];
const requests = Number(process.env.BENCH_FLOOR_REQUESTS ?? 4_000);
const concurrency = 4;

// Run as a script (not imported by mixed.ts for `cpuMs`).
if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  if (mode === 'relais') await serveRelais(process.argv[3]!, Number(process.argv[4]));
  else if (mode === 'plain') await servePlain(process.argv[3]!, Number(process.argv[4]));
  else await main();
}

/** Relais as `npm start` builds it (modules, hooks, rate limit, helmet…) on the given database. */
async function serveRelais(url: string, port: number) {
  const { createTestApp } = await import('../src/server/test/harness.ts');
  const t = await createTestApp({
    databaseUrl: url,
    workers: false,
    config: { rateLimitPerMinute: 1_000_000_000, logLevel: 'info' },
  });
  await t.app.listen({ port, host: '127.0.0.1' });
  process.send?.('ready');
}

/** Plain Fastify: the same two statements a session request needs, nothing else. */
async function servePlain(url: string, port: number) {
  const { default: Fastify } = await import('fastify');
  const pool = new pg.Pool({ connectionString: url, max: 10, idleTimeoutMillis: 0, keepAlive: true });
  const app = Fastify({ logger: { level: 'info' } });
  app.get('/api/v1/auth/me', async (req, reply) => {
    const token = /relais_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
    const hash = createHash('sha256').update(token).digest('hex');
    const windowStart = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    await pool.query({
      name: 'plain_rate',
      text: `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1), ($3, $2, 1)
             ON CONFLICT (key) DO UPDATE SET hits = CASE WHEN rate_limits.window_start = excluded.window_start
             THEN rate_limits.hits + 1 ELSE 1 END, window_start = excluded.window_start RETURNING key, hits`,
      values: [`ip:${req.ip}`, windowStart, `credential:${hash}`],
    });
    const { rows } = await pool.query({
      name: 'plain_session',
      text: `SELECT s.id, s.expires_at, u.id AS user_id, u.email, u.name, u.role, u.partner_id
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
      values: [hash],
    });
    const u = rows[0];
    if (!u) return reply.status(401).send({ error: { code: 'unauthenticated' } });
    reply.header('cache-control', 'no-store');
    return { user: { id: u.user_id, email: u.email, name: u.name, role: u.role, partnerId: u.partner_id } };
  });
  await app.listen({ port, host: '127.0.0.1' });
  process.send?.('ready');
}

/** One HTTP request to 127.0.0.1 through `agent`, its body read and dropped. */
export const caller =
  (agent: http.Agent) =>
  (port: number, method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      });
      req.on('error', reject);
      req.end(body);
    });

/** utime + stime of a process, in milliseconds (0 when it is gone). */
export function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

async function main() {
  const { adminUrl } = await import('../src/server/test/harness.ts');
  const { openDatabase } = await import('../src/server/infra/db.ts');
  const { seedDemo } = await import('../src/server/demo/seed.ts');
  const { freePort } = await import('../e2e/server.ts');
  const name = `relais_bench_floor_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const children: ChildProcess[] = [];
  try {
    const d = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
    await seedDemo(d.db, { clientCount: 40 });
    await d.close();

    const start = async (kind: 'relais' | 'plain') => {
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/floor.ts', kind, url, String(port)], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
      });
      return { port, pid: child.pid! };
    };
    const relais = await start('relais');
    const plain = await start('plain');

    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const call = caller(agent);
    const login = await call(
      relais.port,
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ email: 'support@relais.test', password: 'demo-relais-2026' }),
    );
    if (login.status !== 200) throw new Error(`login ${login.status}`);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    // What a browser sends with an API call.
    const headers = {
      cookie,
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
      'accept-language': 'fr-FR,fr;q=0.9',
      'user-agent':
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      referer: 'http://127.0.0.1/clients',
      'x-relais-csrf': '1',
    };

    const backends = async () =>
      (
        await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])
      ).rows.map((r) => r.pid);
    type Result = { node: number; db: number; rps: number };
    const measure = async (server: { port: number; pid: number }): Promise<Result> => {
      const run = async (n: number) => {
        let next = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next++ < n) {
              const res = await call(server.port, 'GET', '/api/v1/auth/me', headers);
              if (res.status !== 200) throw new Error(`/auth/me ${res.status}`);
            }
          }),
        );
      };
      await run(1_000);
      const before = new Map((await backends()).map((pid) => [pid, cpuMs(pid)]));
      const node0 = cpuMs(server.pid);
      const t0 = performance.now();
      await run(requests);
      const elapsed = performance.now() - t0;
      const node = (cpuMs(server.pid) - node0) / requests;
      let db = 0;
      for (const pid of await backends()) db += cpuMs(pid) - (before.get(pid) ?? 0);
      return { node, db: db / requests, rps: (requests / elapsed) * 1000 };
    };
    // Alternate, twice each, and keep each one's best run: other jobs share the machine.
    const results = { relais: [] as Result[], plain: [] as Result[] };
    for (let i = 0; i < 2; i++) {
      results.relais.push(await measure(relais));
      results.plain.push(await measure(plain));
    }
    const best = (rs: Result[]) => rs.reduce((a, b) => (b.node + b.db < a.node + a.db ? b : a));
    const r = best(results.relais);
    const p = best(results.plain);
    const f = (x: number) => `${x.toFixed(3)} ms`;
    console.log(
      `[postgresql] plancher authentifié (GET /auth/me, ${requests} requêtes, ${concurrency} à la fois, journal info) :`,
    );
    console.log(
      `  Relais          : CPU Node ${f(r.node)} · CPU PostgreSQL ${f(r.db)} par requête (${r.rps.toFixed(0)} req/s)`,
    );
    console.log(
      `  Fastify simple  : CPU Node ${f(p.node)} · CPU PostgreSQL ${f(p.db)} par requête (${p.rps.toFixed(0)} req/s)`,
    );
    console.log(
      `  Rapport         : Node ${(r.node / p.node).toFixed(1)}× · PostgreSQL ${(r.db / p.db).toFixed(1)}× (cible : Node ≤ 2×)`,
    );
    agent.destroy();
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
    );
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
