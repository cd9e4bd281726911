import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testBackend } from '../test/harness.ts';
import { type Database, openDatabase } from './db.ts';
import { type JobOutcome, Jobs, PermanentJobError } from './jobs.ts';
import { createLogger } from './logger.ts';

/** The structured log of this file's queue: one JSON object per line, as on stdout. */
const logLines: Record<string, unknown>[] = [];
const logger = createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line)) });
const options = { retryDelaySeconds: 1, pollingIntervalSeconds: 0.5, logger };

async function until(fn: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const rows = async (db: Database['db'], q: ReturnType<typeof sql>) =>
  (await db.execute(q)) as unknown as { rows: Record<string, unknown>[] };

describe(`job queue (${testBackend})`, () => {
  let database: Database;
  let jobs: Jobs;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let url: string | undefined;
    if (testBackend === 'postgresql') ({ url, drop } = await createPostgresDatabase());
    database = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
    jobs = new Jobs(database, options);
    await jobs.start();
  });
  afterAll(async () => {
    await jobs.stop();
    await database.close();
    await drop?.();
  });

  it('enqueues in the caller’s transaction: rolled back → no job, committed → one, same key → one', async () => {
    await jobs.defineQueue('tx-test');
    await database.db
      .transaction(async (tx) => {
        await jobs.enqueue(tx, 'tx-test', { n: 1 }, 'k1');
        throw new Error('rollback');
      })
      .catch(() => {});
    const count = async () =>
      Number(
        (await rows(database.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'tx-test'`))
          .rows[0]!.n,
      );
    expect(await count()).toBe(0);
    await database.db.transaction((tx) => jobs.enqueue(tx, 'tx-test', { n: 2 }, 'k2'));
    await database.db.transaction((tx) => jobs.enqueue(tx, 'tx-test', { n: 3 }, 'k2'));
    expect(await count()).toBe(1);
  });

  it('retries a temporary failure, and sends a permanent one to dead letters without retrying; each failure is logged', async () => {
    await jobs.defineQueue('flaky');
    const outcomes: JobOutcome[] = [];
    const unobserve = jobs.observe((queue, outcome) => queue === 'flaky' && outcomes.push(outcome));
    const seen: { kind: string; retry: number }[] = [];
    const dead: string[] = [];
    await jobs.work<{ kind: string }>('flaky', async (data, meta) => {
      seen.push({ kind: data.kind, retry: meta.retryCount });
      if (data.kind === 'temporary' && meta.retryCount === 0) throw new Error('indisponible');
      if (data.kind === 'permanent') throw new PermanentJobError('adresse invalide');
    });
    await jobs.work<{ kind: string }>('flaky-dead', async (data) => {
      dead.push(data.kind);
    });
    await database.db.transaction(async (tx) => {
      await jobs.enqueue(tx, 'flaky', { kind: 'temporary' });
      await jobs.enqueue(tx, 'flaky', { kind: 'permanent' });
    });
    await until(() => seen.filter((s) => s.kind === 'temporary').length === 2 && dead.length === 1);
    expect(seen.filter((s) => s.kind === 'temporary').map((s) => s.retry)).toEqual([0, 1]);
    expect(seen.filter((s) => s.kind === 'permanent')).toHaveLength(1);
    expect(dead).toEqual(['permanent']);
    unobserve();
    expect(outcomes.sort()).toEqual(['completed', 'deadletter', 'failed']);
    const failures = logLines.filter((l) => l.queue === 'flaky');
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 50,
          component: 'jobs',
          msg: 'tâche en échec, nouvel essai prévu',
          final: false,
          retryCount: 0,
          err: expect.objectContaining({ message: 'indisponible' }),
        }),
        expect.objectContaining({
          level: 50,
          msg: 'tâche en échec définitif',
          final: true,
          err: expect.objectContaining({ type: 'PermanentJobError', message: 'adresse invalide' }),
        }),
      ]),
    );
    expect(failures).toHaveLength(2);
  });

  it('registers a recurring job with its cron in Paris time', async () => {
    await jobs.every('nightly-test', '30 3 * * *', async () => {});
    const { rows: r } = await rows(
      database.db,
      sql`SELECT cron, timezone FROM pgboss.schedule WHERE name = 'nightly-test'`,
    );
    expect(r).toEqual([{ cron: '30 3 * * *', timezone: 'Europe/Paris' }]);
  });

  it.skipIf(testBackend !== 'postgresql')(
    'two instances on one PostgreSQL database process 200 jobs once each',
    async () => {
      const other = await openDatabase({ databaseUrl: database.url, dataDir: 'memory://' });
      const otherJobs = new Jobs(other, options);
      await otherJobs.start();
      try {
        const runs = new Map<number, string[]>();
        const handler = (instance: string) => async (data: { i: number }) => {
          runs.set(data.i, [...(runs.get(data.i) ?? []), instance]);
          await new Promise((r) => setTimeout(r, 2));
        };
        await jobs.defineQueue('twin');
        await otherJobs.defineQueue('twin');
        await jobs.work('twin', handler('A'));
        await otherJobs.work('twin', handler('B'));
        for (let i = 0; i < 200; i++) {
          const enqueuer = i % 2 ? jobs : otherJobs;
          const db = i % 2 ? database.db : other.db;
          await db.transaction((tx) => enqueuer.enqueue(tx, 'twin', { i }));
        }
        await until(() => runs.size === 200);
        await new Promise((r) => setTimeout(r, 1500)); // a double run would show up by now
        expect([...runs.values()].every((r) => r.length === 1)).toBe(true);
        const byInstance = [...runs.values()].flat();
        console.log(
          `200 tâches : ${byInstance.filter((x) => x === 'A').length} sur A, ${byInstance.filter((x) => x === 'B').length} sur B`,
        );
      } finally {
        await otherJobs.stop();
        await other.close();
      }
    },
  );
});
