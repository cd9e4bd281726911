/**
 * Shared setup of the quote tests: a small catalogue (a phone, a monthly licence, an installation, a
 * pack of the three), partner A's price list (10 % off phones), a direct client and a client of
 * partner A, each with a billing site and a contact.
 */
import type { Db } from '../../infra/db.ts';
import { buildClient, partnerIdOf } from '../../test/factories.ts';
import { afterAll, beforeAll } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import {
  install as installBody,
  licence as licenceBody,
  phone as phoneBody,
  ref,
} from './catalogue.fixture.ts';

export type QuoteFixture = Awaited<ReturnType<typeof setUpQuotes>>;

async function created<T = { id: string }>(
  res: { statusCode: number; body: string },
  status = 201,
): Promise<T> {
  if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as T;
}

/** A client of `session` with a site and a contact; returns their ids. */
export async function clientWithRecords(session: Session, name: string, email = 'achats@example.test') {
  const client = await buildClient(session, { name });
  const site = await created(
    await session.post(`/api/v1/clients/${client.id}/sites`, {
      name: 'Siège',
      addressLine: '12 rue de la République',
      postalCode: '69002',
      city: 'Lyon',
    }),
  );
  const contact = await created(
    await session.post(`/api/v1/clients/${client.id}/contacts`, {
      firstName: 'Claire',
      lastName: 'Martin',
      email,
    }),
  );
  return { clientId: client.id, siteId: site.id, contactId: contact.id, partnerId: client.partnerId };
}

export async function setUpQuotes(t: TestApp) {
  const db: Db = t.database.db;
  const adv = await loginAs(t.app, 'adv@relais.test');
  const commercial = await loginAs(t.app, 'commercial@relais.test');
  const partner = await loginAs(t.app, 'partenaire@relais.test');
  const partner2 = await loginAs(t.app, 'partenaire2@relais.test');
  const partnerA = await partnerIdOf(db, 'partenaire@relais.test');
  const phone = await created(await adv.post('/api/v1/products', phoneBody()));
  const licence = await created(await adv.post('/api/v1/products', licenceBody()));
  const install = await created(await adv.post('/api/v1/products', installBody()));
  const pack = await created(
    await adv.post('/api/v1/packs', {
      reference: ref('PACK'),
      name: 'Pack pharmacie 3 postes',
      items: [
        { productId: phone.id, quantity: 3 },
        { productId: install.id, quantity: 1 },
        { productId: licence.id, quantity: 3 },
      ],
    }),
  );
  await created(
    await adv.put(`/api/v1/partners/${partnerA}/price-list`, {
      commissionBp: 1500,
      prices: [],
      categoryDiscounts: [{ category: 'postes', discountBp: 1000 }],
    }),
    200,
  );
  const direct = await clientWithRecords(commercial, `Pharmacie du Parc ${ref('c')}`);
  const other = await clientWithRecords(commercial, `Cabinet Bernard ${ref('c')}`);
  const ofPartner = await clientWithRecords(partner, `Boulangerie Lemoine ${ref('c')}`);
  return {
    db,
    adv,
    commercial,
    partner,
    partner2,
    partnerA,
    phone,
    licence,
    install,
    pack,
    direct,
    other,
    ofPartner,
  };
}

/**
 * Registers a test file's app and fixture (`createTestApp` options as `options` gives them, once); tests read them as
 * `s.t` and `s.f` once `beforeAll` has run.
 */
export function quoteSuite(
  options: () => Promise<Parameters<typeof createTestApp>[0]> | Parameters<typeof createTestApp>[0] = () => ({
    workers: false,
  }),
) {
  const s = {} as { t: TestApp; f: QuoteFixture };
  beforeAll(async () => {
    s.t = await createTestApp(await options());
    s.f = await setUpQuotes(s.t);
  }, 120_000);
  afterAll(async () => s.t?.close());
  return s;
}
