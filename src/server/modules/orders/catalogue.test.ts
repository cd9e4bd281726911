/**
 * The catalogue over HTTP: articles, packs and partner price lists — French validation, rights
 * (ADV maintains, commercial reads, partners read at their own prices and never see purchase costs),
 * pack expansion, half-up rounding of category discounts, audit.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { buildPartner, partnerIdOf } from '../../test/factories.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { install, licence, phone, ref } from './catalogue.fixture.ts';

let t: TestApp;
let db: Db;
let adv: Session;
let commercial: Session;
let partner: Session;
let partner2: Session;
let partnerA: string;
let partnerB: string;

async function create(body: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>> {
  const res = await adv.post('/api/v1/products', body);
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp({ workers: false });
  db = t.database.db;
  adv = await loginAs(t.app, 'adv@relais.test');
  commercial = await loginAs(t.app, 'commercial@relais.test');
  partner = await loginAs(t.app, 'partenaire@relais.test');
  partner2 = await loginAs(t.app, 'partenaire2@relais.test');
  partnerA = await partnerIdOf(db, 'partenaire@relais.test');
  partnerB = await partnerIdOf(db, 'partenaire2@relais.test');
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('catalogue articles', () => {
  it('refuses invalid articles with French messages on the fields at fault', async () => {
    const service = await adv.post('/api/v1/products', { ...install(), brand: 'Yealink', hasMac: true });
    expect(service.statusCode).toBe(400);
    expect(service.json().error.details).toEqual(
      expect.arrayContaining([
        { path: 'brand', message: 'La marque ne concerne que le matériel.' },
        { path: 'hasMac', message: 'L’adresse MAC ne concerne que le matériel.' },
      ]),
    );
    const sub = await adv.post(
      '/api/v1/products',
      licence({ billingPeriod: null, commitmentMonths: undefined }),
    );
    expect(sub.statusCode).toBe(400);
    const paths = sub.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['billingPeriod', 'commitmentMonths']));
    expect(JSON.stringify(sub.json())).toContain('Un abonnement est mensuel ou annuel');
    const vat = await adv.post('/api/v1/products', phone({ vatRateBp: 1960, priceCents: -1, name: '' }));
    expect(vat.statusCode).toBe(400);
    const messages = Object.fromEntries(
      vat.json().error.details.map((d: { path: string; message: string }) => [d.path, d.message]),
    );
    expect(messages.vatRateBp).toBe('Taux de TVA inconnu : 20 %, 10 %, 5,5 %, 2,1 %.');
    expect(messages.priceCents).toBe('Prix de vente HT : montant positif ou nul.');
    expect(messages.name).toBe('Désignation obligatoire.');
    const stranger = await adv.post('/api/v1/products', { ...install(), margin: 3 });
    expect(stranger.statusCode).toBe(400);
  });

  it('lets ADV create and change articles, refuses a reference taken whatever its case, audits', async () => {
    const p = await create(phone());
    expect(p).toMatchObject({ purchaseCostCents: 11_250, marginBp: 4048, abilities: { update: true } });
    const dup = await adv.post('/api/v1/products', phone({ reference: String(p.reference).toLowerCase() }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details).toEqual([{ path: 'reference', message: 'Référence déjà utilisée.' }]);
    // Becoming a service: the hardware fields must go, and the merged article says which.
    const kind = await adv.patch(`/api/v1/products/${p.id}`, { kind: 'service' });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      'brand',
      'model',
      'manufacturerRef',
      'hasSerial',
      'hasMac',
    ]);
    const price = await adv.patch(`/api/v1/products/${p.id}`, { priceCents: 19_900 });
    expect(price.statusCode).toBe(200);
    expect(price.json().priceCents).toBe(19_900);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'product'), eq(auditLog.entityId, p.id)));
    expect(entries.map((e) => e.action).sort()).toEqual(['create', 'update']);
  });

  it('answers 403 to roles without the catalogue right, and hides purchase costs from them', async () => {
    for (const s of [commercial, partner]) {
      expect((await s.post('/api/v1/products', install())).statusCode).toBe(403);
    }
    const p = await create(phone());
    expect((await commercial.patch(`/api/v1/products/${p.id}`, { priceCents: 1 })).statusCode).toBe(403);
    expect((await partner.delete(`/api/v1/products/${p.id}`)).statusCode).toBe(403);
    expect((await commercial.put(`/api/v1/partners/${partnerA}/price-list`, emptyList)).statusCode).toBe(403);
    const seen = await commercial.get(`/api/v1/products/${p.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).not.toHaveProperty('purchaseCostCents');
    expect(seen.json()).not.toHaveProperty('marginBp');
    expect(seen.json().abilities).toEqual({ update: false, delete: false });
  });

  it('shows inactive articles only to those who maintain the catalogue', async () => {
    const p = await create(phone({ active: false }));
    expect((await adv.get(`/api/v1/products/${p.id}`)).statusCode).toBe(200);
    expect((await commercial.get(`/api/v1/products/${p.id}`)).statusCode).toBe(404);
    const listed = (await commercial.get(`/api/v1/products?q=${p.reference}`)).json().items;
    expect(listed).toEqual([]);
    const forAdv = (await adv.get(`/api/v1/products?q=${p.reference}&active=false`)).json().items;
    expect(forAdv.map((x: { id: string }) => x.id)).toEqual([p.id]);
  });
});

const emptyList = { commissionBp: 0, prices: [], categoryDiscounts: [] };

describe('partner price lists', () => {
  it('prices a partner at its own price, else its category discount rounded half-up, never with costs', async () => {
    const p = await create(phone());
    const lic = await create(licence());
    const bad = await adv.put(`/api/v1/partners/${partnerA}/price-list`, {
      commissionBp: 12_000,
      prices: [{ productId: '00000000-0000-4000-8000-000000000000', priceCents: 5 }],
      categoryDiscounts: [{ category: 'fromages', discountBp: 100 }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual(
      expect.arrayContaining([
        { path: 'commissionBp', message: 'Commission : 100 % au plus.' },
        { path: 'categoryDiscounts.0.category', message: 'Catégorie inconnue.' },
      ]),
    );
    const missing = await adv.put(`/api/v1/partners/${partnerA}/price-list`, {
      ...emptyList,
      prices: [{ productId: '00000000-0000-4000-8000-000000000000', priceCents: 5 }],
    });
    expect(missing.json().error.details).toEqual([
      { path: 'prices.0.productId', message: 'Article introuvable.' },
    ]);

    const put = await adv.put(`/api/v1/partners/${partnerA}/price-list`, {
      commissionBp: 1500,
      notes: 'Grille 2026',
      prices: [{ productId: p.id, priceCents: 15_000 }],
      categoryDiscounts: [{ category: 'licences', discountBp: 500 }],
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      commissionBp: 1500,
      prices: [{ productId: p.id, listPriceCents: 18_900, priceCents: 15_000 }],
      categoryDiscounts: [{ category: 'licences', discountBp: 500 }],
    });

    // 10,30 € less 5 % = 9,785 €: half-up gives 9,79 € (banker's rounding would give 9,78 €).
    const mine = await partner.get(`/api/v1/products?partnerId=${partnerB}`);
    expect(mine.statusCode).toBe(200);
    const byId = new Map(mine.json().items.map((x: { id: string }) => [x.id, x]));
    expect(byId.get(p.id)).toMatchObject({ priceCents: 18_900, partnerPriceCents: 15_000 });
    expect(byId.get(lic.id)).toMatchObject({ priceCents: 1030, partnerPriceCents: 979 });
    expect(mine.body).not.toMatch(/purchaseCost|margin/);
    const one = await partner.get(`/api/v1/products/${p.id}`);
    expect(one.json().partnerPriceCents).toBe(15_000);
    expect(one.body).not.toMatch(/purchaseCost|margin/);

    // Partner B has no rule on licences: it pays the list price. Staff read a partner's prices on request.
    const other = (await partner2.get(`/api/v1/products/${lic.id}`)).json();
    expect(other.partnerPriceCents).toBe(1030);
    const staff = (await commercial.get(`/api/v1/products?partnerId=${partnerA}&q=${lic.reference}`)).json();
    expect(staff.items[0]).toMatchObject({ partnerPriceCents: 979 });
    expect((await commercial.get(`/api/v1/products/${lic.id}`)).json().partnerPriceCents).toBeNull();

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'partner_price_list'), eq(auditLog.entityId, partnerA)));
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.at(-1)!.partnerId).toBe(partnerA);
  });

  it('lets a partner read its own price list and no other (404)', async () => {
    const own = await partner.get(`/api/v1/partners/${partnerA}/price-list`);
    expect(own.statusCode).toBe(200);
    expect(own.json().abilities).toEqual({ update: false });
    expect((await partner.get(`/api/v1/partners/${partnerB}/price-list`)).statusCode).toBe(404);
    expect((await partner2.get(`/api/v1/partners/${partnerA}/price-list`)).statusCode).toBe(404);
    const fresh = await buildPartner(await loginAs(t.app, 'admin@relais.test'));
    const none = await commercial.get(`/api/v1/partners/${fresh.id}/price-list`);
    expect(none.statusCode).toBe(200);
    expect(none.json()).toMatchObject({
      commissionBp: 0,
      prices: [],
      categoryDiscounts: [],
      updatedAt: null,
    });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await adv.put(`/api/v1/partners/${unknown}/price-list`, emptyList)).statusCode).toBe(404);
  });
});

describe('packs', () => {
  it('expands a pack into editable lines at the caller’s prices, with one-off and monthly totals', async () => {
    const p = await create(phone());
    const lic = await create(licence());
    const inst = await create(install());
    const items = [
      { productId: p.id, quantity: 3 },
      { productId: inst.id, quantity: 1 },
      { productId: lic.id, quantity: 3 },
    ];
    const dup = await adv.post('/api/v1/packs', {
      reference: ref('PACK'),
      name: 'Pack double',
      items: [items[0], items[0]],
    });
    expect(dup.statusCode).toBe(400);
    expect(JSON.stringify(dup.json())).toContain('Un article figure deux fois dans le pack');
    expect(
      (await commercial.post('/api/v1/packs', { reference: ref('PACK'), name: 'X', items })).statusCode,
    ).toBe(403);
    const created = await adv.post('/api/v1/packs', {
      reference: ref('PACK'),
      name: 'Pack pharmacie',
      items,
    });
    expect(created.statusCode).toBe(201);
    const pack = created.json();
    expect(pack).toMatchObject({ oneOffCents: 3 * 18_900 + 35_000, monthlyCents: 3 * 1030, yearlyCents: 0 });
    expect(pack.items.map((i: { quantity: number }) => i.quantity)).toEqual([3, 1, 3]);

    await adv.put(`/api/v1/partners/${partnerA}/price-list`, {
      commissionBp: 1000,
      prices: [{ productId: p.id, priceCents: 16_000 }],
      categoryDiscounts: [{ category: 'licences', discountBp: 500 }],
    });
    const lines = await partner.get(`/api/v1/packs/${pack.id}/lines`);
    expect(lines.statusCode).toBe(200);
    expect(lines.json().items).toEqual([
      expect.objectContaining({ productId: p.id, quantity: 3, unitPriceCents: 16_000, discountBp: 0 }),
      expect.objectContaining({
        productId: inst.id,
        quantity: 1,
        unitPriceCents: 35_000,
        billingPeriod: null,
      }),
      expect.objectContaining({
        productId: lic.id,
        label: 'Licence centrex utilisateur',
        unitPriceCents: 979,
        billingPeriod: 'mensuel',
        commitmentMonths: 36,
        vatRateBp: 2000,
      }),
    ]);
    expect(lines.body).not.toMatch(/purchaseCost|margin/);
    const listed = (await partner.get('/api/v1/packs'))
      .json()
      .items.find((x: { id: string }) => x.id === pack.id);
    expect(listed).toMatchObject({ oneOffCents: 3 * 16_000 + 35_000, monthlyCents: 3 * 979 });
    const forStaff = (await commercial.get(`/api/v1/packs/${pack.id}/lines?partnerId=${partnerA}`)).json();
    expect(forStaff.items[0].unitPriceCents).toBe(16_000);
    expect((await commercial.get(`/api/v1/packs/${pack.id}/lines`)).json().items[0].unitPriceCents).toBe(
      18_900,
    );

    // An article in a pack is not deleted; the pack changes its articles, then it can be.
    const refused = await adv.delete(`/api/v1/products/${inst.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('figure dans un pack');
    const changed = await adv.patch(`/api/v1/packs/${pack.id}`, { items: [items[2], items[0]] });
    expect(changed.json().items.map((i: { productId: string }) => i.productId)).toEqual([lic.id, p.id]);
    expect((await adv.delete(`/api/v1/products/${inst.id}`)).statusCode).toBe(204);
    const hidden = await adv.patch(`/api/v1/packs/${pack.id}`, { active: false });
    expect(hidden.statusCode).toBe(200);
    expect((await partner.get(`/api/v1/packs/${pack.id}`)).statusCode).toBe(404);
    expect((await adv.delete(`/api/v1/packs/${pack.id}`)).statusCode).toBe(204);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'product_pack'), eq(auditLog.entityId, pack.id)));
    expect(audit.map((e) => e.action).sort()).toEqual(['create', 'delete', 'update', 'update']);
  });
});
