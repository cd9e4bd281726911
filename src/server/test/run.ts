import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * The PostgreSQL databases and roles of one test run. Each is named after the run's tag
 * (`relais_test_<tag>_…`, `relais_tpl_<tag>_…`, `relais_rt_<tag>_…`, the tag starting with the pid
 * of the `vitest` process) and none is dropped by the file that made it: each DROP DATABASE waits for
 * a checkpoint (one to three a file), so the global setup's teardown drops them all
 * together at the end of the run (`dropRun`), with the leftovers of runs whose process is gone.
 */

/** The environment variable through which the global setup hands the run's tag to test files. */
export const runTagEnv = 'RELAIS_TEST_RUN';

export function newRunTag(): string {
  return `${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** The run's tag, inside `vitest run` (none in a bench or a script: they drop what they create). */
export function runTag(): string | undefined {
  return process.env[runTagEnv] || undefined;
}

/** A new name for a database or role of this run (or of this process outside a run). */
export function runName(kind: 'test' | 'tpl' | 'rt'): string {
  return `relais_${kind}_${runTag() ?? process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Runs one statement on the test server's administration database. */
export async function adminQuery(adminUrl: string, text: string, values?: unknown[]) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await c.query(text, values);
  } finally {
    await c.end();
  }
}

const owned = /^relais[_-](?:test|tpl|rt)[_-](\d+)_/;

/** Whether the test process that named a database, role or folder is gone (only knowable on this machine). */
function orphaned(name: string, local: boolean): boolean {
  const pid = Number(owned.exec(name)?.[1]);
  if (!local || !pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Drops the run's databases, then its roles, and those of runs whose process died without its
 * teardown (another run in progress, of this checkout or another, keeps its own). Several
 * connections at once: a drop that asks for a checkpoint while one is running waits for the next,
 * which serves every drop queued meanwhile. Returns how many databases.
 */
export async function dropRun(adminUrl: string, tag: string): Promise<number> {
  const host = new URL(adminUrl).hostname;
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host);
  const ours = (name: string) =>
    name.startsWith(`relais_test_${tag}_`) || name.startsWith(`relais_tpl_${tag}_`);
  const pick = (names: string[]) =>
    names.filter((n) => ours(n) || n.startsWith(`relais_rt_${tag}_`) || orphaned(n, local));
  const databases = pick(
    (
      await adminQuery(adminUrl, `SELECT datname AS name FROM pg_database WHERE datname LIKE 'relais\\_%'`)
    ).rows.map((r) => r.name as string),
  );
  const queue = [...databases];
  const worker = async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      for (let name = queue.shift(); name; name = queue.shift())
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await c.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, queue.length) }, worker));
  const roles = pick(
    (
      await adminQuery(adminUrl, `SELECT rolname AS name FROM pg_roles WHERE rolname LIKE 'relais\\_rt\\_%'`)
    ).rows.map((r) => r.name as string),
  );
  for (const role of roles)
    await adminQuery(adminUrl, `DROP ROLE IF EXISTS "${role}"`).catch((err: Error) =>
      console.warn(`Rôle ${role} non supprimé : ${err.message}`),
    );
  return databases.length;
}

/** Removes the PGlite template folders (`templates.ts`) of runs whose process died without its teardown. */
export function removeOrphanTemplateDirs(): void {
  for (const name of fs.readdirSync(os.tmpdir()))
    if (name.startsWith('relais-tpl-') && orphaned(name, true))
      fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
}
