import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchOut } from '../../../shared/schemas/search.ts';
import { clients, contacts, numberRanges, sites, telephonyPlatforms } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { withLuhnKey } from '../../../shared/schemas/common.ts';
import { parseQuery } from './search.service.ts';

let t: TestApp;
let admin: Session;
let support: Session;
let partnerA: Session;
let partnerB: Session;
const ids = {} as Record<'sge' | 'ofA' | 'pharma' | 'pharmaPrefix' | 'contact' | 'site' | 'platform', string>;

beforeAll(async () => {
  t = await createTestApp({ workers: false });
  admin = await loginAs(t.app, 'admin@relais.test');
  support = await loginAs(t.app, 'support@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
  const partnerAId = (await partnerA.get('/api/v1/auth/me')).json().user.partnerId as string;
  const db = t.database.db;
  const [sge, ofA, pharma, pharmaPrefix] = await db
    .insert(clients)
    .values([
      {
        name: 'Société Générale Énergie',
        siren: '732829320',
        siret: '73282932000074',
        email: 'Contact@SGE-Energie.fr',
        phone: '04 72 00 00 01',
        phoneE164: '+33472000001',
        postalCode: '69003',
        city: 'Lyon',
      },
      { name: 'Quincaillerie Zébulon', partnerId: partnerAId, postalCode: '13006', city: 'Marseille' },
      { name: 'Pharmacie Lefèvre', postalCode: '59000', city: 'Lille' },
      { name: 'Pharmacie Lefèvre et Fils', postalCode: '59000', city: 'Lille' },
    ])
    .returning();
  ids.sge = sge!.id;
  ids.ofA = ofA!.id;
  ids.pharma = pharma!.id;
  ids.pharmaPrefix = pharmaPrefix!.id;
  const [contact] = await db
    .insert(contacts)
    .values([
      {
        clientId: sge!.id,
        firstName: 'Hélène',
        lastName: 'Durandeau',
        email: 'helene.durandeau@sge-energie.fr',
        mobile: '06 12 34 56 78',
        mobileE164: '+33612345678',
      },
      {
        clientId: ofA!.id,
        firstName: 'Zoé',
        lastName: 'Zébulon',
        phone: '04 91 00 00 02',
        phoneE164: '+33491000002',
      },
    ])
    .returning();
  ids.contact = contact!.id;
  const [site] = await db
    .insert(sites)
    .values({ clientId: sge!.id, name: 'Siège', postalCode: '69003', city: 'Villeurbanne-Écully' })
    .returning();
  ids.site = site!.id;
  const [platform] = await db
    .insert(telephonyPlatforms)
    .values({ clientId: sge!.id, kind: 'centrex', provider: 'Axialys', tenantId: 'SGE-TENANT-0042' })
    .returning();
  ids.platform = platform!.id;
  await db.insert(numberRanges).values({
    platformId: platform!.id,
    clientId: sge!.id,
    startE164: '+33478100000',
    endE164: '+33478100099',
    startNum: 33478100000,
    endNum: 33478100099,
    label: 'SDA standard',
  });
});
afterAll(async () => {
  await t?.close();
});

const search = async (s: Session, q: string, extra = ''): Promise<SearchOut> => {
  const res = await s.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const group = (out: SearchOut, type: string) => out.groups.find((g) => g.type === type)?.items ?? [];

describe('parseQuery', () => {
  it('reads every French phone format as the same E.164 number', () => {
    for (const q of ['06 12 34 56 78', '+33 6 12 34 56 78', '0033612345678', '612345678', '06.12.34.56.78']) {
      expect(parseQuery(q).phones, q).toContain('+33612345678');
    }
  });
  it('recognises SIREN, SIRET, postal code, email and record numbers', () => {
    expect(parseQuery('732 829 320').siren).toBe('732829320');
    expect(parseQuery('732 829 320 00074').siret).toBe('73282932000074');
    expect(parseQuery('69003').postalCode).toBe('69003');
    expect(parseQuery('A@B.fr').email).toBe('a@b.fr');
    expect(parseQuery('t-2026-00042').recordNumber).toBe('T-2026-00042');
  });
});

describe('GET /api/v1/search', () => {
  it('finds a name without accents and with a typo, and highlights the match', async () => {
    const out = await search(support, 'societe generale energi');
    const [first] = group(out, 'clients');
    expect(first).toMatchObject({ id: ids.sge, title: 'Société Générale Énergie', field: 'name' });
    expect(first!.ranges.length).toBeGreaterThan(0);
    const [s, e] = first!.ranges[0]!;
    expect(first!.value.slice(s, e)).toBe('Société');
  });

  it('finds the contact with every phone format', async () => {
    for (const q of ['06 12 34 56 78', '+33 6 12 34 56 78', '0033612345678', '612345678']) {
      const out = await search(support, q);
      expect(
        group(out, 'contacts').map((h) => h.id),
        q,
      ).toContain(ids.contact);
      expect(group(out, 'contacts')[0]).toMatchObject({ match: 'exact', field: 'mobile' });
    }
  });

  it('finds a client by SIREN, SIRET (spaces allowed), email, phone, postal code and city', async () => {
    for (const [q, field] of [
      ['732 829 320', 'siren'],
      ['732 829 320 00074', 'siret'],
      ['contact@sge-energie.fr', 'email'],
      ['04 72 00 00 01', 'phone'],
      ['69003', 'postal_code'],
      ['lyon', 'city'],
    ] as const) {
      const hits = group(await search(support, q), 'clients');
      expect(
        hits.find((h) => h.id === ids.sge),
        q,
      ).toMatchObject({ match: 'exact', field });
    }
  });

  it('finds a contact by email and by name in either order, a site by city, a platform by tenant', async () => {
    expect(group(await search(support, 'HELENE.durandeau@sge-energie.fr'), 'contacts')[0]?.id).toBe(
      ids.contact,
    );
    expect(group(await search(support, 'durandeau helene'), 'contacts')[0]).toMatchObject({
      id: ids.contact,
      match: 'exact',
    });
    expect(group(await search(support, 'villeurbanne ecully'), 'sites')[0]?.id).toBe(ids.site);
    expect(group(await search(support, 'sge-tenant'), 'platforms')[0]?.id).toBe(ids.platform);
  });

  it('finds the client whose SDA range holds a number', async () => {
    const out = await search(support, '04 78 10 00 42');
    expect(group(out, 'numbers')[0]).toMatchObject({ title: 'Société Générale Énergie', field: 'range' });
    expect(group(await search(support, '04 78 10 01 00'), 'numbers')).toEqual([]);
  });

  it('ranks exact identifiers first, then prefixes, then fuzzy matches', async () => {
    const hits = group(await search(support, 'pharmacie lefevre'), 'clients');
    expect(hits.slice(0, 2).map((h) => [h.id, h.match])).toEqual([
      [ids.pharma, 'exact'],
      [ids.pharmaPrefix, 'prefix'],
    ]);
    const fuzzy = group(await search(support, 'pharmacie lefevr'), 'clients');
    expect(fuzzy[0]).toMatchObject({ match: 'prefix' });
    const typo = group(await search(support, 'pharmasie lefevre'), 'clients');
    expect(typo.map((h) => h.id)).toContain(ids.pharma);
    expect(typo.find((h) => h.id === ids.pharma)?.match).toBe('fuzzy');
    // Group order: the group holding an exact hit comes first.
    const out = await search(support, '06 12 34 56 78');
    expect(out.groups[0]?.type).toBe('contacts');
  });

  it('corrects a typo in any word, hyphenated names included, and learns the words of a renamed client', async () => {
    expect(group(await search(support, 'helene durandau'), 'contacts')[0]?.id).toBe(ids.contact);
    expect(group(await search(support, 'societe generalle'), 'clients')[0]?.id).toBe(ids.sge);
    const res = await admin.patch(`/api/v1/clients/${ids.pharmaPrefix}`, {
      name: 'Pharmacie Lefèvre-Vauquelin',
    });
    expect(res.statusCode, res.body).toBe(200);
    const hits = group(await search(support, 'pharmacie vauqelin'), 'clients');
    expect(hits[0]).toMatchObject({ id: ids.pharmaPrefix, match: 'fuzzy' });
    // Nothing shares every corrected word: no hit rather than noise.
    expect(group(await search(support, 'pharmacie zebulon'), 'clients')).toEqual([]);
    await admin.patch(`/api/v1/clients/${ids.pharmaPrefix}`, { name: 'Pharmacie Lefèvre et Fils' });
  });

  it('keeps a partner to its own clients: B never sees A’s client, its contacts or numbers', async () => {
    expect(group(await search(partnerA, 'quincaillerie zebulon'), 'clients').map((h) => h.id)).toEqual([
      ids.ofA,
    ]);
    const b = await search(partnerB, 'quincaillerie zebulon');
    expect(b.groups.flatMap((g) => g.items).some((h) => h.id === ids.ofA)).toBe(false);
    expect(await search(partnerB, '04 91 00 00 02')).toMatchObject({ total: 0 });
    expect(group(await search(partnerA, '04 91 00 00 02'), 'contacts')).toHaveLength(1);
    // Nor does B see the internal client.
    expect((await search(partnerB, 'societe generale energie')).total).toBe(0);
  });

  it('shows phone numbers the French way, not as typed nor in E.164 (issue 15 item 6)', async () => {
    const [typed] = await t.database.db
      .insert(contacts)
      .values({
        clientId: ids.sge,
        firstName: 'Paul',
        lastName: 'Tapé',
        phone: '0478123457',
        phoneE164: '+33478123457',
      })
      .returning();
    const hit = group(await search(support, '+33 4 78 12 34 57'), 'contacts').find((h) => h.id === typed!.id);
    expect(hit).toMatchObject({ field: 'phone', value: '04 78 12 34 57' });
    expect(group(await search(support, '0612345678'), 'contacts')[0]?.value).toBe('06 12 34 56 78');
    expect(group(await search(support, '04 78 10 00 42'), 'numbers')[0]?.value).toBe(
      '04 78 10 00 00 → 00 99 (100 numéros)',
    );
  });

  it('filters by type, caps the limit, validates and needs a session', async () => {
    const out = await search(admin, 'societe generale', '&types=sites&limit=3');
    expect(out.groups.every((g) => g.type === 'sites')).toBe(true);
    const bad = await admin.get('/api/v1/search?q=');
    expect(bad.statusCode).toBe(400);
    expect((await admin.get('/api/v1/search?q=a&limit=500')).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/search?q=lyon' })).statusCode).toBe(401);
  });
});

describe('words across a client’s fields (issue 15 item 4)', () => {
  const across = {} as Record<
    'named' | 'centre' | 'halles' | 'lyon' | 'perpignan' | 'nimes' | 'contact',
    string
  >;
  beforeAll(async () => {
    const db = t.database.db;
    const made = await db
      .insert(clients)
      .values([
        { name: 'Pharmacie de Grenoble', postalCode: '38000', city: 'Grenoble' },
        { name: 'Pharmacie Vaucanson', postalCode: '38000', city: 'Grenoble' },
        { name: 'Grande Pharmacie Bastille', postalCode: '38100', city: 'Grenoble' },
        { name: 'Pharmacie Vaucanson Bis', postalCode: '69003', city: 'Lyon' },
        { name: 'Agence Crédit Mutuel Garnier', postalCode: '66000', city: 'Perpignan' },
        { name: 'Agence Crédit Mutuel Garnier', postalCode: '30000', city: 'Nîmes' },
        { name: 'Pharmacie de la Gare', postalCode: '25000', city: 'Besançon' },
        { name: 'Métallerie Gauthier', postalCode: '21000', city: 'Dijon' },
        { name: 'Cabinet Tournesol', postalCode: '44000', city: 'Nantes' },
      ])
      .returning();
    [across.named, across.centre, across.halles, across.lyon, across.perpignan, across.nimes] = made.map(
      (c) => c.id,
    ) as [string, string, string, string, string, string];
    const [k] = await db
      .insert(contacts)
      .values([
        { clientId: made[8]!.id, firstName: 'Paul', lastName: 'Fournier' },
        { clientId: made[1]!.id, firstName: 'Agathe', lastName: 'Quintard' },
      ])
      .returning();
    across.contact = k!.id;
    await db.insert(sites).values({ clientId: made[2]!.id, name: 'Réserve Échirolles', city: 'Échirolles' });
  });

  it('matches each word in the name, city, postal code, a contact or a site', async () => {
    // (The template's demo data has a pharmacy in Grenoble too.)
    const hits = group(await search(support, 'pharmacie grenoble', '&limit=50'), 'clients');
    expect(hits.map((h) => h.id)).toEqual(
      expect.arrayContaining([across.named, across.centre, across.halles]),
    );
    expect(hits.map((h) => h.id)).not.toContain(across.lyon);
    expect(hits.every((h) => h.subtitle?.endsWith('Grenoble'))).toBe(true);
    // Whole words as typed: exact, never « approché ».
    expect(hits.every((h) => h.match === 'exact')).toBe(true);
    expect(group(await search(support, 'credit mutuel perpignan'), 'clients').map((h) => h.id)).toEqual([
      across.perpignan,
    ]);
    expect(group(await search(support, 'pharmacie 38100'), 'clients').map((h) => h.id)).toEqual([
      across.halles,
    ]);
    expect(group(await search(support, 'pharmacie quintard'), 'clients').map((h) => h.id)).toEqual([
      across.centre,
    ]);
    expect(group(await search(support, 'pharmacie echirolles'), 'clients').map((h) => h.id)).toEqual([
      across.halles,
    ]);
    // Typos in the city too, and a word begun.
    expect(
      group(await search(support, 'pharmacie grenble', '&limit=50'), 'clients').map((h) => h.id),
    ).toEqual(expect.arrayContaining([across.named, across.centre, across.halles]));
    const begun = group(await search(support, 'vaucanson gren'), 'clients');
    expect(begun.map((h) => [h.id, h.match])).toEqual([[across.centre, 'prefix']]);
  });

  it('keeps fuzzy noise out: « garnier » finds Garnier, not Gare, Gauthier or Fournier', async () => {
    const out = await search(support, 'garnier');
    const all = out.groups.flatMap((g) => g.items);
    expect(all.map((h) => h.id)).toEqual(expect.arrayContaining([across.perpignan, across.nimes]));
    expect(all.filter((h) => !/garnier/i.test(`${h.title} ${h.value}`))).toEqual([]);
    expect(all.filter((h) => h.match !== 'exact')).toEqual([]);
    // A typo is still corrected.
    expect(group(await search(support, 'garnieer'), 'clients').map((h) => h.id)).toEqual(
      expect.arrayContaining([across.perpignan, across.nimes]),
    );
  });

  it('filters the clients list the same way', async () => {
    const res = await support.get(`/api/v1/clients?q=${encodeURIComponent('pharmacie grenoble')}`);
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json().items as { id: string }[]).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([across.named, across.centre, across.halles]));
    expect(ids).not.toContain(across.lyon);
  });
});

describe('SIREN derived from the SIRET (issue 15 item 5)', () => {
  it('a client created with its SIRET alone is found by its SIREN', async () => {
    const siret = withLuhnKey(`${withLuhnKey('41234567')}0001`);
    const res = await admin.post('/api/v1/clients', { name: 'Officine Siretonly', siret });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ siret, siren: siret.slice(0, 9) });
    const hit = group(await search(support, siret.slice(0, 9)), 'clients')[0];
    expect(hit).toMatchObject({ id: res.json().id, field: 'siren', match: 'exact' });
    // And a SIRET added later to a client without SIREN.
    const other = await admin.post('/api/v1/clients', { name: 'Officine Sanssiren' });
    const later = withLuhnKey(`${withLuhnKey('41234568')}0001`);
    const patched = await admin.patch(`/api/v1/clients/${other.json().id}`, { siret: later });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ siren: later.slice(0, 9) });
  });
});
