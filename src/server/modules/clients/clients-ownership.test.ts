import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { buildClient, buildPartner } from '../../test/factories.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

/** Issue 15 item 2: a client's partner and account manager, chosen by hand and in bulk. */
let t: TestApp;
let admin: Session;
let commercial: Session;
let adv: Session;
let support: Session;
let partnerA: Session;
let partnerB: Session;
const ids: Record<string, { id: string; partnerId: string | null }> = {};
const me = async (s: Session) =>
  (await s.get('/api/v1/auth/me')).json().user as { id: string; partnerId: string | null };
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t.app, 'admin@relais.test');
  commercial = await loginAs(t.app, 'commercial@relais.test');
  adv = await loginAs(t.app, 'adv@relais.test');
  support = await loginAs(t.app, 'support@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
  for (const [k, s] of Object.entries({ admin, commercial, adv, support, partnerA, partnerB })) {
    ids[k] = await me(s);
  }
});
afterAll(() => t.close());

describe('account manager by default', () => {
  it('is the commercial who creates the client, unless another one (or none) is chosen', async () => {
    const mine = await commercial.post('/api/v1/clients', { name: 'Zz Créé par le commercial' });
    expect(mine.json().accountManagerId).toBe(ids.commercial!.id);
    const byAdv = await adv.post('/api/v1/clients', { name: 'Zz Créé par l’ADV' });
    expect(byAdv.json().accountManagerId).toBe(ids.adv!.id);
    const none = await commercial.post('/api/v1/clients', { name: 'Zz Sans chargé', accountManagerId: null });
    expect(none.json().accountManagerId).toBeNull();
    const other = await commercial.post('/api/v1/clients', {
      name: 'Zz Pour l’ADV',
      accountManagerId: ids.adv!.id,
    });
    expect(other.json().accountManagerId).toBe(ids.adv!.id);
    // A partner's user is nobody's account manager.
    const byPartner = await partnerA.post('/api/v1/clients', { name: 'Zz Créé par le partenaire' });
    expect(byPartner.json().accountManagerId).toBeNull();
  });
});

describe('only a user who may own clients is an account manager (the picker’s rule)', () => {
  it('refuses support and the chef de projet on create, edit and bulk change, in French', async () => {
    const chef = (await admin.get('/api/v1/users?q=chef.projet@')).json().items[0] as { id: string };
    const refused =
      'Cette personne ne peut pas être chargée de compte : son rôle ne lui permet pas de suivre des clients.';
    const c = await buildClient(admin, { accountManagerId: null });
    for (const managerId of [ids.support!.id, chef.id]) {
      const created = await admin.post('/api/v1/clients', {
        name: 'Zz Chargé refusé',
        accountManagerId: managerId,
      });
      expect(created.statusCode, created.body).toBe(400);
      expect(created.json().error.details).toEqual([{ path: 'accountManagerId', message: refused }]);
      const edited = await admin.patch(`/api/v1/clients/${c.id}`, { accountManagerId: managerId });
      expect(edited.statusCode, edited.body).toBe(400);
      expect(edited.json().error.details).toEqual([{ path: 'accountManagerId', message: refused }]);
      const bulk = await admin.post('/api/v1/clients/bulk', { ids: [c.id], accountManagerId: managerId });
      expect(bulk.statusCode, bulk.body).toBe(400);
      expect(bulk.json().error.details).toEqual([{ path: 'accountManagerId', message: refused }]);
    }
    expect((await admin.get(`/api/v1/clients/${c.id}`)).json().accountManagerId).toBeNull();
    // A partner's user is nobody's account manager either.
    const byPartner = await admin.patch(`/api/v1/clients/${c.id}`, { accountManagerId: ids.partnerA!.id });
    expect(byPartner.statusCode).toBe(400);
    // Who the picker offers is accepted.
    const ok = await admin.patch(`/api/v1/clients/${c.id}`, { accountManagerId: ids.adv!.id });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe('GET /clients/owner-choices', () => {
  it('offers staff every partner and the users who may own clients', async () => {
    const fresh = await buildPartner(admin, { name: 'Zz Partenaire sans client' });
    const res = await commercial.get('/api/v1/clients/owner-choices');
    expect(res.statusCode).toBe(200);
    const { partners, accountManagers } = res.json() as Record<string, { id: string; name: string }[]>;
    expect(partners!.map((p) => p.id)).toEqual(
      expect.arrayContaining([fresh.id, ids.partnerA!.partnerId, ids.partnerB!.partnerId]),
    );
    const managerIds = accountManagers!.map((u) => u.id);
    expect(managerIds).toEqual(expect.arrayContaining([ids.commercial!.id, ids.adv!.id, ids.admin!.id]));
    expect(managerIds).not.toContain(ids.support!.id);
    expect(managerIds).not.toContain(ids.partnerA!.id);
  });

  it('is refused to partners and to roles that do not change clients', async () => {
    expect((await partnerA.get('/api/v1/clients/owner-choices')).statusCode).toBe(403);
    expect((await support.get('/api/v1/clients/owner-choices')).statusCode).toBe(403);
    expect((await partnerA.get('/api/v1/auth/me')).json().capabilities.assignClients).toBe(false);
    expect((await commercial.get('/api/v1/auth/me')).json().capabilities.assignClients).toBe(true);
  });
});

describe('POST /clients/bulk', () => {
  it('moves clients to another partner and manager in one change, audited per client', async () => {
    const from = await buildPartner(admin);
    const a = await buildClient(admin, { partnerId: from.id, accountManagerId: null });
    const b = await buildClient(admin, { partnerId: from.id, accountManagerId: null });
    const res = await admin.post('/api/v1/clients/bulk', {
      ids: [a.id, b.id],
      partnerId: ids.partnerB!.partnerId,
      accountManagerId: ids.commercial!.id,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: 2 });
    for (const c of [a, b]) {
      const got = (await admin.get(`/api/v1/clients/${c.id}`)).json();
      expect(got).toMatchObject({ partnerId: ids.partnerB!.partnerId, accountManagerId: ids.commercial!.id });
    }
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(inArray(auditLog.entityId, [a.id, b.id]), eq(auditLog.action, 'update')));
    expect(audits).toHaveLength(2);
    // The commercial hears of it once, for both clients.
    const mine = (await commercial.get('/api/v1/notifications?limit=100')).json().items as {
      title: string;
    }[];
    expect(mine.filter((n) => n.title === '2 clients attribués à votre nom')).toHaveLength(1);
    // Its clients gone, the partner can now be deleted.
    expect((await admin.delete(`/api/v1/partners/${from.id}`)).statusCode).toBe(204);
    // Back to direct clients.
    const direct = await admin.post('/api/v1/clients/bulk', { ids: [a.id], partnerId: null });
    expect(direct.statusCode).toBe(200);
    expect((await admin.get(`/api/v1/clients/${a.id}`)).json().partnerId).toBeNull();
  });

  it('never lets a partner move clients to another partner, nor touch another partner’s client', async () => {
    const ownA = await buildClient(partnerA);
    const ofB = await buildClient(partnerB);
    const move = await partnerA.post('/api/v1/clients/bulk', {
      ids: [ownA.id],
      partnerId: ids.partnerB!.partnerId,
    });
    expect(move.statusCode).toBe(403);
    const foreign = await partnerA.post('/api/v1/clients/bulk', {
      ids: [ownA.id, ofB.id],
      accountManagerId: ids.commercial!.id,
    });
    expect(foreign.statusCode).toBe(404);
    // Nothing changed: the refusal of one client refuses them all.
    expect((await partnerA.get(`/api/v1/clients/${ownA.id}`)).json()).toMatchObject({
      partnerId: ids.partnerA!.partnerId,
      accountManagerId: null,
    });
  });

  it('answers bad requests in French, without a 500', async () => {
    const c = await buildClient(admin);
    const nothing = await admin.post('/api/v1/clients/bulk', { ids: [c.id] });
    expect(nothing.statusCode).toBe(400);
    expect(JSON.stringify(nothing.json())).toContain('Choisissez un partenaire ou un chargé de compte.');
    const empty = await admin.post('/api/v1/clients/bulk', { ids: [], partnerId: null });
    expect(JSON.stringify(empty.json())).toContain('Sélectionnez au moins un client.');
    const unknownPartner = await admin.post('/api/v1/clients/bulk', {
      ids: [c.id],
      partnerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownPartner.statusCode).toBe(400);
    const unknownClient = await admin.post('/api/v1/clients/bulk', {
      ids: ['00000000-0000-4000-8000-000000000000'],
      partnerId: null,
    });
    expect(unknownClient.statusCode).toBe(404);
    expect((await support.post('/api/v1/clients/bulk', { ids: [c.id], partnerId: null })).statusCode).toBe(
      403,
    );
  });
});
