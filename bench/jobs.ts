// Jobs and email figures on the backend named by TEST_DB (pglite | postgresql):
// jobs per second through the queue, the delay from commit to SMTP receipt (p50/p95), and from
// commit to an SSE client (p50/p95).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { queueEmail } from '../src/server/modules/notifications/outbox.service.ts';
import { seedDemo } from '../src/server/demo/seed.ts';
import { publishEvent } from '../src/server/modules/notifications/events.service.ts';
import { measureSseLatency, openEventStream } from '../src/server/modules/notifications/sse-client.ts';
import { createTestApp, loginAs, testBackend } from '../src/server/test/harness.ts';

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;

const arrivals = new Map<string, number>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, cb) {
    stream.resume();
    stream.on('end', () => {
      for (const r of session.envelope.rcptTo) arrivals.set(r.address, performance.now());
      cb();
    });
  },
});
const port = await new Promise<number>((r) =>
  smtp.listen(0, '127.0.0.1', () => r((smtp.server.address() as AddressInfo).port)),
);
const t = await createTestApp({
  seed: false,
  config: { smtpUrl: `smtp://127.0.0.1:${port}`, jobPollingSeconds: 0.5 },
});

// 1. Throughput: 500 jobs enqueued, each in its own transaction, then worked to the end.
const n = 500;
let done = 0;
await t.jobs.defineQueue('bench');
const allDone = new Promise<void>((resolve) => {
  void t.jobs.work('bench', async () => {
    done += 1;
    if (done === n) resolve();
  });
});
const t0 = performance.now();
for (let i = 0; i < n; i++) await t.database.db.transaction((tx) => t.jobs.enqueue(tx, 'bench', { i }));
const enqueued = performance.now();
await allDone;
const t1 = performance.now();
console.log(
  `[${testBackend}] file de tâches : ${n} tâches, mise en file ${((n / (enqueued - t0)) * 1000).toFixed(0)}/s, de bout en bout ${((n / (t1 - t0)) * 1000).toFixed(0)} tâches/s`,
);

// 2. Commit → SMTP receipt, one email at a time.
const delays: number[] = [];
for (let i = 0; i < 30; i++) {
  const to = `bench${i}@relais.test`;
  await t.database.db.transaction((tx) =>
    queueEmail(tx, t.jobs, {
      event: 'password-reset',
      to,
      idempotencyKey: `bench:${i}`,
      data: { user: { name: 'Banc' } },
    }),
  );
  const committed = performance.now();
  while (!arrivals.has(to)) await new Promise((r) => setTimeout(r, 5));
  delays.push(arrivals.get(to)! - committed);
}
delays.sort((a, b) => a - b);
console.log(
  `[${testBackend}] e-mail, validation → réception SMTP (30 envois) : p50 ${pct(delays, 50).toFixed(0)} ms · p95 ${pct(delays, 95).toFixed(0)} ms`,
);
// 3. Commit → event received by an SSE client over HTTP (a user-scoped event, as a notification).
await t.app.listen({ port: 0, host: '127.0.0.1' });
const { port: appPort } = t.app.server.address() as AddressInfo;
await seedDemo(t.database.db, { clientCount: 5 });
const user = await loginAs(t.app, 'commercial@relais.test');
const userId = (await user.get('/api/v1/auth/me')).json().user.id as string;
const stream = await openEventStream(`http://127.0.0.1:${appPort}/api/v1/events`, { cookie: user.cookie });
const sse = await measureSseLatency(
  stream,
  (i) =>
    t.database.db.transaction((tx) => publishEvent(tx, { type: 'bench.latency', payload: { i }, userId })),
  100,
);
stream.close();
console.log(
  `[${testBackend}] temps réel, validation → réception SSE (100 événements) : p50 ${pct(sse, 50).toFixed(1)} ms · p95 ${pct(sse, 95).toFixed(1)} ms`,
);
await t.close();
smtp.close();
process.exit(0);
