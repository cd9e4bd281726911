import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, PgBoss } from 'pg-boss';
import type { Database, Db } from './db.ts';

export type JobsOptions = {
  /** First retry delay in seconds (doubles each time, with jitter, capped at one hour). */
  retryDelaySeconds: number;
  /** How often an idle worker looks for jobs. */
  pollingIntervalSeconds: number;
};

export type JobHandler<T> = (data: T, meta: { id: string; retryCount: number }) => Promise<void>;

/**
 * The job queue (pg-boss) on the app's own database. Jobs are enqueued inside the transaction of
 * the change that causes them, so a rolled-back change leaves no job.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private readonly queues = new Set<string>();

  constructor(
    database: Database,
    private readonly options: JobsOptions,
  ) {
    this.boss =
      database.kind === 'pglite'
        ? new PgBoss({ db: fromPglite(database.pglite!), backend: 'pglite', schedule: true })
        : new PgBoss({ connectionString: database.url!, max: 4, schedule: true });
    this.boss.on('error', (err) => console.error('[jobs]', err));
  }

  async start(): Promise<void> {
    await this.boss.start();
  }

  /** Creates a queue with the retry policy: 8 attempts, 30 s × 2ⁿ with jitter, capped at 1 h. */
  async defineQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    await this.boss.createQueue(`${name}-dead`);
    await this.boss.createQueue(name, {
      retryLimit: 7,
      retryDelay: this.options.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: 3600,
      deadLetter: `${name}-dead`,
    });
    this.queues.add(name);
  }

  /** Enqueues a job in the caller's transaction; `key` makes a second identical job a no-op. */
  async enqueue(tx: Db, queue: string, data: object, key?: string): Promise<void> {
    await this.boss.send(queue, data, {
      db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql),
      ...(key ? { singletonKey: key } : {}),
    });
  }

  /** Runs `handler` for each job of `queue`; a thrown error is retried per the queue's policy. */
  async work<T extends object>(queue: string, handler: JobHandler<T>): Promise<void> {
    await this.boss.work<T>(
      queue,
      { pollingIntervalSeconds: this.options.pollingIntervalSeconds, includeMetadata: true },
      async (jobs) => {
        for (const job of jobs) await handler(job.data, { id: job.id, retryCount: job.retryCount });
      },
    );
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, close: true });
  }
}
