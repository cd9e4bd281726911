import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, PgBoss } from 'pg-boss';
import type { Database, Db } from './db.ts';
import { type Logger, silentLogger } from './logger.ts';

export type JobsOptions = {
  /** First retry delay in seconds (doubles each time, with jitter, capped at one hour). */
  retryDelaySeconds: number;
  /** How often an idle worker looks for jobs. */
  pollingIntervalSeconds: number;
  /** The process's logger: every failed job is logged there (default: none, for tests). */
  logger?: Logger;
  /** How often this instance looks for dead workers' jobs (default: `supervision`; tests shorten it). */
  superviseIntervalSeconds?: number | undefined;
};

export type JobOutcome = 'completed' | 'failed' | 'deadletter';
/** Told of every job this process ran (metrics). */
export type JobObserver = (queue: string, outcome: JobOutcome, seconds: number) => void;

export type JobHandler<T> = (data: T, meta: { id: string; retryCount: number }) => Promise<void>;

/** Thrown by a handler for a failure that retrying cannot fix: the job goes to dead letters at once. */
export class PermanentJobError extends Error {}

/** Jobs fetched at once by a worker; a full batch makes it fetch again at once. */
const batchSize = 10;
/** Retries after the first attempt (8 attempts in all), then dead letters. */
const retryLimit = 7;

/** pg-boss's schema (its default), where the runtime role is granted its rights (`db-roles.ts`). */
export const jobQueueSchema = 'pgboss';

/**
 * Installs or upgrades the queue's tables as the owner role, which alone may change them: the
 * runtime role's instances then start without migrating (`migrate: false`) or reindexing.
 */
export async function installJobQueue(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerUrl,
    max: 1,
    schema: jobQueueSchema,
    supervise: false,
    schedule: false,
  });
  await boss.start();
  await boss.stop({ graceful: false, close: true });
}

/**
 * How often one instance looks for jobs whose worker died (heartbeat lost) or that ran past their
 * expiry, and fails them for a retry (pg-boss's default is 60 s).
 */
export const supervision = { superviseIntervalSeconds: 15, monitorIntervalSeconds: 15 };

/** Per-job options of `enqueue`. */
export type EnqueueOptions = {
  /** Not before this time. */
  startAfter?: Date;
  /** The job is failed (and retried) after this long running (pg-boss's default: 15 min). */
  expireInSeconds?: number;
  /** The worker refreshes the job every half of this; a job not refreshed this long (its process died) is failed and retried. */
  heartbeatSeconds?: number;
};

/**
 * The job queue (pg-boss) on the app's own database. Jobs are enqueued inside the transaction of
 * the change that causes them, so a rolled-back change leaves no job.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private readonly queues = new Set<string>();
  private readonly notify: boolean;
  private readonly log: Logger;
  private readonly observers = new Set<JobObserver>();
  private started = false;

  constructor(
    database: Database,
    private readonly options: JobsOptions,
  ) {
    const every = options.superviseIntervalSeconds;
    const supervise = every
      ? { superviseIntervalSeconds: every, monitorIntervalSeconds: every }
      : supervision;
    this.boss =
      database.kind === 'pglite'
        ? new PgBoss({ db: fromPglite(database.pglite!), backend: 'pglite', schedule: true, ...supervise })
        : // On PostgreSQL, LISTEN/NOTIFY wakes workers the moment a job commits (polling stays as a floor).
          new PgBoss({
            connectionString: database.url!,
            max: 4,
            schema: jobQueueSchema,
            schedule: true,
            useListenNotify: true,
            ...supervise,
            // Two roles: the owner installed the tables; the runtime role changes only rows.
            ...(database.separateOwner ? { migrate: false, createSchema: false, reindex: false } : {}),
          });
    this.notify = database.kind === 'postgresql';
    this.log = (options.logger ?? silentLogger).child({ component: 'jobs' });
    this.boss.on('error', (err) => this.log.error({ err }, 'file de tâches en erreur'));
  }

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
  }

  /** Whether the queue answers: started, and its tables reachable through its own connections. */
  async ready(): Promise<boolean> {
    return this.started && (await this.boss.isInstalled());
  }

  /** Job counts of every queue, across all instances (metrics). */
  async queueCounts(): Promise<{ name: string; queued: number; active: number; failed: number }[]> {
    const queues = await this.boss.getQueues();
    return queues.map((q) => ({
      name: q.name,
      queued: q.queuedCount,
      active: q.activeCount,
      failed: q.failedCount,
    }));
  }

  /** Calls `observer` after each job this process runs; returns the unsubscribe. */
  observe(observer: JobObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private done(queue: string, outcome: JobOutcome, startedAt: number): void {
    const seconds = (performance.now() - startedAt) / 1000;
    for (const observer of this.observers) observer(queue, outcome, seconds);
  }

  /** Creates a queue with the retry policy: 8 attempts, 30 s × 2ⁿ with jitter, capped at 1 h. */
  async defineQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    await this.boss.createQueue(`${name}-dead`);
    await this.boss.createQueue(name, {
      // One queued-or-running job per key: a trigger fired twice while the first is pending is dropped.
      policy: 'exclusive',
      retryLimit,
      retryDelay: this.options.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: 3600,
      deadLetter: `${name}-dead`,
      notify: this.notify,
    });
    this.queues.add(name);
  }

  /**
   * Enqueues a job in the caller's transaction; while a job with the same `key` is queued or
   * running, another is a no-op (the side effect's own record guards against later repeats).
   */
  async enqueue(
    tx: Db,
    queue: string,
    data: object,
    key: string = randomUUID(),
    options: EnqueueOptions = {},
  ): Promise<void> {
    await this.boss.send(queue, data, {
      db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql),
      singletonKey: key,
      ...options,
    });
  }

  /**
   * Runs `handler` for each job of `queue`, up to ten at a time. A thrown error is retried per the
   * queue's policy; a `PermanentJobError` goes to the dead letters without retrying.
   */
  async work<T extends object>(queue: string, handler: JobHandler<T>): Promise<void> {
    await this.boss.work<T>(
      queue,
      {
        pollingIntervalSeconds: this.options.pollingIntervalSeconds,
        // Retries come due without a NOTIFY: keep polling at the same pace.
        notifyPollingIntervalSeconds: this.options.pollingIntervalSeconds,
        includeMetadata: true,
        batchSize,
        burstWhenBatchFull: true,
        perJobResults: true,
      },
      async (jobs) =>
        Promise.all(
          jobs.map(async (job) => {
            const startedAt = performance.now();
            try {
              await handler(job.data, { id: job.id, retryCount: job.retryCount });
              this.done(queue, 'completed', startedAt);
              return { id: job.id, status: 'completed' as const };
            } catch (err) {
              const message = err instanceof Error ? err.message : String(err);
              const status = err instanceof PermanentJobError ? ('deadletter' as const) : ('failed' as const);
              const final = status === 'deadletter' || job.retryCount >= retryLimit;
              this.log.error(
                { err, queue, jobId: job.id, retryCount: job.retryCount, final },
                final ? 'tâche en échec définitif' : 'tâche en échec, nouvel essai prévu',
              );
              this.done(queue, status, startedAt);
              return { id: job.id, status, output: { message } };
            }
          }),
        ),
    );
  }

  /**
   * A recurring job (cron, Paris time): one run per occurrence across every instance.
   * e.g. `every('audit-purge', '30 3 * * *', purge)`.
   */
  async every(name: string, cron: string, handler: () => Promise<void>): Promise<void> {
    await this.defineQueue(name);
    await this.boss.schedule(name, cron, null, { tz: 'Europe/Paris' });
    await this.work(name, handler);
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.boss.stop({ graceful: false, close: true });
  }
}
