import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient, buildPartnerUser } from '../../test/factories.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let partnerA: Session;
let partnerB: Session;
beforeAll(async () => {
  t = await createTestApp();
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
});
afterAll(() => t.close());

type Client = { id: string; name: string; partnerId: string | null; abilities: Record<string, boolean> };
async function all(s: Session, query = ''): Promise<Client[]> {
  const out: Client[] = [];
  let cursor: string | null = null;
  do {
    const res = await s.get(`/api/v1/clients?limit=7${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode).toBe(200);
    out.push(...res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor);
  return out;
}

describe('client scope', () => {
  it('shows a partner only its own clients, and staff all of them', async () => {
    const meA = (await partnerA.get('/api/v1/auth/me')).json();
    const a = await all(partnerA);
    const b = await all(partnerB);
    const support = await all(await loginAs(t.app, 'support@relais.test'));
    expect(a.length).toBeGreaterThan(0);
    expect(a.every((c) => c.partnerId === meA.user.partnerId)).toBe(true);
    expect(b.every((c) => c.partnerId !== meA.user.partnerId)).toBe(true);
    expect(support.length).toBeGreaterThan(a.length + b.length);
    expect(new Set(support.map((c) => c.id)).size).toBe(support.length);
  });

  it('answers 404 when partner B reads, edits or deletes partner A’s client', async () => {
    const [clientOfA] = await all(partnerA);
    for (const res of [
      await partnerB.get(`/api/v1/clients/${clientOfA!.id}`),
      await partnerB.patch(`/api/v1/clients/${clientOfA!.id}`, { city: 'Piraté' }),
      await partnerB.delete(`/api/v1/clients/${clientOfA!.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await all(partnerB, `&q=${encodeURIComponent(clientOfA!.name)}`)).map((c) => c.id)).not.toContain(
      clientOfA!.id,
    );
  });

  it('shows a new partner exactly the clients made for it, and nobody else’s partner any of them', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const fresh = await buildPartnerUser(admin);
    expect(await all(fresh.session)).toEqual([]);
    const ownClient = await buildClient(fresh.session);
    const forIt = await buildClient(admin, { partnerId: fresh.partner.id });
    expect(ownClient.partnerId).toBe(fresh.partner.id);
    expect((await all(fresh.session)).map((c) => c.id).sort()).toEqual([ownClient.id, forIt.id].sort());
    for (const c of [ownClient, forIt])
      expect((await partnerA.get(`/api/v1/clients/${c.id}`)).statusCode).toBe(404);
  });

  it('answers 403 when a read-only role edits a client it can see', async () => {
    const support = await loginAs(t.app, 'support@relais.test');
    const [c] = await all(support);
    const detail = (await support.get(`/api/v1/clients/${c!.id}`)).json();
    expect(detail.abilities).toEqual({ update: false, delete: false });
    expect((await support.patch(`/api/v1/clients/${c!.id}`, { city: 'X' })).statusCode).toBe(403);
  });

  it('attaches a client created by a partner to that partner, whatever it sends', async () => {
    const meA = (await partnerA.get('/api/v1/auth/me')).json();
    const meB = (await partnerB.get('/api/v1/auth/me')).json();
    const res = await partnerA.post('/api/v1/clients', {
      name: 'Assurances Martin',
      partnerId: meB.user.partnerId,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().partnerId).toBe(meA.user.partnerId);
    expect(res.json().abilities).toEqual({ update: true, delete: true });
  });

  it('sorts names the French way', async () => {
    const s = await loginAs(t.app, 'adv@relais.test');
    for (const name of ['Zébulon SARL', 'Éclair Télécom', 'Ecole Saint-Joseph', 'Étoile du Nord']) {
      expect((await s.post('/api/v1/clients', { name })).statusCode).toBe(201);
    }
    const names = (await all(s)).map((c) => c.name).filter((n) => /^(Zébulon|Éclair|Ecole|Étoile)/.test(n));
    expect(names).toEqual(['Éclair Télécom', 'Ecole Saint-Joseph', 'Étoile du Nord', 'Zébulon SARL']);
  });

  it('filters the list by name with typos and without accents, within the scope', async () => {
    const s = await loginAs(t.app, 'adv@relais.test');
    const created = await s.post('/api/v1/clients', { name: 'Quincaillerie Vérandas Moulinot' });
    expect(created.statusCode).toBe(201);
    const ids = async (q: string) => (await all(s, `&q=${encodeURIComponent(q)}`)).map((c) => c.id);
    expect(await ids('quincailerie moulino')).toContain(created.json().id);
    expect(await ids('verandas')).toContain(created.json().id);
    expect(await ids('quincailerie dupuis')).not.toContain(created.json().id);
    expect((await all(partnerA, `&q=${encodeURIComponent('quincailerie moulino')}`)).length).toBe(0);
  });

  it('filters the list by a city: the city itself, cities containing it, names and words, page after page', async () => {
    const s = await loginAs(t.app, 'adv@relais.test');
    const mine: string[] = [];
    const add = async (name: string, city: string) => {
      const res = await s.post('/api/v1/clients', { name, city });
      expect(res.statusCode).toBe(201);
      mine.push(res.json().id);
    };
    for (let k = 0; k < 9; k++) await add(`Zèbre Cité ${k}`, k % 2 ? 'RENNES' : 'Rennes');
    await add('Atelier Varennes', 'Lyon');
    await add('Garage du Lac', 'Varennes-sur-Loire');
    await add('Pressing Nord', 'Brest');
    const found = (await all(s, '&q=rennes')).filter((c) => mine.includes(c.id));
    expect(found.map((c) => c.name)).toEqual([
      'Atelier Varennes',
      'Garage du Lac',
      ...Array.from({ length: 9 }, (_, k) => `Zèbre Cité ${k}`),
    ]);
    expect((await all(s, '&q=Rennes')).filter((c) => mine.includes(c.id)).length).toBe(11);
  });

  it('validates SIREN and SIRET check digits', async () => {
    const s = await loginAs(t.app, 'commercial@relais.test');
    const bad = await s.post('/api/v1/clients', { name: 'Mauvais SIRET', siret: '73282932000075' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ path: 'siret', message: expect.stringContaining('SIRET') }]);
    const good = await s.post('/api/v1/clients', { name: 'Bon SIRET', siret: '732 829 320 00074' });
    expect(good.statusCode).toBe(201);
    expect(good.json().siret).toBe('73282932000074');
  });
});
