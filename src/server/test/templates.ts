import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedDemo } from '../demo/seed.ts';
import { type Database, openDatabase } from '../infra/db.ts';
import { Jobs } from '../infra/jobs.ts';
import { useTestPasswordHashCost } from '../modules/auth/password.ts';
import { adminQuery } from './run.ts';

/**
 * Migrated (and seeded) databases built once per test run, that every test file copies instead of
 * running the migrations and the demo seed again (~20 s a file on PGlite, ~9 s on PostgreSQL).
 *
 * - PostgreSQL: two databases on the test server, copied with `CREATE DATABASE … TEMPLATE`.
 * - PGlite: two data directory dumps (`dumpDataDir`) in a temporary folder, loaded with `loadDataDir`.
 *
 * `migrated` holds the schema only; `seeded` adds the demo dataset seeded at the real time of the
 * run's start. The harness copies `seeded` unless the test froze or moved the clock before creating
 * its app (the demo data is laid out around « now »): then it copies `migrated` and seeds itself.
 * Both hold the job queue's tables (pg-boss installs them at its first start, ~1 s a file) and
 * passwords hashed at the test cost (`useTestPasswordHashCost`).
 */
export type Templates =
  | { backend: 'postgresql'; migrated: string; seeded: string }
  | { backend: 'pglite'; migrated: string; seeded: string };

/** The environment variable through which the global setup hands the templates to test files. */
export const templatesEnv = 'RELAIS_TEST_TEMPLATES';

/** The demo size every test file works on. */
export const testClientCount = 40;

export function templatesFromEnv(): Templates | undefined {
  const raw = process.env[templatesEnv];
  return raw ? (JSON.parse(raw) as Templates) : undefined;
}

function urlOf(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Starts and stops the job queue once, as the app's first start would: pg-boss creates its tables. */
async function installJobQueue(database: Database): Promise<void> {
  const jobs = new Jobs(database, { retryDelaySeconds: 30, pollingIntervalSeconds: 1 });
  await jobs.start();
  await jobs.stop();
}

/**
 * Builds both templates; returns them and how to remove them at the end of the run (PostgreSQL's
 * are dropped with the run's other databases, `run.ts`).
 */
export async function buildTemplates(
  backend: 'postgresql' | 'pglite',
  adminUrl: string,
  tag: string,
): Promise<{ templates: Templates; remove(): Promise<void> }> {
  useTestPasswordHashCost();
  if (backend === 'postgresql') {
    const migrated = `relais_tpl_${tag}_migrated`;
    const seeded = `relais_tpl_${tag}_seeded`;
    await adminQuery(adminUrl, `CREATE DATABASE ${migrated}`);
    const m = await openDatabase({ databaseUrl: urlOf(adminUrl, migrated), dataDir: 'memory://' });
    await installJobQueue(m);
    await m.close();
    await adminQuery(adminUrl, `CREATE DATABASE ${seeded} TEMPLATE ${migrated}`);
    const s = await openDatabase({ databaseUrl: urlOf(adminUrl, seeded), dataDir: 'memory://' });
    await seedDemo(s.db, { clientCount: testClientCount });
    await s.close();
    return { templates: { backend, migrated, seeded }, remove: async () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `relais-tpl-${tag}-`));
  const dump = async (file: string, database: Awaited<ReturnType<typeof openDatabase>>) => {
    const blob = await database.pglite!.dumpDataDir('none');
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  };
  const migrated = path.join(dir, 'migrated.tar');
  const seeded = path.join(dir, 'seeded.tar');
  const database = await openDatabase({ dataDir: 'memory://' });
  await installJobQueue(database);
  await dump(migrated, database);
  await seedDemo(database.db, { clientCount: testClientCount });
  await dump(seeded, database);
  await database.close();
  return {
    templates: { backend, migrated, seeded },
    remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
