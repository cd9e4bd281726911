import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clock } from '../../infra/clock.ts';
import { createTestApp, loginAs, type TestApp } from '../../test/harness.ts';
import { purgeAudit } from './audit.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;

describe('audit log', () => {
  it('records a business change with before/after, actor, IP and request id', async () => {
    const s = await loginAs(t.app, 'commercial@relais.test');
    const created = (
      await s.post('/api/v1/clients', {
        name: 'Pharmacie du Vieux Port',
        postalCode: '13002',
        city: 'Marseille',
      })
    ).json();
    await s.patch(`/api/v1/clients/${created.id}`, { city: 'Marseille 2e' });
    const admin = await loginAs(t.app, 'admin@relais.test');
    const items = (await admin.get(`/api/v1/audit-log?entityId=${created.id}`)).json().items;
    expect(items.map((i: { action: string }) => i.action)).toEqual(['update', 'create']);
    expect(items[0]).toMatchObject({
      actorLabel: 'Camille Commerciale',
      before: { city: 'Marseille' },
      after: { city: 'Marseille 2e' },
    });
    expect(items[0].requestId).toBeTruthy();
    expect(items[0].ip).toBeTruthy();
  });

  it('records security events: login success and failure, permission denied', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'support@relais.test', password: 'faux-mot-de-passe' },
    });
    const s = await loginAs(t.app, 'support@relais.test');
    await s.get('/api/v1/users');
    const admin = await loginAs(t.app, 'admin@relais.test');
    const actions = (await admin.get('/api/v1/audit-log?category=security&limit=200'))
      .json()
      .items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining(['login.failure', 'login.success', 'permission.denied', 'totp.enabled']),
    );
  });

  it('writes nothing when the change fails (same transaction)', async () => {
    const s = await loginAs(t.app, 'commercial@relais.test');
    const before = rowsOf(
      await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE category = 'business'`),
    )[0]!.n;
    const res = await s.post('/api/v1/clients', {
      name: 'Client orphelin',
      partnerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.statusCode).toBe(400);
    const after = rowsOf(
      await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE category = 'business'`),
    )[0]!.n;
    expect(after).toBe(before);
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    await expect(t.database.db.execute(sql`UPDATE audit_log SET action = 'x'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
  });

  it('purges only security events older than the retention period, computed by the database', async () => {
    await t.database.db.execute(sql`INSERT INTO audit_log (at, category, action, actor_label) VALUES
      (now() - interval '400 days', 'security', 'login.success', 'purge-test'),
      (now() - interval '364 days', 'security', 'login.success', 'purge-test'),
      (now() - interval '400 days', 'business', 'update', 'purge-test')`);
    const left = async () =>
      rowsOf(
        await t.database.db.execute(
          sql`SELECT category, count(*)::int AS n FROM audit_log GROUP BY category ORDER BY category`,
        ),
      );
    const before = await left();
    expect(await purgeAudit(t.database.db)).toBe(1);
    const after = await left();
    expect(after.find((r) => r.category === 'business')).toEqual(
      before.find((r) => r.category === 'business'),
    );
    expect(after.find((r) => r.category === 'security')!.n).toBe(
      Number(before.find((r) => r.category === 'security')!.n) - 1,
    );
    // The app's clock does not move the database's cutoff: a year ahead, nothing more goes.
    clock.advance(366 * 86_400_000);
    expect(await purgeAudit(t.database.db)).toBe(0);
    clock.reset();
    // Nor does the session: the old `relais.audit_purge` switch opens nothing.
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT set_config('relais.audit_purge', 'on', true)`);
        await tx.execute(sql`DELETE FROM audit_log WHERE actor_label = 'purge-test'`);
      }),
    ).rejects.toThrow();
  });

  it('exports the filtered log as CSV', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const res = await admin.get('/api/v1/audit-log/export?category=business');
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toContain('date_utc');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes('"business"'))).toBe(true);
  });

  it('streams a large export complete, page after page, every cell escaped', async () => {
    await t.database.db.execute(sql`INSERT INTO audit_log (at, category, action, entity_type, entity_id, actor_label, ip, request_id)
      SELECT now(), 'business', 'update', 'export-test', n::text, CASE WHEN n = 1 THEN '=HYPERLINK("x")' ELSE 'Robot' END, '127.0.0.1', 'r'
      FROM generate_series(1, 2500) AS n`);
    const admin = await loginAs(t.app, 'admin@relais.test');
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log/export?entityType=export-test',
      headers: { cookie: admin.cookie },
      payloadAsStream: true,
    });
    expect(res.headers['content-disposition']).toBe('attachment; filename="journal-audit.csv"');
    const chunks: string[] = [];
    for await (const c of res.stream()) chunks.push(String(c));
    // The header first, then the pages (1,000 rows each) as they are read: several chunks, not one
    // string built whole (the transport may merge some of them).
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]!.length).toBeLessThan(chunks.join('').length);
    expect(chunks[0]).toMatch(
      /^\uFEFFid;date_utc;categorie;action;type;identifiant;acteur;ip;requete;avant;apres;evenement\r\n/,
    );
    const lines = chunks.join('').trimEnd().split('\r\n').slice(1);
    expect(lines).toHaveLength(2500);
    const ids = lines.map((l) => Number(l.split(';')[0]!.replaceAll('"', '')));
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(lines.at(-1)).toContain(';"\'=HYPERLINK(""x"")";');
  });

  it('is readable by admins only', async () => {
    const s = await loginAs(t.app, 'adv@relais.test');
    expect((await s.get('/api/v1/audit-log')).statusCode).toBe(403);
  });
});
