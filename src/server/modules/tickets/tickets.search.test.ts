import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchOut } from '../../../shared/schemas/search.ts';
import { clients, contacts, sites } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let support: Session;
let partnerA: Session;
let partnerB: Session;
const made: Record<string, { id: string; number: string }> = {};
let clientName = '';

beforeAll(async () => {
  t = await createTestApp();
  support = await loginAs(t.app, 'support@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
  const partnerId = (await partnerA.get('/api/v1/auth/me')).json().user.partnerId as string;
  const [row] = await t.database.db
    .select({ clientId: clients.id, name: clients.name, contactId: contacts.id, siteId: sites.id })
    .from(clients)
    .innerJoin(contacts, eq(contacts.clientId, clients.id))
    .innerJoin(sites, eq(sites.clientId, clients.id))
    .where(and(eq(clients.partnerId, partnerId), isNotNull(contacts.email)))
    .limit(1);
  clientName = row!.name;
  const subjects = {
    unreachable: 'Standard injoignable depuis ce matin',
    mute: 'Postes muets à l’accueil',
    dect1: 'Casque DECT qui grésille',
    dect2: 'Deuxième casque DECT hors service',
    wired: 'Casque filaire à remplacer',
    base: 'Base DECT à redémarrer',
  };
  for (const [key, subject] of Object.entries(subjects)) {
    const res = await support.post('/api/v1/tickets', {
      clientId: row!.clientId,
      siteId: row!.siteId,
      contactId: row!.contactId,
      type: 'incident',
      priority: 'P3',
      subject,
      description: 'Signalé par téléphone.',
    });
    expect(res.statusCode, res.body).toBe(201);
    made[key] = res.json();
  }
});
afterAll(async () => {
  await t?.close();
});

const tickets = async (s: Session, q: string) => {
  const res = await s.get(`/api/v1/search?q=${encodeURIComponent(q)}&types=tickets&limit=20`);
  expect(res.statusCode, res.body).toBe(200);
  return ((res.json() as SearchOut).groups.find((g) => g.type === 'tickets')?.items ?? []).map((h) => ({
    ...h,
    subject: h.title.split(' — ')[1] ?? '',
  }));
};

describe('tickets in the global search (issue 15 item 14)', () => {
  it('finds a ticket by a word of its subject, as typed, without accents or with a typo', async () => {
    for (const q of ['injoignable', 'INJOIGNABLE', 'injoignalbe', 'standard injoign']) {
      expect(
        (await tickets(support, q)).map((h) => h.id),
        q,
      ).toContain(made.unreachable!.id);
    }
    const mute = await tickets(support, 'postes muets');
    expect(mute[0]).toMatchObject({ id: made.mute!.id, match: 'exact', field: 'subject' });
    expect((await tickets(support, 'poste muet accueil')).map((h) => h.id)).toContain(made.mute!.id);
    expect((await tickets(support, 'deuxieme')).map((h) => h.id)).toContain(made.dect2!.id);
  });

  it('« Casque DECT » finds both DECT headsets first, not the wired headset nor the DECT base', async () => {
    const hits = await tickets(support, 'Casque DECT');
    const ids = hits.map((h) => h.id);
    expect(ids).toEqual(expect.arrayContaining([made.dect1!.id, made.dect2!.id]));
    expect(ids).not.toContain(made.wired!.id);
    expect(ids).not.toContain(made.base!.id);
    // Every hit (demo tickets included) has both words in its subject, exactly.
    for (const h of hits) {
      expect(h.subject.toLowerCase()).toMatch(/casque/);
      expect(h.subject.toLowerCase()).toMatch(/dect/);
      expect(h.match).toBe('exact');
    }
  });

  it('finds a ticket by its number, short or full, and by its client', async () => {
    const n = made.mute!.number;
    expect((await tickets(support, n))[0]).toMatchObject({
      id: made.mute!.id,
      match: 'exact',
      field: 'number',
    });
    const short = n.replace(/-0+(\d)/, '-$1');
    expect((await tickets(support, short.toLowerCase()))[0]?.id).toBe(made.mute!.id);
    const byClient = await tickets(support, clientName);
    expect(byClient.map((h) => h.id)).toContain(made.base!.id);
    // Found through its client: never a better match than the client (« début » at best).
    expect(byClient.find((h) => h.id === made.base!.id)).toMatchObject({ field: 'client', match: 'prefix' });
    // The client itself comes before its tickets, also when the last word is only begun.
    for (const q of [clientName, clientName.slice(0, -1)]) {
      const all = (await support.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json() as SearchOut;
      expect({ q, first: all.groups[0]?.type }).toEqual({ q, first: 'clients' });
    }
  });

  it('keeps a partner to the tickets of its own clients', async () => {
    expect((await tickets(partnerA, 'postes muets')).map((h) => h.id)).toContain(made.mute!.id);
    expect((await tickets(partnerB, 'postes muets')).map((h) => h.id)).not.toContain(made.mute!.id);
    expect((await tickets(partnerB, made.mute!.number)).map((h) => h.id)).toEqual([]);
  });
});
