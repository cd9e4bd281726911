import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolePermissions } from '../../db/schema/index.ts';
import { invalidateMatrixCache } from '../../policy/matrix.service.ts';
import { createTestApp, loginAs, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('rights matrix editor', () => {
  it('changes a role’s effective permissions, logs it, and resets to the default', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const support = await loginAs(t.app, 'support@relais.test');
    const { matrix, isDefault } = (await admin.get('/api/v1/permissions/matrix')).json();
    expect(isDefault).toBe(true);
    matrix.support.clients = { actions: ['read', 'update'], scope: 'all' };
    const saved = await admin.put('/api/v1/permissions/matrix', { matrix });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().isDefault).toBe(false);
    invalidateMatrixCache();
    expect((await support.get('/api/v1/auth/me')).json().permissions.clients).toEqual(['read', 'update']);

    const log = (await admin.get('/api/v1/audit-log?action=matrix')).json().items;
    expect(log[0].action).toBe('matrix.changed');

    const reset = await admin.post('/api/v1/permissions/matrix/reset');
    expect(reset.json().isDefault).toBe(true);
    invalidateMatrixCache();
    expect((await support.get('/api/v1/auth/me')).json().permissions.clients).toEqual(['read']);
  });

  it('refuses to take administration away from the admin role', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const { matrix } = (await admin.get('/api/v1/permissions/matrix')).json();
    matrix.admin.administration = { actions: ['read'], scope: 'all' };
    const res = await admin.put('/api/v1/permissions/matrix', { matrix });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('matrix.admin.administration');
  });

  it('says of the planning what the board does, for every role (issue 15 item 22)', async () => {
    const week = 'from=2027-03-08T00:00:00.000Z&to=2027-03-15T00:00:00.000Z';
    for (const email of [
      'admin@relais.test',
      'support@relais.test',
      'commercial@relais.test',
      'adv@relais.test',
      'staging@relais.test',
      'tech.interne@relais.test',
      'tech.terrain@relais.test',
      'chef.projet@relais.test',
      'compta@relais.test',
      'partenaire@relais.test',
    ]) {
      const s = await loginAs(t.app, email);
      const me = (await s.get('/api/v1/auth/me')).json();
      const reads = (me.permissions.planning ?? []).includes('read');
      const board = await s.get(`/api/v1/planning/board?${week}`);
      expect({ email, status: board.statusCode }).toEqual({ email, status: reads ? 200 : 403 });
      expect(me.navigation.includes('/planning')).toBe(reads);
      // Issue 15 item 20: the field technician's main screen is « Ma journée ».
      expect(me.home).toBe(email === 'tech.terrain@relais.test' ? '/terrain' : '/');
    }
  });

  it('offers no planning cell to partners: refused on save, a stored one ignored', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const { matrix } = (await admin.get('/api/v1/permissions/matrix')).json();
    expect(matrix.partenaire.planning.actions).toEqual([]);
    matrix.partenaire.planning = { actions: ['read'], scope: 'own' };
    const res = await admin.put('/api/v1/permissions/matrix', { matrix });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toEqual({
      path: 'matrix.partenaire.planning',
      message: 'Ce droit n’existe pas pour le rôle « Partenaire ».',
    });
    // A matrix saved before this rule kept the partner's planning: it no longer counts.
    await t.database.db.insert(rolePermissions).values({
      role: 'partenaire',
      module: 'planning',
      actions: ['read'],
      scope: 'own',
    });
    invalidateMatrixCache();
    const partner = await loginAs(t.app, 'partenaire@relais.test');
    expect((await partner.get('/api/v1/auth/me')).json().permissions.planning ?? []).toEqual([]);
    await t.database.db.delete(rolePermissions);
    invalidateMatrixCache();
  });

  it('refuses an unknown action', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const res = await admin.put('/api/v1/permissions/matrix', {
      matrix: { support: { clients: { actions: ['fly'], scope: 'all' } } },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('users administration', () => {
  it('creates a partner user only with a partner, and refuses a duplicate email', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const noPartner = await admin.post('/api/v1/users', {
      email: 'nouveau@relais.test',
      name: 'Nouveau Partenaire',
      role: 'partenaire',
    });
    expect(noPartner.statusCode).toBe(400);
    expect(noPartner.json().error.details[0].path).toBe('partnerId');
    const ok = await admin.post('/api/v1/users', {
      email: 'Nouveau@Relais.test',
      name: 'Nouvelle Support',
      role: 'support',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().email).toBe('nouveau@relais.test');
    const dup = await admin.post('/api/v1/users', {
      email: 'nouveau@relais.test',
      name: 'Doublon',
      role: 'support',
    });
    expect(dup.statusCode).toBe(409);
  });

  it('never returns a password hash or a TOTP secret', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const body = (await admin.get('/api/v1/users?limit=200')).body;
    expect(body).not.toMatch(/argon2|passwordHash|totpSecret/);
  });

  it('updates the company identity with checked SIREN and VAT number', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const bad = await admin.patch('/api/v1/settings/company', {
      siren: '123456789',
      vatNumber: 'FR00732829320',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['siren', 'vatNumber']);
    const ok = await admin.patch('/api/v1/settings/company', {
      legalName: 'Relais SAS',
      capitalCents: 1_000_000,
    });
    expect(ok.json()).toMatchObject({ legalName: 'Relais SAS', capitalCents: 1_000_000 });
  });
});
