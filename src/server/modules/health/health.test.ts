import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createLogger, type Logger } from '../../infra/logger.ts';
import { createTestApp, type TestApp, testBackend, until } from '../../test/harness.ts';

const metricsToken = 'jeton-de-metriques-de-test';

describe(`health, readiness, metrics and request logs (${testBackend})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      seed: false,
      workers: false,
      config: { metricsToken, jobPollingSeconds: 0.5 },
    });
  });
  afterAll(() => t?.close());
  /** A second app on the same database, queue and hub, with other settings or its own logger. */
  const appWith = (config: Partial<TestApp['config']>, logger?: Logger) =>
    buildApp({ ...t, db: t.database.db, config: { ...t.config, ...config }, logger });

  it('/api/ready answers 200 when database, job queue and event hub answer, 503 naming the one that does not', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ready', checks: { database: 'ok', jobs: 'ok', events: 'ok' } });

    await t.events.stop();
    try {
      const down = await t.app.inject({ method: 'GET', url: '/api/ready' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({
        status: 'unavailable',
        checks: { database: 'ok', jobs: 'ok', events: 'error' },
      });
    } finally {
      await t.events.start();
    }
  });

  it('/metrics needs the token, then serves HTTP latency by route, job outcomes, queue depths and the hub', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer pas-le-bon-jeton-du-tout' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('unauthenticated');

    await t.jobs.defineQueue('metrics-test');
    await t.jobs.work('metrics-test', async () => {
      throw new Error('échec voulu');
    });
    await t.database.db.transaction((tx) => t.jobs.enqueue(tx, 'metrics-test', {}));
    await t.app.inject({ method: 'GET', url: '/api/health' });

    const scrape = async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${metricsToken}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      return res.body;
    };
    const body = await until(async () => {
      const text = await scrape();
      return text.includes('relais_jobs_processed_total{queue="metrics-test",outcome="failed"} 1')
        ? text
        : undefined;
    });
    expect(body).toMatch(
      /relais_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status_code="200"\} 1\n/,
    );
    expect(body).toMatch(/relais_jobs\{queue="metrics-test",state="(queued|active)"\} \d/);
    expect(body).toContain('relais_event_hub_lag_seconds ');
    expect(body).toContain('relais_event_hub_subscribers 0');
    expect(body).toContain('relais_process_cpu_seconds_total');
    if (testBackend === 'postgresql') expect(body).toMatch(/relais_db_pool_connections\{state="total"\} \d+/);
  });

  it('/metrics answers 404 when no METRICS_TOKEN is set', async () => {
    const app = await appWith({ metricsToken: undefined });
    try {
      const res = await app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer x' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    } finally {
      await app.close();
    }
  });

  it('sheds load: a 503 « unavailable » with Retry-After while the event loop lags', async () => {
    const app = await appWith({ maxEventLoopDelayMs: 50 });
    try {
      await app.ready();
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      const shed = await until(async () => {
        // The event loop held, as a burst of synchronous work would. under-pressure samples the
        // mean delay once a second (10 ms resolution): a hold longer than the sample dominates it,
        // where a short one would be averaged away by the idle ticks around it.
        const end = Date.now() + 1_200;
        while (Date.now() < end) {}
        await new Promise((r) => setTimeout(r, 20));
        const res = await app.inject({ method: 'GET', url: '/api/health' });
        return res.statusCode === 503 ? res : undefined;
      });
      expect(shed.json().error.code).toBe('unavailable');
      expect(shed.headers['retry-after']).toBe('10');
    } finally {
      await app.close();
    }
  });

  it('logs requests at debug only (nothing at info), and a 5xx at error', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = await appWith({}, logger);
    app.get('/boom', async () => {
      throw new Error('panne voulue');
    });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/v1/nope' })).statusCode).toBe(404);
      expect(lines).toEqual([]);
      expect((await app.inject({ method: 'GET', url: '/boom' })).statusCode).toBe(500);
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 50, msg: 'request failed', res: { statusCode: 500 } }),
        ]),
      );
      expect(lines.every((l) => l.level === 50)).toBe(true);
    } finally {
      await app.close();
    }
  });
});
