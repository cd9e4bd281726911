import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentOf } from '../../../shared/geo.ts';
import { clients } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let adv: Session;
let commercial: Session;
let partnerA: Session;
let partnerB: Session;
beforeAll(async () => {
  t = await createTestApp();
  adv = await loginAs(t.app, 'adv@relais.test');
  commercial = await loginAs(t.app, 'commercial@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
});
afterAll(() => t.close());

type Client = { id: string; name: string; partnerId: string | null; status: string };
async function names(s: Session, query: string, limit = 2): Promise<string[]> {
  const out: Client[] = [];
  let cursor: string | null = null;
  do {
    const res = await s.get(`/api/v1/clients?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode).toBe(200);
    out.push(...res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor);
  return out.map((c) => c.name);
}

const me = async (s: Session) =>
  (await s.get('/api/v1/auth/me')).json().user as { id: string; partnerId: string | null };

describe('client list filters', () => {
  let segmentId: string;
  let managerId: string;
  beforeAll(async () => {
    segmentId = (await adv.get('/api/v1/client-segments')).json().items[0].id;
    // Adèle manages none of the demo clients (the commercial manages them all).
    managerId = (await me(adv)).id;
    const partnerAId = (await me(partnerA)).partnerId!;
    const rows = [
      {
        name: 'Zz Étoile Rhône',
        postalCode: '69003',
        status: 'actif',
        tags: ['vip'],
        mine: true,
        partnerId: partnerAId,
      },
      {
        name: 'Zz Éclair Rhône',
        postalCode: '69100',
        status: 'actif',
        tags: ['vip', 'fibre'],
        mine: true,
        partnerId: null,
      },
      {
        name: 'Zz Ecole Rhône',
        postalCode: '69007',
        status: 'prospect',
        tags: ['vip'],
        mine: true,
        partnerId: partnerAId,
      },
      {
        name: 'Zz Abeille Paris',
        postalCode: '75011',
        status: 'actif',
        tags: ['vip'],
        mine: true,
        partnerId: null,
      },
      {
        name: 'Zz Zèbre Rhône',
        postalCode: '69001',
        status: 'actif',
        tags: [],
        mine: false,
        partnerId: null,
      },
    ];
    const ids: string[] = [];
    for (const r of rows) {
      const res = await adv.post('/api/v1/clients', {
        name: r.name,
        postalCode: r.postalCode,
        status: r.status,
        tags: r.tags,
        segmentId,
        partnerId: r.partnerId,
        accountManagerId: r.mine ? managerId : null,
      });
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
    }
    // The département is derived from the postal code when the client is written; make sure the
    // fixtures carry it whatever path wrote them.
    for (const [i, id] of ids.entries()) {
      await t.database.db
        .update(clients)
        .set({ department: departmentOf(rows[i]!.postalCode) })
        .where(eq(clients.id, id));
    }
    expect((await t.database.db.select().from(clients).where(inArray(clients.id, ids))).length).toBe(5);
  });

  it('combines segment, département, status, account manager and tag, in French order with paging', async () => {
    const q = `segmentId=${segmentId}&department=69&status=actif&accountManagerId=${managerId}&tag=vip&q=Zz`;
    expect(await names(adv, q)).toEqual(['Zz Éclair Rhône', 'Zz Étoile Rhône']);
    expect(await names(adv, `department=69&q=Zz&accountManagerId=${managerId}`, 1)).toEqual([
      'Zz Éclair Rhône',
      'Zz Ecole Rhône',
      'Zz Étoile Rhône',
    ]);
    expect(await names(adv, 'department=75&q=Zz')).toEqual(['Zz Abeille Paris']);
    expect(await names(adv, 'tag=fibre&q=Zz')).toEqual(['Zz Éclair Rhône']);
    const bad = await adv.get('/api/v1/clients?department=6');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('department');
  });

  it('keeps a partner inside its scope, whatever the filters say', async () => {
    const partnerBId = (await me(partnerB)).partnerId!;
    expect(await names(partnerA, `department=69&q=Zz&accountManagerId=${managerId}`)).toEqual([
      'Zz Ecole Rhône',
      'Zz Étoile Rhône',
    ]);
    expect(await names(partnerB, 'department=69&q=Zz')).toEqual([]);
    expect(await names(partnerA, `partnerId=${partnerBId}`)).toEqual([]);
  });

  it('lists the account managers and partners of the visible clients only', async () => {
    const staff = (await adv.get('/api/v1/clients/account-managers')).json().items as {
      id: string;
      name: string;
    }[];
    expect(staff.map((u) => u.name)).toEqual(expect.arrayContaining(['Adèle Ventes', 'Camille Commerciale']));
    const ofB = (await partnerB.get('/api/v1/clients/account-managers')).json().items as { id: string }[];
    expect(ofB.map((u) => u.id)).not.toContain(managerId);
    const ofA = (await partnerA.get('/api/v1/clients/account-managers')).json().items as { id: string }[];
    expect(ofA.map((u) => u.id)).toContain(managerId);
    const partnersOfA = (await partnerA.get('/api/v1/clients/partners')).json().items as { id: string }[];
    expect(partnersOfA.map((p) => p.id)).toEqual([(await me(partnerA)).partnerId]);
    const partnersForStaff = (await adv.get('/api/v1/clients/partners')).json().items as { id: string }[];
    expect(partnersForStaff.length).toBeGreaterThanOrEqual(2);
  });
});

describe('saved filters', () => {
  it('saves, lists and deletes a user’s own filters; a duplicate name is a 409 in French', async () => {
    const body = { name: 'Mes pharmacies du 69', query: { department: '69', status: 'actif', q: '' } };
    const created = await adv.post('/api/v1/saved-filters?list=clients', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Mes pharmacies du 69',
      list: 'clients',
      query: { department: '69', status: 'actif' },
    });
    expect(created.json().query).not.toHaveProperty('q');

    const dup = await adv.post('/api/v1/saved-filters?list=clients', { ...body, query: {} });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('Vous avez déjà un filtre nommé « Mes pharmacies du 69 ».');
    expect(dup.json().error.details).toEqual([
      { path: 'name', message: expect.stringContaining('déjà utilisé') },
    ]);

    // Same name, another user: allowed, and each sees only their own.
    expect((await commercial.post('/api/v1/saved-filters?list=clients', body)).statusCode).toBe(201);
    expect(
      (await adv.post('/api/v1/saved-filters?list=clients', { name: 'Actifs', query: { status: 'actif' } }))
        .statusCode,
    ).toBe(201);
    const mine = (await adv.get('/api/v1/saved-filters?list=clients')).json().items as {
      id: string;
      name: string;
    }[];
    expect(mine.map((f) => f.name)).toEqual(['Actifs', 'Mes pharmacies du 69']);
    const theirs = (await commercial.get('/api/v1/saved-filters?list=clients')).json().items as {
      id: string;
    }[];
    expect(theirs).toHaveLength(1);
    expect(theirs.map((f) => f.id)).not.toContain(mine[0]!.id);

    // Someone else's filter: 404, and it is still there.
    const other = await commercial.delete(`/api/v1/saved-filters/${mine[0]!.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect((await adv.get('/api/v1/saved-filters?list=clients')).json().items).toHaveLength(2);
    expect((await adv.delete(`/api/v1/saved-filters/${mine[0]!.id}`)).statusCode).toBe(204);
    expect((await adv.delete(`/api/v1/saved-filters/${mine[0]!.id}`)).statusCode).toBe(404);
    expect((await adv.get('/api/v1/saved-filters?list=clients')).json().items).toHaveLength(1);
  });

  it('checks the saved query against the list’s filters and the list name', async () => {
    const bad = await partnerA.post('/api/v1/saved-filters?list=clients', {
      name: 'Mauvais',
      query: { department: 'xx', inconnu: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['query.department']),
    );
    expect((await partnerA.get('/api/v1/saved-filters?list=tickets')).statusCode).toBe(400);
    expect(
      (
        await partnerA.post('/api/v1/saved-filters?list=clients', {
          name: 'Les miens',
          query: { tag: 'vip' },
        })
      ).statusCode,
    ).toBe(201);
    expect((await partnerB.get('/api/v1/saved-filters?list=clients')).json().items).toEqual([]);
  });
});
