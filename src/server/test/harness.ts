import fs from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import pg from 'pg';
import { buildApp } from '../app.ts';
import { clock } from '../infra/clock.ts';
import { loadConfig, type Config } from '../infra/config.ts';
import { openDatabase, type Database } from '../infra/db.ts';
import { Jobs } from '../infra/jobs.ts';
import { useTestPasswordHashCost } from '../modules/auth/password.ts';
import { EventHub } from '../modules/notifications/events.service.ts';
import { invalidateSettingsCache } from '../modules/settings/settings.service.ts';
import { invalidateMatrixCache } from '../policy/matrix.service.ts';
import { startWorkers } from '../workers.ts';
import { demoPassword, seedDemo } from '../demo/seed.ts';
import { adminQuery, runName, runTag } from './run.ts';
import { type Templates, templatesFromEnv, testClientCount } from './templates.ts';

/** Which database the integration tests run on: `TEST_DB=postgresql` or PGlite (default). */
export const testBackend = process.env.TEST_DB === 'postgresql' ? 'postgresql' : 'pglite';
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  config: Config;
  jobs: Jobs;
  events: EventHub;
  close(): Promise<void>;
};

/**
 * A new PostgreSQL database on the test server, and how to drop it: empty, or a copy of `template`
 * (one of the run's template databases, see `templates.ts`). Inside `vitest run` the database is
 * the run's and `drop` leaves it to the run's end (`run.ts`); elsewhere (a bench) it drops it.
 */
export async function createPostgresDatabase(
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = runName('test');
  await adminQuery(adminUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: runTag() ? async () => {} : () => dropDatabase(name) };
}

async function dropDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  // Pools that were just closed may still be saying goodbye: let them go before forcing, so
  // that no client of the test sees its connection killed under it.
  for (let i = 0; i < 40; i++) {
    const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
      name,
    ]);
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

/** Which of the run's templates this database starts from, if any (none outside `vitest run`). */
export function templateFor(seed: boolean): string | undefined {
  const templates: Templates | undefined = templatesFromEnv();
  if (!templates || templates.backend !== testBackend) return undefined;
  // The demo data is laid out around « now »: a test that moved the clock seeds at its own time.
  return seed && !clock.isSet() ? templates.seeded : templates.migrated;
}

/**
 * A real app on a fresh database of its own (PGlite in memory, or a new PostgreSQL database that
 * is dropped afterwards), with the demo dataset. The database is a copy of the run's template
 * when there is one (see `templates.ts`), so that a file does not migrate and seed again.
 */
export async function createTestApp(
  opts: {
    seed?: boolean;
    config?: Partial<Config>;
    workers?: boolean;
    /** PostgreSQL only: share this (already created and seeded) database, as a second instance would. */
    databaseUrl?: string;
    /**
     * PostgreSQL only, with `databaseUrl`: the owner role's URL. It migrates and grants, the app
     * runs as `databaseUrl`'s least-privilege role (`runtime-role.ts`).
     */
    ownerUrl?: string;
    /** How often the job queue looks for dead workers' jobs (default: the app's 15 s). */
    superviseIntervalSeconds?: number;
  } = {},
): Promise<TestApp> {
  useTestPasswordHashCost();
  // Apps of one file may be on different databases: no cached settings or rights matrix of another.
  invalidateSettingsCache();
  invalidateMatrixCache();
  let dropDb: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined = opts.databaseUrl;
  const seed = opts.seed !== false && !opts.databaseUrl;
  const template = opts.databaseUrl ? undefined : templateFor(seed);
  if (testBackend === 'postgresql' && !databaseUrl) {
    const created = await createPostgresDatabase(template);
    databaseUrl = created.url;
    dropDb = created.drop;
  }
  const loadDataDir =
    testBackend === 'pglite' && template ? new Blob([fs.readFileSync(template)]) : undefined;
  const database = await openDatabase({
    databaseUrl,
    dataDir: 'memory://',
    loadDataDir,
    ...(opts.ownerUrl ? { ownerUrl: opts.ownerUrl } : {}),
  });
  const seededTemplate = template !== undefined && template === templatesFromEnv()?.seeded;
  if (seed && !seededTemplate) await seedDemo(database.db, { clientCount: testClientCount });
  const config = loadConfig(
    {
      LOG_LEVEL: 'silent',
      WEB_DIST: '/nonexistent',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      // Tests never call the real address API (a test that geocodes brings its own server).
      GEOCODER_URL: 'http://127.0.0.1:9',
      COMPANY_LOOKUP_URL: 'http://127.0.0.1:9',
    } as NodeJS.ProcessEnv,
    opts.config,
  );
  const jobs = new Jobs(database, {
    retryDelaySeconds: config.jobRetryDelaySeconds,
    pollingIntervalSeconds: config.jobPollingSeconds,
    superviseIntervalSeconds: opts.superviseIntervalSeconds,
  });
  await jobs.start();
  const workers = opts.workers !== false ? await startWorkers(database, config, jobs) : null;
  const events = new EventHub(database);
  await events.start();
  const app = await buildApp({ db: database.db, database, config, jobs, events });
  await app.ready();
  return {
    app,
    database,
    config,
    jobs,
    events,
    close: async () => {
      await app.close();
      await events.stop();
      await jobs.stop();
      workers?.stop();
      await database.close();
      await dropDb?.();
      clock.reset();
    },
  };
}

export const csrf = { 'x-relais-csrf': '1' };

export function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'relais_session');
  if (!c) throw new Error(`no session cookie (status ${res.statusCode}: ${res.body})`);
  return `relais_session=${c.value}`;
}

export function totpCode(secret: string): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: clock.now().getTime(),
  });
}

/** A form as the web app sends it to a route that takes files: the JSON body in `data`, the files under `field`. */
export function formOf(
  data: unknown,
  field: string,
  files: { name: string; content: Uint8Array | string; type: string }[],
): FormData {
  const form = new FormData();
  form.append('data', JSON.stringify(data));
  for (const f of files) {
    const bytes = typeof f.content === 'string' ? f.content : new Uint8Array(f.content);
    form.append(field, new Blob([bytes], { type: f.type }), f.name);
  }
  return form;
}

/** A client that keeps the session cookie and sends the CSRF header. */
export class Session {
  constructor(
    readonly app: FastifyInstance,
    public cookie: string,
  ) {}
  request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
    return this.app.inject({
      method,
      url,
      headers: { cookie: this.cookie, ...(method === 'GET' ? {} : csrf) },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body: unknown = {}) => this.request('POST', url, body);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  put = (url: string, body: unknown) => this.request('PUT', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

/**
 * Logs in a demo account. Roles that must use two-factor authentication (admin, compta) enrol on
 * the way, as a real user would; the TOTP secret is returned for later logins.
 */
const totpOf = new WeakMap<FastifyInstance, Map<string, { secret: string; lastUse: number }>>();

export async function loginAs(
  app: FastifyInstance,
  email: string,
  password = demoPassword,
): Promise<Session & { totpSecret?: string }> {
  // Per app: another app (another test file, another database) has its own enrolments.
  const known = totpOf.get(app) ?? new Map<string, { secret: string; lastUse: number }>();
  totpOf.set(app, known);
  const attempt = (totp?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password, ...(totp ? { totp } : {}) },
    });
  let res = await attempt();
  const enrolled = known.get(email);
  if (res.statusCode === 401 && res.json().error.code === 'totp_required' && enrolled) {
    // A TOTP code is accepted once: move past the time step used last.
    const wait = enrolled.lastUse + 30_000 - clock.now().getTime();
    if (wait > 0) clock.advance(wait);
    enrolled.lastUse = clock.now().getTime();
    res = await attempt(totpCode(enrolled.secret));
  }
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  const session: Session & { totpSecret?: string } = new Session(app, cookieOf(res));
  if (res.json().totpEnrollmentRequired) {
    const setup = await session.post('/api/v1/auth/totp/setup');
    const { secret } = setup.json();
    const confirm = await session.post('/api/v1/auth/totp/confirm', { code: totpCode(secret) });
    if (confirm.statusCode !== 204) throw new Error(`totp confirm: ${confirm.body}`);
    known.set(email, { secret, lastUse: clock.now().getTime() });
    session.totpSecret = secret;
  }
  return session;
}

/** Polls `fn` every 100 ms until it returns something truthy, which it returns; throws after `ms`. */
export async function until<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 100));
  }
}
