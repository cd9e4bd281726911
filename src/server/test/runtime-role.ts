import { randomBytes } from 'node:crypto';
import { adminUrl, createPostgresDatabase, templateFor } from './harness.ts';
import { adminQuery, runName, runTag } from './run.ts';

export type RuntimeRoleDatabase = {
  /** The database as its owner (the test server's user, `postgres` in CI). */
  ownerUrl: string;
  /** The same database as the least-privilege login role the app runs as. */
  runtimeUrl: string;
  role: string;
  /** Drops the database, then the role (call after the app is closed); inside a run, at its end. */
  drop(): Promise<void>;
};

/**
 * PostgreSQL only: a seeded database of its own and a login role of its own, named after the
 * run and a random tag (roles are the whole server's: test files and runs in parallel never
 * share one). The role has no rights until the app's owner step grants them (`db-roles.ts`).
 */
export async function createRuntimeRoleDatabase(): Promise<RuntimeRoleDatabase> {
  const database = await createPostgresDatabase(templateFor(true));
  const role = runName('rt');
  const password = randomBytes(12).toString('hex');
  await adminQuery(
    adminUrl,
    `CREATE ROLE ${role} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE`,
  );
  const runtime = new URL(database.url);
  runtime.username = role;
  runtime.password = password;
  return {
    ownerUrl: database.url,
    runtimeUrl: runtime.toString(),
    role,
    drop: async () => {
      await database.drop();
      if (!runTag()) await adminQuery(adminUrl, `DROP ROLE IF EXISTS ${role}`);
    },
  };
}
