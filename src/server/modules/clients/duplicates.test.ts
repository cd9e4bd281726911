import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSiret } from '../../test/factories.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let commercial: Session;
let partnerA: Session;
let partnerB: Session;
let seq = 100;
const newSiret = () => makeSiret(81000000, seq++);
type Dup = { id: string; name: string; reasons: string[]; exact: boolean };

beforeAll(async () => {
  t = await createTestApp();
  commercial = await loginAs(t.app, 'commercial@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
});
afterAll(() => t.close());

async function dups(s: Session, body: Record<string, unknown>): Promise<Dup[]> {
  const res = await s.post('/api/v1/clients/duplicates', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

describe('duplicate guard', () => {
  const siret = newSiret();
  let existing: { id: string };
  beforeAll(async () => {
    const res = await commercial.post('/api/v1/clients', {
      name: 'Pharmacie du Marché Saint-Éloi',
      siret,
      phone: '04 78 60 12 34',
      email: 'contact@pharma-eloi.fr',
      postalCode: '69003',
      city: 'Lyon',
    });
    expect(res.statusCode, res.body).toBe(201);
    existing = res.json();
  });

  it('finds the same SIRET, with the reason in French', async () => {
    const found = await dups(commercial, { name: 'Autre nom', siret: siret.replace(/(\d{3})/g, '$1 ') });
    expect(found).toEqual([
      expect.objectContaining({ id: existing.id, reasons: ['Même SIRET'], exact: true }),
    ]);
  });

  it('finds the same phone written in another format', async () => {
    for (const phone of ['+33 4 78 60 12 34', '0033478601234', '478601234']) {
      const found = await dups(commercial, { name: 'X', phone });
      expect(found.map((d) => [d.id, d.reasons])).toEqual([[existing.id, ['Même téléphone']]]);
    }
  });

  it('finds the same e-mail whatever its case', async () => {
    const found = await dups(commercial, { name: 'X', email: 'Contact@Pharma-Eloi.FR' });
    expect(found.map((d) => [d.id, d.reasons])).toEqual([[existing.id, ['Même e-mail']]]);
  });

  it('finds a similar name with typos and no accents, only in the same postal code', async () => {
    const found = await dups(commercial, { name: 'pharmacie du marche saint eloy', postalCode: '69003' });
    expect(found).toEqual([
      expect.objectContaining({
        id: existing.id,
        reasons: ['Nom très proche dans le même code postal'],
        exact: false,
      }),
    ]);
    expect(await dups(commercial, { name: 'pharmacie du marche saint eloy', postalCode: '75001' })).toEqual(
      [],
    );
    expect(await dups(commercial, { name: 'Boulangerie des Halles', postalCode: '69003' })).toEqual([]);
  });

  it('answers 409 with the duplicates on creation, then creates once confirmed', async () => {
    const body = { name: 'Pharmacie Saint-Éloi (bis)', phone: '+33478601234', postalCode: '69003' };
    const refused = await commercial.post('/api/v1/clients', body);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('existe peut-être déjà'),
      details: [{ path: `duplicates.${existing.id}`, message: expect.stringContaining('Même téléphone') }],
    });
    const confirmed = await commercial.post('/api/v1/clients', { ...body, confirmDuplicate: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    // A similar name alone is not an exact duplicate: no 409.
    const similar = await commercial.post('/api/v1/clients', {
      name: 'Pharmacie du Marche Saint Eloi',
      postalCode: '69003',
    });
    expect(similar.statusCode, similar.body).toBe(201);
  });

  it('looks only within the caller’s scope', async () => {
    const siretA = newSiret();
    const ofA = await partnerA.post('/api/v1/clients', {
      name: 'Cabinet Dentaire Lumière',
      siret: siretA,
      email: 'accueil@dentaire-lumiere.fr',
      postalCode: '13001',
    });
    expect(ofA.statusCode, ofA.body).toBe(201);
    expect(
      await dups(partnerB, { name: 'Cabinet Dentaire Lumière', siret: siretA, postalCode: '13001' }),
    ).toEqual([]);
    // B creating the same SIRET learns nothing about A's client.
    const ofB = await partnerB.post('/api/v1/clients', { name: 'Cabinet Dentaire Lumière', siret: siretA });
    expect(ofB.statusCode, ofB.body).toBe(201);
    // A (and staff) see it.
    expect((await dups(partnerA, { name: 'X', siret: siretA })).map((d) => d.id)).toEqual([ofA.json().id]);
    expect((await dups(commercial, { name: 'X', siret: siretA })).map((d) => d.id).sort()).toEqual(
      [ofA.json().id, ofB.json().id].sort(),
    );
  });
});
