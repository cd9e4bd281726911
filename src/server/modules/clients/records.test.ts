import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contacts, numberRanges, sites } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

/**
 * A local HTTP server playing the Base Adresse Nationale API (`GET /search/?q=…&postcode=…&limit=1`,
 * GeoJSON FeatureCollection): an address with « Introuvable » has no feature, « Approximative » a
 * low score, « Panne » makes it answer 503; anything else is found (score 0.93).
 */
function banServer() {
  const queries: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/search/') return answer(404, { message: 'not found' });
    queries.push(url.searchParams);
    const q = url.searchParams.get('q') ?? '';
    if (q.length < 3 || url.searchParams.get('limit') !== '1') return answer(400, { code: 400 });
    if (q.includes('Panne')) return answer(503, { message: 'Service Unavailable' });
    const feature = (score: number) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [4.835083, 45.763254] },
      properties: {
        label: `${q}`,
        score,
        housenumber: '12',
        id: '69381_3500_00012',
        name: '12 Rue de la République',
        postcode: url.searchParams.get('postcode') ?? '69001',
        citycode: '69381',
        x: 842_349.2,
        y: 6_519_393.1,
        city: 'Lyon',
        type: 'housenumber',
      },
    });
    const features = q.includes('Introuvable') ? [] : [feature(q.includes('Approximative') ? 0.31 : 0.93)];
    return answer(200, {
      type: 'FeatureCollection',
      version: 'draft',
      features,
      attribution: 'BAN',
      licence: 'ETALAB-2.0',
      query: q,
      limit: 1,
    });
  });
  return { server, queries };
}

let t: TestApp;
let ban: ReturnType<typeof banServer>;
let adv: Session;
let support: Session;
let partnerA: Session;
let partnerB: Session;
let clientOfA: string;
let directClient: string;

beforeAll(async () => {
  ban = banServer();
  await new Promise<void>((r) => ban.server.listen(0, '127.0.0.1', r));
  const port = (ban.server.address() as AddressInfo).port;
  t = await createTestApp({ config: { geocoderUrl: `http://127.0.0.1:${port}`, jobPollingSeconds: 0.5 } });
  adv = await loginAs(t.app, 'adv@relais.test');
  support = await loginAs(t.app, 'support@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
  clientOfA = (await partnerA.get('/api/v1/clients?limit=1')).json().items[0].id;
  const created = await adv.post('/api/v1/clients', { name: 'Pharmacie des Terreaux', postalCode: '69001' });
  directClient = created.json().id;
}, 60_000);
afterAll(async () => {
  await t?.close();
  ban?.server.close();
});

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}
async function siteRow(id: string) {
  const [s] = await t.database.db.select().from(sites).where(eq(sites.id, id));
  return s!;
}

describe('sites', () => {
  it('creates a site with hours, its phone in E.164 and département, audited under the client', async () => {
    const res = await adv.post(`/api/v1/clients/${directClient}/sites`, {
      name: 'Officine Terreaux',
      addressLine: '12 rue de la République',
      postalCode: '69001',
      city: 'Lyon',
      phone: '04 72 56 12 34',
      accessInstructions: 'Entrée par la cour, code 4512B.',
      openingHours: {
        mon: [
          ['08:30', '12:30'],
          ['14:00', '19:00'],
        ],
        sat: [['09:00', '12:00']],
      },
    });
    expect(res.statusCode).toBe(201);
    const site = res.json();
    expect(site).toMatchObject({
      phone: '04 72 56 12 34',
      phoneE164: '+33472561234',
      department: '69',
      geocodeStatus: 'pending',
      latitude: null,
    });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'site'), eq(auditLog.entityId, site.id)));
    expect(audit).toMatchObject({ action: 'create', clientId: directClient });
    const list = (await support.get(`/api/v1/clients/${directClient}/sites`)).json();
    expect(list.map((s: { id: string }) => s.id)).toContain(site.id);
  });

  it('refuses bad hours and a bad phone with French messages on the field', async () => {
    const res = await adv.post(`/api/v1/clients/${directClient}/sites`, {
      name: 'Dépôt',
      phone: '01 23',
      openingHours: {
        tue: [['14:00', '12:00']],
        wed: [['8h', '12:00']],
        thu: [
          ['08:00', '12:00'],
          ['11:00', '13:00'],
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const details: { path: string; message: string }[] = res.json().error.details;
    const byPath = Object.fromEntries(details.map((d) => [d.path, d.message]));
    expect(byPath.phone).toMatch(/Numéro de téléphone invalide/);
    expect(byPath['openingHours.tue.0']).toMatch(/doit suivre/);
    expect(byPath['openingHours.wed.0.0']).toMatch(/HH:MM/);
    expect(byPath['openingHours.thu.1']).toMatch(/se chevauchent/);
  });

  it('geocodes a site: ok, not found (no feature or low score), error when unreachable; never 0,0', async () => {
    const make = async (addressLine: string) =>
      (
        await adv.post(`/api/v1/clients/${directClient}/sites`, {
          name: addressLine,
          addressLine,
          postalCode: '69002',
          city: 'Lyon',
        })
      ).json().id as string;
    const ok = await make('12 rue de la République');
    const none = await make('1 impasse Introuvable');
    const low = await make('3 rue Approximative');
    const down = await make('5 rue de la Panne');
    const settled = async (id: string) =>
      until(
        () => siteRow(id),
        (s) => s.geocodeStatus !== 'pending',
      );
    expect(await settled(ok)).toMatchObject({
      geocodeStatus: 'ok',
      latitude: 45.763254,
      longitude: 4.835083,
      geocodeScore: 0.93,
    });
    expect(await settled(none)).toMatchObject({
      geocodeStatus: 'not_found',
      latitude: null,
      longitude: null,
    });
    expect(await settled(low)).toMatchObject({
      geocodeStatus: 'not_found',
      latitude: null,
      geocodeScore: 0.31,
    });
    expect(await settled(down)).toMatchObject({ geocodeStatus: 'error', latitude: null, longitude: null });
    const q = ban.queries.find((p) => p.get('postcode') === '69002' && p.get('q')?.startsWith('12 rue'))!;
    expect(q.get('q')).toBe('12 rue de la République 69002 Lyon');

    const unplaced = (await adv.get('/api/v1/sites/unplaced')).json().map((s: { id: string }) => s.id);
    expect(unplaced).toEqual(expect.arrayContaining([none, low, down]));
    expect(unplaced).not.toContain(ok);

    // A new address is geocoded again: the site moves out of the unplaced list.
    const moved = await adv.patch(`/api/v1/clients/${directClient}/sites/${none}`, {
      addressLine: '7 place Bellecour',
    });
    expect(moved.json()).toMatchObject({ geocodeStatus: 'pending', latitude: null });
    expect(await settled(none)).toMatchObject({ geocodeStatus: 'ok', latitude: 45.763254 });
    // Changing only the name keeps the coordinates.
    await adv.patch(`/api/v1/clients/${directClient}/sites/${ok}`, { name: 'Réserve' });
    expect(await siteRow(ok)).toMatchObject({ geocodeStatus: 'ok', name: 'Réserve' });
  }, 40_000);

  it('lists unplaced sites within the partner’s scope only', async () => {
    const a = await partnerA.post(`/api/v1/clients/${clientOfA}/sites`, {
      name: 'Sans adresse',
    });
    expect(a.json().geocodeStatus).toBe('not_found');
    const seenByA = (await partnerA.get('/api/v1/sites/unplaced')).json();
    expect(seenByA.map((s: { id: string }) => s.id)).toContain(a.json().id);
    expect(seenByA.every((s: { clientId: string }) => s.clientId !== directClient)).toBe(true);
    const seenByB = (await partnerB.get('/api/v1/sites/unplaced')).json();
    expect(seenByB.map((s: { id: string }) => s.id)).not.toContain(a.json().id);
  });
});

describe('contacts', () => {
  it('stores phones with their E.164 twins and the consent date', async () => {
    const res = await adv.post(`/api/v1/clients/${directClient}/contacts`, {
      firstName: 'Léa',
      lastName: 'Dumont',
      jobTitle: 'Pharmacienne titulaire',
      email: 'lea.dumont@terreaux.test',
      phone: '+33 4 78 90 12 35',
      mobile: '0612345678',
      preferredChannel: 'sms',
      legalBasis: 'consent',
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      phoneE164: '+33478901235',
      mobileE164: '+33612345678',
      preferredChannel: 'sms',
    });
    expect(c.consentAt).not.toBeNull();
    const [row] = await t.database.db.select().from(contacts).where(eq(contacts.id, c.id));
    expect(row!.mobileE164).toBe('+33612345678');
    const patched = await adv.patch(`/api/v1/clients/${directClient}/contacts/${c.id}`, {
      mobile: '0033 7 12 34 56 78',
      legalBasis: 'contract',
    });
    expect(patched.json()).toMatchObject({
      mobile: '0033 7 12 34 56 78',
      mobileE164: '+33712345678',
      consentAt: null,
    });
  });

  it('refuses a bad phone, a bad email and an unknown channel, field by field', async () => {
    const res = await adv.post(`/api/v1/clients/${directClient}/contacts`, {
      firstName: 'Marc',
      lastName: 'Petit',
      mobile: '06 12',
      email: 'pas-un-email',
      preferredChannel: 'fax',
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['mobile', 'email', 'preferredChannel']));
  });

  it('lets support read but not write', async () => {
    expect((await support.get(`/api/v1/clients/${directClient}/contacts`)).statusCode).toBe(200);
    const res = await support.post(`/api/v1/clients/${directClient}/contacts`, {
      firstName: 'A',
      lastName: 'B',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('telephony platforms', () => {
  let platformId: string;
  it('creates a platform with SDA ranges stored as E.164 and integers', async () => {
    const res = await adv.post(`/api/v1/clients/${directClient}/platforms`, {
      kind: 'centrex',
      provider: 'Centrex Lyon',
      tenantId: 'TEN-4478',
      adminUrl: 'https://console.centrex.example/tenants/4478',
      ranges: [{ start: '04 72 56 12 00', end: '+33 4 72 56 12 99', label: 'Standard' }],
    });
    expect(res.statusCode).toBe(201);
    platformId = res.json().id;
    expect(res.json().ranges).toEqual([
      expect.objectContaining({ startE164: '+33472561200', endE164: '+33472561299', count: 100 }),
    ]);
    const [r] = await t.database.db
      .select()
      .from(numberRanges)
      .where(eq(numberRanges.platformId, platformId));
    expect(r).toMatchObject({ startNum: 33472561200, endNum: 33472561299, clientId: directClient });
  });

  it('refuses a password field, a bad URL and bad ranges', async () => {
    const pw = await adv.post(`/api/v1/clients/${directClient}/platforms`, {
      kind: 'ipbx',
      password: 'secret',
    });
    expect(pw.statusCode).toBe(400);
    expect(pw.json().error.details.map((d: { path: string }) => d.path)).toContain('password');
    const bad = await adv.post(`/api/v1/clients/${directClient}/platforms`, {
      kind: 'ipbx',
      adminUrl: 'javascript:alert(1)',
      ranges: [
        { start: '04 78 00 00 00', end: '04 78 01 00 00' },
        { start: '04 78 00 00 10', end: '04 78 00 00 05' },
        { start: '04 78 00 00 10', end: '+44 20 7946 0958' },
        { start: '12', end: '04 78 00 00 05' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const byPath = Object.fromEntries(
      bad.json().error.details.map((d: { path: string; message: string }) => [d.path, d.message]),
    );
    expect(byPath.adminUrl).toMatch(/https:\/\//);
    expect(byPath['ranges.0.end']).toMatch(/10.000 numéros au plus/);
    expect(byPath['ranges.1.end']).toMatch(/doit suivre/);
    expect(byPath['ranges.2.end']).toMatch(/même nombre de chiffres/);
    expect(byPath['ranges.3.start']).toMatch(/Premier numéro invalide/);
  });

  it('refuses an overlapping range: 409 naming the owner when visible, « déjà attribuée » otherwise', async () => {
    const mine = await adv.post(`/api/v1/clients/${clientOfA}/platforms`, {
      kind: 'sip_trunk',
      ranges: [{ start: '04 72 56 12 50', end: '04 72 56 13 49' }],
    });
    expect(mine.statusCode).toBe(409);
    expect(mine.json().error.message).toMatch(/Pharmacie des Terreaux/);
    const partner = await partnerA.post(`/api/v1/clients/${clientOfA}/platforms`, {
      kind: 'sip_trunk',
      ranges: [{ start: '04 72 56 12 99', end: '04 72 56 12 99' }],
    });
    expect(partner.statusCode).toBe(409);
    expect(partner.json().error.message).toMatch(/déjà attribuée/);
    expect(partner.json().error.message).not.toMatch(/Terreaux/);
    // Replacing the platform's own ranges is not an overlap with itself.
    const edit = await adv.patch(`/api/v1/clients/${directClient}/platforms/${platformId}`, {
      ranges: [{ start: '04 72 56 12 00', end: '04 72 56 12 49' }],
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().ranges[0].count).toBe(50);
    const now = await partnerA.post(`/api/v1/clients/${clientOfA}/platforms`, {
      kind: 'teams',
      ranges: [{ start: '04 72 56 12 50', end: '04 72 56 12 99' }],
    });
    expect(now.statusCode).toBe(201);
  });
});

describe('scope and internal notes', () => {
  it('answers 404 to partner B on partner A’s client’s sites, contacts and platforms', async () => {
    for (const kind of ['sites', 'contacts', 'platforms', 'notes']) {
      const list = await partnerB.get(`/api/v1/clients/${clientOfA}/${kind}`);
      expect(list.statusCode, kind).toBe(404);
      const post = await partnerB.post(`/api/v1/clients/${clientOfA}/${kind}`, {});
      expect([400, 404], kind).toContain(post.statusCode);
    }
    const [aSite] = (await partnerA.get(`/api/v1/clients/${clientOfA}/sites`)).json();
    const patch = await partnerB.patch(`/api/v1/clients/${clientOfA}/sites/${aSite.id}`, { name: 'Piraté' });
    expect(patch.statusCode).toBe(404);
    expect((await partnerB.delete(`/api/v1/clients/${clientOfA}/sites/${aSite.id}`)).statusCode).toBe(404);
    // A's site reached through another client's path is not found either.
    expect((await adv.delete(`/api/v1/clients/${directClient}/sites/${aSite.id}`)).statusCode).toBe(404);
  });

  it('keeps notes for staff: a partner gets 404 even on its own client', async () => {
    const created = await adv.post(`/api/v1/clients/${clientOfA}/notes`, {
      body: 'Client sensible au prix, ne pas proposer de renouvellement avant mars.',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      authorName: 'Adèle Ventes',
      abilities: { update: true, delete: true },
    });
    const noteId = created.json().id;
    expect((await partnerA.get(`/api/v1/clients/${clientOfA}/notes`)).statusCode).toBe(404);
    expect((await partnerA.post(`/api/v1/clients/${clientOfA}/notes`, { body: 'x' })).statusCode).toBe(404);
    expect((await partnerA.delete(`/api/v1/clients/${clientOfA}/notes/${noteId}`)).statusCode).toBe(404);
    const detail = await partnerA.get(`/api/v1/clients/${clientOfA}`);
    expect(detail.body).not.toContain('renouvellement');
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'client_note'), eq(auditLog.entityId, noteId)));
    expect(audit).toMatchObject({ clientId: clientOfA });
    expect(
      (await adv.patch(`/api/v1/clients/${clientOfA}/notes/${noteId}`, { body: 'Revu.' })).statusCode,
    ).toBe(200);
    expect((await adv.delete(`/api/v1/clients/${clientOfA}/notes/${noteId}`)).statusCode).toBe(204);
  });

  it('follows the clients rights of the matrix: read-only staff read the notes and write none', async () => {
    const noteId = (
      await adv.post(`/api/v1/clients/${clientOfA}/notes`, { body: 'Rappeler en juin.' })
    ).json().id as string;
    const tech = await loginAs(t.app, 'tech.interne@relais.test');
    for (const reader of [support, tech]) {
      const list = await reader.get(`/api/v1/clients/${clientOfA}/notes`);
      expect(list.statusCode).toBe(200);
      const note = list.json().find((n: { id: string }) => n.id === noteId);
      expect(note).toMatchObject({ body: 'Rappeler en juin.', abilities: { update: false, delete: false } });
      const post = await reader.post(`/api/v1/clients/${clientOfA}/notes`, { body: 'Note d’un lecteur.' });
      expect(post.statusCode).toBe(403);
      expect(post.json().error.code).toBe('forbidden');
      const patch = await reader.patch(`/api/v1/clients/${clientOfA}/notes/${noteId}`, { body: 'x' });
      expect(patch.statusCode).toBe(403);
      expect((await reader.delete(`/api/v1/clients/${clientOfA}/notes/${noteId}`)).statusCode).toBe(403);
    }
    const notes = (await adv.get(`/api/v1/clients/${clientOfA}/notes`)).json() as { body: string }[];
    expect(notes.map((n) => n.body)).toContain('Rappeler en juin.');
    expect(notes.map((n) => n.body)).not.toContain('Note d’un lecteur.');
  });
});
