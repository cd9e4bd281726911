import pg from 'pg';
import { installJobQueue, jobQueueSchema } from './jobs.ts';

/** The advisory lock under which one process at a time migrates and grants. */
export const migrationLock = 724311;

/** A connection that runs a parameterised query: a pg client, a pg pool or PGlite. */
type Queryable = { query(text: string, params?: unknown[]): Promise<unknown> };

/**
 * Security events' retention (AUDIT_RETENTION_DAYS) into `audit_policy`, the one row `audit_purge()`
 * reads. Written by the owner at start: the runtime role may only read it.
 */
export async function setAuditRetention(c: Queryable, days: number): Promise<void> {
  await c.query(
    'UPDATE audit_policy SET security_retention_days = $1 WHERE security_retention_days IS DISTINCT FROM $1',
    [days],
  );
}

/**
 * The runtime role must own nothing and be no superuser: otherwise it could alter or disable what
 * guards the audit log. Throws a French message naming the role.
 */
export async function assertLeastPrivilege(runtime: pg.Pool): Promise<string> {
  const { rows } = await runtime.query<{ role: string; superuser: boolean; owns: boolean }>(
    `SELECT current_user AS role, r.rolsuper AS superuser,
       EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = 'audit_log' AND pg_has_role(c.relowner, 'USAGE')) AS owns
     FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const { role, superuser, owns } = rows[0]!;
  if (superuser || owns) {
    throw new Error(
      `DATABASE_URL : le rôle « ${role} » est ${superuser ? 'superutilisateur' : 'propriétaire des tables'} ; ` +
        'avec DATABASE_OWNER_URL, l’application se connecte avec un rôle d’exécution sans droits ' +
        'd’administration (README, « Deux rôles PostgreSQL »).',
    );
  }
  return role;
}

/**
 * What the runtime role may do, granted by the owner at each start (idempotent, after the
 * migrations, so new tables are covered): read and write the app's tables, but only INSERT and
 * SELECT on the audit log and SELECT on its policy; use the sequences; call `audit_purge()`; use
 * the job queue's schema. No TRUNCATE, TRIGGER, REFERENCES, and no CREATE anywhere.
 */
export async function grantRuntimeRole(owner: Queryable, role: string): Promise<void> {
  const r = pg.escapeIdentifier(role);
  const q = pg.escapeIdentifier(jobQueueSchema);
  await owner.query(`
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r};
    REVOKE CREATE ON SCHEMA public FROM ${r};
    GRANT USAGE ON SCHEMA public TO ${r};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
    REVOKE UPDATE, DELETE ON audit_log, audit_policy FROM ${r};
    REVOKE INSERT ON audit_policy FROM ${r};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};
    GRANT EXECUTE ON FUNCTION audit_purge() TO ${r};
    REVOKE ALL ON ALL TABLES IN SCHEMA ${q} FROM ${r};
    REVOKE CREATE ON SCHEMA ${q} FROM ${r};
    GRANT USAGE ON SCHEMA ${q} TO ${r};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${q} TO ${r};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${q} TO ${r};
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${q} TO ${r};
  `);
}

/**
 * Two roles on PostgreSQL: the owner (`ownerUrl`) migrates, installs the job queue's tables,
 * grants the runtime role its rights and writes the retention, under the migration lock; the app
 * then runs as the runtime role (`runtime`), which must own nothing.
 */
export async function prepareAsOwner(
  ownerUrl: string,
  runtime: pg.Pool,
  migrate: (owner: pg.Client) => Promise<void>,
  auditRetentionDays: number | undefined,
): Promise<void> {
  const role = await assertLeastPrivilege(runtime);
  const owner = new pg.Client({ connectionString: ownerUrl, options: '-c jit=off' });
  await owner.connect();
  try {
    await owner.query(`SELECT pg_advisory_lock(${migrationLock})`);
    await migrate(owner);
    await installJobQueue(ownerUrl);
    await owner.query('BEGIN');
    await grantRuntimeRole(owner, role);
    if (auditRetentionDays !== undefined) await setAuditRetention(owner, auditRetentionDays);
    await owner.query('COMMIT');
  } catch (err) {
    await owner.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await owner.query(`SELECT pg_advisory_unlock(${migrationLock})`).catch(() => {});
    await owner.end();
  }
}
