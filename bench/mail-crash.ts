// Emails across a crash (issue 14 item 7), on PostgreSQL: two app instances started as real
// processes share one database and one SMTP receiver; 200 tickets are created through the API (each
// sends its acknowledgment to the client's contact: one email per ticket), one instance is killed
// (SIGKILL) while it is sending, and the outbox is awaited until every message is sent. Per run it
// prints: sent, lost (never received), doubled (received twice or more), flagged « possibly sent
// twice » in the outbox, the killed instance's messages `sending` and SMTP transactions cut, and the
// time from the kill to an empty outbox.
//
// `BENCH_RUNS` (3), `BENCH_TICKETS` (200), `BENCH_DRAIN_MINUTES` (25: the old 15-minute expiry fits),
// `BENCH_SERVER_DIR`: a server bundle to run (default: this tree, built into dist/mail-crash-server).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../e2e/server.ts';
import { seedDemo, demoPassword } from '../src/server/demo/seed.ts';
import { openDatabase } from '../src/server/infra/db.ts';
import { createPostgresDatabase } from '../src/server/test/harness.ts';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const ticketCount = Number(process.env.BENCH_TICKETS ?? 200);
const drainMs = Number(process.env.BENCH_DRAIN_MINUTES ?? 25) * 60_000;
const serverDir = path.resolve(process.env.BENCH_SERVER_DIR ?? 'dist/mail-crash-server');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!process.env.BENCH_SERVER_DIR) {
  const res = spawnSync(process.execPath, ['scripts/build-server.mjs', serverDir], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error('server build failed');
}

// Real SMTP receivers (one per instance, so that the cut transactions are known to be the killed
// instance's) that take some time, as a real one does: 40 ms before accepting the recipient, 40 ms
// after the data before answering 250. A transaction is open from MAIL FROM to that 250: those of
// the killed instance open at the kill are cut. A message counts as received once its data arrived
// in full (a server may deliver a message whose client died before reading the 250).
const received = new Map<string, number>();
const open = { a: new Set<string>(), b: new Set<string>() };
const receiver = (tag: 'a' | 'b') =>
  new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(_address, session, cb) {
      open[tag].add(session.id);
      cb();
    },
    onRcptTo(_address, _session, cb) {
      setTimeout(() => cb(), 40);
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
      stream.on('end', () => {
        const key = /^X-Relais-Key: (.+)$/m.exec(raw)?.[1]?.trim() ?? '?';
        received.set(key, (received.get(key) ?? 0) + 1);
        setTimeout(() => {
          open[tag].delete(session.id);
          cb();
        }, 40);
      });
    },
    onClose(session) {
      open[tag].delete(session.id);
    },
  });
const smtp = { a: receiver('a'), b: receiver('b') };
// A killed client resets its connections: expected here.
for (const server of Object.values(smtp)) server.on('error', () => {});
const listen = (server: SMTPServer) =>
  new Promise<number>((r) =>
    server.listen(0, '127.0.0.1', () => r((server.server.address() as AddressInfo).port)),
  );
const smtpPort = { a: await listen(smtp.a), b: await listen(smtp.b) };

// One migrated and seeded database, copied for each run.
const template = await createPostgresDatabase();
{
  const database = await openDatabase({ databaseUrl: template.url, dataDir: 'memory://' });
  await seedDemo(database.db, { clientCount: 20 });
  await database.close();
}
const toDrop = new Set<{ drop(): Promise<void> }>();
const templateName = new URL(template.url).pathname.slice(1);

type Instance = { url: string; child: ChildProcess; output: string[] };
const children = new Set<ChildProcess>();
// A failed run leaves no instance behind.
process.on('SIGTERM', () => process.exit(1));
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function startInstance(databaseUrl: string, tag: 'a' | 'b'): Promise<Instance> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(serverDir, 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DEMO_SEED: 'false',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort[tag]}`,
      WEB_DIST: '/nonexistent',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      RATE_LIMIT_PER_MINUTE: '100000',
      GEOCODER_URL: 'http://127.0.0.1:9',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${output.join('')}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`instance did not start: ${output.join('')}`);
    await sleep(100);
  }
  return { url, child, output };
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'support@relais.test', password: demoPassword }),
  });
  if (res.status !== 200) throw new Error(`login ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function stop(instance: Instance, signal: NodeJS.Signals) {
  if (instance.child.exitCode !== null) return;
  const exited = new Promise((r) => instance.child.once('exit', r));
  instance.child.kill(signal);
  await exited;
}

async function run(n: number) {
  const db = await createPostgresDatabase(templateName);
  toDrop.add(db);
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const [a, b] = [await startInstance(db.url, 'a'), await startInstance(db.url, 'b')];
  const target = (
    await sql.query(
      `SELECT c.id AS "clientId", ct.id AS "contactId" FROM clients c JOIN contacts ct ON ct.client_id = c.id
       WHERE c.partner_id IS NULL AND ct.email ~ '^[a-z.]+@[a-z]+(-[a-z]+)*[.]test$' ORDER BY c.id, ct.id LIMIT 1`,
    )
  ).rows[0] as { clientId: string; contactId: string };
  const cookies = [await login(a.url), await login(b.url)];
  received.clear();

  // 200 tickets, four at a time, alternately through each instance.
  const t0 = performance.now();
  let next = 0;
  let aAlive = true;
  const create = async () => {
    while (next < ticketCount) {
      const i = next++;
      for (;;) {
        const k = i % 2 === 0 && aAlive ? 0 : 1;
        const res = await fetch(`${[a, b][k]!.url}/api/v1/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: cookies[k]!, 'x-relais-csrf': '1' },
          body: JSON.stringify({
            clientId: target.clientId,
            contactId: target.contactId,
            type: 'incident',
            subject: `Panne ${n}-${i}`,
            description: 'Ligne coupée depuis ce matin.',
          }),
        }).catch(() => null); // a request to A as it dies goes to B
        if (res?.status === 201) break;
        if (res) throw new Error(`ticket ${res.status} ${await res.text()}`);
      }
    }
  };
  const creating = Promise.all([create(), create(), create(), create()]);

  // Kill instance A mid-batch: after a third of the emails arrived, while A is in an SMTP transaction.
  const killBy = Date.now() + 120_000;
  for (;;) {
    const total = [...received.values()].reduce((s, x) => s + x, 0);
    if ((total >= ticketCount / 3 && open.a.size > 0) || Date.now() > killBy) break;
    await sleep(5);
  }
  const openAtKill = open.a.size;
  aAlive = false;
  a.child.kill('SIGKILL');
  await new Promise((r) => a.child.once('exit', r));
  const killedAt = performance.now();
  // The killed instance's sends: `sending` at the kill and still 5 s later (the survivor's end in ms).
  const sendingIds = async () =>
    new Set(
      (
        await sql.query(
          `SELECT id FROM outbound_messages WHERE status = 'sending' AND event = 'ticket.created'`,
        )
      ).rows.map((r: { id: string }) => r.id),
    );
  const sendingNow = await sendingIds();
  await creating;
  await sleep(Math.max(0, 5000 - (performance.now() - killedAt)));
  const stillSending = await sendingIds();
  const sendingAtKill = [...sendingNow].filter((id) => stillSending.has(id)).length;

  // Wait until every message of this run is sent (or dead), or the limit.
  // The killed instance's jobs are picked up when the queue fails them for a retry.
  let pending = 0;
  let pickedUp: number | undefined;
  const deadline = Date.now() + drainMs;
  for (;;) {
    if (pickedUp === undefined) {
      const { rows } = await sql.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email' AND (state = 'retry' OR retry_count > 0)`,
      );
      if (rows[0].n > 0) pickedUp = performance.now();
    }
    pending = (
      await sql.query(
        `SELECT count(*)::int AS n FROM outbound_messages WHERE status NOT IN ('sent', 'dead') AND event = 'ticket.created'`,
      )
    ).rows[0].n;
    if (pending === 0 || Date.now() > deadline) break;
    await sleep(1000);
  }
  const drained = performance.now();
  await sleep(3000); // a late resend would land now
  const rows = (
    await sql.query(
      `SELECT idempotency_key AS key, status FROM outbound_messages WHERE event = 'ticket.created'`,
    )
  ).rows as { key: string; status: string }[];
  let flagged: number | string = 'n/a (pas de colonne)';
  try {
    flagged = (
      await sql.query(
        `SELECT count(*)::int AS n FROM outbound_messages WHERE possibly_duplicated AND event = 'ticket.created'`,
      )
    ).rows[0].n;
  } catch {}
  const sent = rows.filter((r) => r.status === 'sent').length;
  const lost = rows.filter((r) => !received.has(r.key)).length;
  const doubled = rows.filter((r) => (received.get(r.key) ?? 0) > 1).length;
  console.log(
    `[postgresql] e-mails après un arrêt brutal, essai ${n} : ${rows.length} messages (tickets créés), ` +
      `envoyés ${sent}, perdus ${lost}, en double ${doubled}, signalés « peut-être envoyés deux fois » ${flagged}, ` +
      `« en cours d’envoi » par l’instance tuée ${sendingAtKill}, transactions SMTP coupées ${openAtKill}, ` +
      `arrêt → reprise de ses tâches ${pickedUp ? `${((pickedUp - killedAt) / 1000).toFixed(0)} s` : '—'}, ` +
      `arrêt → file vide ${((drained - killedAt) / 1000).toFixed(0)} s${pending ? ` (encore ${pending} en attente)` : ''}, ` +
      `tout compris ${((drained - t0) / 1000).toFixed(0)} s`,
  );
  await stop(b, 'SIGTERM');
  await sql.end();
  await db.drop();
  toDrop.delete(db);
}

try {
  for (let n = 1; n <= runs; n++) await run(n);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await sleep(500);
  for (const db of toDrop) await db.drop();
  await template.drop();
  smtp.a.close();
  smtp.b.close();
}
