import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Session;
let commercial: Session;
let partnerA: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t.app, 'admin@relais.test');
  commercial = await loginAs(t.app, 'commercial@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
});
afterAll(() => t.close());

type Segment = { id: string; name: string; clientCount: number };
async function segments(s: Session = admin): Promise<Segment[]> {
  const res = await s.get('/api/v1/client-segments');
  expect(res.statusCode).toBe(200);
  return res.json().items;
}
const details = (res: { json(): { error: { details: { path: string; message: string }[] } } }) =>
  res.json().error.details;

describe('client identity fields', () => {
  it('creates a client with all identity fields and returns the NAF label and sector', async () => {
    const pharmacie = (await segments(commercial)).find((s) => s.name === 'Pharmacie')!;
    const res = await commercial.post('/api/v1/clients', {
      name: 'Pharmacie Identité',
      siren: '732 829 320',
      siret: '73282932000074',
      vatNumber: 'fr 44 732829320',
      nafCode: '4773z',
      legalForm: 'SELARL',
      segmentId: pharmacie.id,
      sizeBand: '03',
      tags: ['officine', 'fibre', 'officine'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      siren: '732829320',
      vatNumber: 'FR44732829320',
      nafCode: '47.73Z',
      nafLabel: 'Commerce de détail de produits pharmaceutiques en magasin spécialisé',
      sector: { code: 'G' },
      legalForm: 'SELARL',
      segmentId: pharmacie.id,
      segment: 'Pharmacie',
      sizeBand: '03',
      tags: ['officine', 'fibre'],
    });
    const detail = (await commercial.get(`/api/v1/clients/${res.json().id}`)).json();
    expect(detail.nafLabel).toMatch(/pharmaceutiques/);
  });

  it('answers 400 with the field and a French message for bad VAT, NAF, SIRET, legal form, size band', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ siren: '732829320', vatNumber: 'FR45732829320' }, 'vatNumber', /clé ne correspond pas au SIREN/],
      [
        { siren: '552100554', vatNumber: 'FR44732829320' },
        'vatNumber',
        /ne correspond pas au SIREN du client \(attendu FR96552100554\)/,
      ],
      [{ vatNumber: 'DE1234' }, 'vatNumber', /format invalide/],
      [{ nafCode: '12.34X' }, 'nafCode', /Code NAF inconnu/],
      [{ siret: '73282932000075' }, 'siret', /SIRET invalide/],
      [{ siren: '552100554', siret: '73282932000074' }, 'siret', /commencer par le SIREN/],
      [{ legalForm: 'XYZ' }, 'legalForm', /Forme juridique inconnue/],
      [{ sizeBand: '99' }, 'sizeBand', /Tranche d’effectif inconnue/],
      [{ segmentId: '00000000-0000-4000-8000-000000000000' }, 'segmentId', /Segment inconnu/],
    ];
    for (const [body, path, message] of cases) {
      const res = await commercial.post('/api/v1/clients', { name: 'Client invalide', ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      const d = details(res).find((x) => x.path === path);
      expect(d?.message, JSON.stringify(details(res))).toMatch(message);
    }
  });

  it('checks the VAT against the stored SIREN when only the VAT is patched', async () => {
    const c = (
      await commercial.post('/api/v1/clients', { name: 'Assurances Patch', siren: '552100554' })
    ).json();
    const bad = await commercial.patch(`/api/v1/clients/${c.id}`, { vatNumber: 'FR44732829320' });
    expect(bad.statusCode).toBe(400);
    expect(details(bad)[0]).toMatchObject({ path: 'vatNumber' });
    const ok = await commercial.patch(`/api/v1/clients/${c.id}`, {
      vatNumber: 'FR96552100554',
      nafCode: '66.22Z',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      vatNumber: 'FR96552100554',
      nafLabel: "Activités des agents et courtiers d'assurances",
    });
    const cleared = await commercial.patch(`/api/v1/clients/${c.id}`, { nafCode: '', vatNumber: null });
    expect(cleared.json()).toMatchObject({ nafCode: null, nafLabel: null, sector: null, vatNumber: null });
  });

  it('gives demo clients realistic identities', async () => {
    const items = (await admin.get('/api/v1/clients?limit=200')).json().items as {
      siren: string;
      vatNumber: string;
      nafCode: string | null;
      segment: string;
      tags: string[];
    }[];
    expect(items.length).toBeGreaterThan(20);
    for (const c of items.filter((x) => x.vatNumber)) {
      expect(c.vatNumber.slice(4)).toBe(c.siren);
    }
    const pharmacies = items.filter((c) => c.segment === 'Pharmacie');
    expect(pharmacies.length).toBeGreaterThan(0);
    expect(pharmacies.every((c) => c.nafCode === '47.73Z')).toBe(true);
    expect(items.some((c) => c.tags.length > 0)).toBe(true);
  });
});

describe('list filters', () => {
  it('filters by segment, status and tag, within the partner’s scope', async () => {
    const notariat = (await segments()).find((s) => s.name === 'Notariat')!;
    const bySegment = (await admin.get(`/api/v1/clients?limit=200&segmentId=${notariat.id}`)).json().items;
    expect(bySegment.length).toBeGreaterThan(0);
    expect(bySegment.every((c: { segment: string }) => c.segment === 'Notariat')).toBe(true);

    const tagged = await commercial.post('/api/v1/clients', {
      name: 'Client étiqueté',
      status: 'ancien',
      tags: ['étiquette-rare'],
    });
    expect(tagged.statusCode).toBe(201);
    const byTag = (await admin.get(`/api/v1/clients?tag=${encodeURIComponent('étiquette-rare')}`)).json()
      .items;
    expect(byTag.map((c: { id: string }) => c.id)).toEqual([tagged.json().id]);
    const byTagAndStatus = (
      await admin.get(`/api/v1/clients?tag=${encodeURIComponent('étiquette-rare')}&status=actif`)
    ).json();
    expect(byTagAndStatus.items).toEqual([]);
    expect(
      (await partnerA.get(`/api/v1/clients?tag=${encodeURIComponent('étiquette-rare')}`)).json().items,
    ).toEqual([]);
  });
});

describe('client segments (admin)', () => {
  it('lists segments to those who read clients, and lets only admins change them', async () => {
    expect((await segments(partnerA)).map((s) => s.name)).toContain('Pharmacie');
    expect((await commercial.post('/api/v1/client-segments', { name: 'Opticien' })).statusCode).toBe(403);
    const created = await admin.post('/api/v1/client-segments', { name: 'Opticien' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Opticien', clientCount: 0 });
    const dup = await admin.post('/api/v1/client-segments', { name: 'opticien' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toMatch(/existe déjà/);
    const renamed = await admin.patch(`/api/v1/client-segments/${created.json().id}`, { name: 'Opticiens' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('Opticiens');
    expect((await admin.delete(`/api/v1/client-segments/${created.json().id}`)).statusCode).toBe(204);
    expect((await segments()).map((s) => s.name)).not.toContain('Opticiens');
  });

  it('counts in each segment only the clients the reader may see', async () => {
    const segment = (await admin.post('/api/v1/client-segments', { name: 'Lunetier' })).json() as Segment;
    for (const [who, name] of [
      [admin, 'Optique du Centre'],
      [admin, 'Optique des Halles'],
      [partnerA, 'Optique Partenaire A'],
    ] as const) {
      expect((await who.post('/api/v1/clients', { name, segmentId: segment.id })).statusCode).toBe(201);
    }
    const countFor = async (s: Session) => (await segments(s)).find((x) => x.id === segment.id)?.clientCount;
    expect(await countFor(admin)).toBe(3);
    expect(await countFor(partnerA)).toBe(1);
    expect(await countFor(await loginAs(t.app, 'partenaire2@relais.test'))).toBe(0);
    expect(await countFor(await loginAs(t.app, 'compta@relais.test'))).toBe(3);
  });

  it('refuses to delete a segment clients use, with a French message', async () => {
    const pharmacie = (await segments()).find((s) => s.name === 'Pharmacie')!;
    expect(pharmacie.clientCount).toBeGreaterThan(0);
    const res = await admin.delete(`/api/v1/client-segments/${pharmacie.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(
      /Impossible de supprimer le segment « Pharmacie » : \d+ clients? l’utilise/,
    );
    expect((await segments()).map((s) => s.id)).toContain(pharmacie.id);
  });
});
