import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.ts';
import { openDatabase } from '../../infra/db.ts';
import { createTestApp, loginAs, type TestApp, testBackend } from '../../test/harness.ts';
import { createRuntimeRoleDatabase, type RuntimeRoleDatabase } from '../../test/runtime-role.ts';
import { purgeAudit } from './audit.service.ts';

// Issue 14 item 4.
it('refuses an owner role without the runtime role it would grant (DATABASE_OWNER_URL without DATABASE_URL)', () => {
  expect(() =>
    loadConfig({ DATABASE_OWNER_URL: 'postgres://proprietaire@hote/relais' } as NodeJS.ProcessEnv),
  ).toThrow(/DATABASE_OWNER_URL demande DATABASE_URL/);
});

// PostgreSQL only: PGlite is embedded and has one role, the app's own process is
// its owner; there is no connection for anyone else to open.
describe.skipIf(testBackend !== 'postgresql')(
  'audit log under the least-privilege runtime role (PostgreSQL only: PGlite has a single role)',
  () => {
    let rt: RuntimeRoleDatabase;
    let t: TestApp;
    /** A raw connection as the runtime role: what anyone holding DATABASE_URL could type. */
    let runtime: pg.Client;
    let owner: pg.Client;

    beforeAll(async () => {
      rt = await createRuntimeRoleDatabase();
      t = await createTestApp({ databaseUrl: rt.runtimeUrl, ownerUrl: rt.ownerUrl });
      runtime = new pg.Client({ connectionString: rt.runtimeUrl });
      owner = new pg.Client({ connectionString: rt.ownerUrl });
      await runtime.connect();
      await owner.connect();
    });
    afterAll(async () => {
      await runtime?.end();
      await owner?.end();
      await t?.close();
      await rt?.drop();
    });

    const auditCount = async () =>
      Number((await owner.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n);
    /** The statement is refused for want of a right (SQLSTATE 42501), and no audit row went. */
    const refused = async (text: string) => {
      const before = await auditCount();
      await expect(runtime.query(text), text).rejects.toMatchObject({ code: '42501' });
      await runtime.query('ROLLBACK').catch(() => {});
      expect(await auditCount()).toBe(before);
    };

    it('runs as a role that is no superuser and owns nothing', async () => {
      const { rows } = await t.database.pool!.query(
        `SELECT current_user AS role, rolsuper AS superuser,
           (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned
         FROM pg_roles r WHERE rolname = current_user`,
      );
      expect(rows[0]).toEqual({ role: rt.role, superuser: false, owned: 0 });
      expect(t.database.separateOwner).toBe(true);
    });

    it('cannot update, delete or truncate an audit row', async () => {
      // Appending is its right.
      await runtime.query(`INSERT INTO audit_log (at, category, action, actor_label) VALUES
        (now(), 'business', 'update', 'rt'), (now() - interval '2 years', 'security', 'login.failure', 'rt')`);
      expect(await auditCount()).toBeGreaterThanOrEqual(2);
      await refused(`UPDATE audit_log SET action = 'x'`);
      await refused(`UPDATE audit_log SET at = now() - interval '10 years' WHERE category = 'security'`);
      await refused('DELETE FROM audit_log');
      await refused(`DELETE FROM audit_log WHERE category = 'business'`);
      await refused('TRUNCATE audit_log');
      await refused('TRUNCATE audit_log CASCADE');
      await refused('WITH gone AS (DELETE FROM audit_log RETURNING id) SELECT count(*) FROM gone');
      await refused(
        `INSERT INTO audit_log (id, at, category, action) SELECT id, at, category, action FROM audit_log
         ON CONFLICT (id) DO UPDATE SET action = 'x'`,
      );
    });

    it('cannot switch the append-only rule off', async () => {
      await refused('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await refused('ALTER TABLE audit_log DISABLE TRIGGER ALL');
      await refused('DROP TRIGGER audit_log_append_only ON audit_log');
      await refused('ALTER TABLE audit_log OWNER TO CURRENT_USER');
      await refused(
        `CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
      );
      await refused(
        `CREATE FUNCTION public.let_through() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
      );
      await refused(
        'CREATE TRIGGER let_through BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()',
      );
      await refused('SET session_replication_role = replica');
      await refused('CREATE TABLE public.shadow (id integer)');
      await refused('CREATE SCHEMA shadow');
      // The old switch: a session setting that opened every DELETE.
      await runtime.query('BEGIN');
      await runtime.query(`SELECT set_config('relais.audit_purge', 'on', true)`);
      await refused('DELETE FROM audit_log');
      await refused('UPDATE audit_policy SET security_retention_days = 1');
      await refused('INSERT INTO audit_policy VALUES (false, 1)');
    });

    it('purges only security events older than the retention, whatever the caller brings', async () => {
      await runtime.query('SELECT audit_purge()');
      await owner.query(`INSERT INTO audit_log (at, category, action, actor_label) VALUES
        (now() - interval '400 days', 'security', 'login.success', 'rt-purge'),
        (now() - interval '30 days', 'security', 'login.success', 'rt-purge'),
        (now() - interval '400 days', 'business', 'update', 'rt-purge')`);
      // The cutoff is no argument any more, and a temporary table cannot stand in for the policy.
      await expect(runtime.query(`SELECT audit_purge(now() + interval '1 year')`)).rejects.toMatchObject({
        code: '42883',
      });
      await runtime.query(
        'CREATE TEMP TABLE audit_policy (id boolean, security_retention_days integer); INSERT INTO audit_policy VALUES (true, -100000)',
      );
      const before = await auditCount();
      expect((await runtime.query('SELECT audit_purge() AS n')).rows[0].n).toBe(1);
      await runtime.query('DROP TABLE pg_temp.audit_policy');
      expect(await auditCount()).toBe(before - 1);
      const left = await owner.query(
        `SELECT category, (now() - at) > interval '1 year' AS old FROM audit_log WHERE actor_label = 'rt-purge' ORDER BY 1, 2`,
      );
      expect(left.rows).toEqual([
        { category: 'business', old: true },
        { category: 'security', old: false },
      ]);
      // The app's purge job calls the same function, as the runtime role.
      expect(await purgeAudit(t.database.db)).toBe(0);
    });

    it('works normally as the runtime role: a client, a ticket, the audit log', async () => {
      const adv = await loginAs(t.app, 'adv@relais.test');
      const client = await adv.post('/api/v1/clients', { name: 'Cave des Rôles' });
      expect(client.statusCode).toBe(201);
      const support = await loginAs(t.app, 'support@relais.test');
      const ticket = await support.post('/api/v1/tickets', {
        clientId: client.json().id,
        type: 'incident',
        subject: 'Plus de tonalité',
      });
      expect(ticket.statusCode).toBe(201);
      const admin = await loginAs(t.app, 'admin@relais.test');
      const log = await admin.get(`/api/v1/audit-log?entityId=${client.json().id}`);
      expect(log.statusCode).toBe(200);
      expect(log.json().items.map((i: { action: string }) => i.action)).toContain('create');
      expect(await t.jobs.ready()).toBe(true);
    });

    it('refuses to start when the runtime role owns the tables', async () => {
      const asOwner = new URL(rt.ownerUrl);
      asOwner.searchParams.set('application_name', 'relais-runtime');
      await expect(
        openDatabase({ databaseUrl: asOwner.toString(), ownerUrl: rt.ownerUrl, dataDir: 'memory://' }),
      ).rejects.toThrow(/superutilisateur|propriétaire/);
    });

    it('keeps security events as long as AUDIT_RETENTION_DAYS, written by the owner at start', async () => {
      const restarted = await openDatabase({
        databaseUrl: rt.runtimeUrl,
        ownerUrl: rt.ownerUrl,
        dataDir: 'memory://',
        auditRetentionDays: 20,
      });
      try {
        await owner.query(`INSERT INTO audit_log (at, category, action, actor_label) VALUES
          (now() - interval '25 days', 'security', 'login.success', 'rt-retention'),
          (now() - interval '15 days', 'security', 'login.success', 'rt-retention')`);
        await purgeAudit(restarted.db);
        const left = await owner.query(
          `SELECT (now() - at) < interval '20 days' AS recent FROM audit_log WHERE category = 'security' AND (now() - at) > interval '10 days'`,
        );
        expect(left.rows).toEqual([{ recent: true }]);
      } finally {
        await restarted.close();
      }
    });
  },
);
