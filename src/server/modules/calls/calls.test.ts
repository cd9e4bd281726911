import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLookupOut } from '../../../shared/schemas/search.ts';
import { clients, contacts, numberRanges, sites, telephonyPlatforms } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { eventOf, openEventStream, type SseStream } from '../notifications/sse-client.ts';

let t: TestApp;
let base: string;
let admin: Session;
let support: Session & { userId: string };
let commercial: Session & { userId: string };
let partnerA: Session;
let partnerB: Session;
let platformToken: string;
let partnerToken: string;
const ids = {} as Record<'internal' | 'ofA' | 'contact' | 'site' | 'contactA', string>;
const streams: SseStream[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  t = await createTestApp({ workers: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const me = async (email: string) => {
    const s = await loginAs(t.app, email);
    return Object.assign(s, { userId: (await s.get('/api/v1/auth/me')).json().user.id as string });
  };
  admin = await loginAs(t.app, 'admin@relais.test');
  support = await me('support@relais.test');
  commercial = await me('commercial@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
  const partnerAId = (await partnerA.get('/api/v1/auth/me')).json().user.partnerId as string;
  const db = t.database.db;
  const [internal, ofA] = await db
    .insert(clients)
    .values([
      { name: 'Clinique des Tilleuls', phone: '01 45 00 00 01', phoneE164: '+33145000001', city: 'Paris' },
      { name: 'Garage Martinot', partnerId: partnerAId, city: 'Marseille' },
    ])
    .returning();
  ids.internal = internal!.id;
  ids.ofA = ofA!.id;
  const [c1, c2] = await db
    .insert(contacts)
    .values([
      {
        clientId: internal!.id,
        firstName: 'Inès',
        lastName: 'Carpentier',
        jobTitle: 'Directrice',
        mobile: '06 98 76 54 32',
        mobileE164: '+33698765432',
      },
      {
        clientId: ofA!.id,
        firstName: 'Marc',
        lastName: 'Martinot',
        phone: '04 91 22 33 44',
        phoneE164: '+33491223344',
      },
    ])
    .returning();
  ids.contact = c1!.id;
  ids.contactA = c2!.id;
  const [site] = await db
    .insert(sites)
    .values({
      clientId: internal!.id,
      name: 'Bloc B',
      city: 'Paris',
      phone: '01 45 00 00 02',
      phoneE164: '+33145000002',
    })
    .returning();
  ids.site = site!.id;
  const platforms = await db
    .insert(telephonyPlatforms)
    .values([
      { clientId: internal!.id, kind: 'ipbx', provider: 'Wildix' },
      { clientId: ofA!.id, kind: 'centrex', provider: 'Centile' },
    ])
    .returning();
  await db.insert(numberRanges).values([
    {
      platformId: platforms[0]!.id,
      clientId: internal!.id,
      startE164: '+33145100000',
      endE164: '+33145100099',
      startNum: 33145100000,
      endNum: 33145100099,
    },
    {
      platformId: platforms[1]!.id,
      clientId: ofA!.id,
      startE164: '+33491500000',
      endE164: '+33491500999',
      startNum: 33491500000,
      endNum: 33491500999,
    },
  ]);
  const mk = async (body: object) => {
    const res = await admin.post('/api/v1/api-tokens', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().token as string;
  };
  platformToken = await mk({ name: 'Plateforme Wildix', role: 'support' });
  partnerToken = await mk({ name: 'Jeton partenaire', role: 'partenaire', partnerId: partnerAId });
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
});

const lookup = async (s: Session, number: string): Promise<CallLookupOut> => {
  const res = await s.get(`/api/v1/calls/lookup?number=${encodeURIComponent(number)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const postEvent = (token: string, body: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/calls/events',
    headers: { authorization: `Bearer ${token}` },
    payload: body,
  });

describe('GET /api/v1/calls/lookup', () => {
  it('identifies a contact from every French format of its number', async () => {
    for (const n of ['06 98 76 54 32', '+33 6 98 76 54 32', '0033698765432', '698765432']) {
      const out = await lookup(support, n);
      expect(out.e164, n).toBe('+33698765432');
      expect(
        out.contacts.map((c) => c.id),
        n,
      ).toEqual([ids.contact]);
      expect(out.contacts[0]!.matched).toBe('mobile');
      expect(out.clients.map((c) => c.id)).toEqual([ids.internal]);
    }
  });

  it('identifies a site, a client’s switchboard, and a number inside an SDA range', async () => {
    expect((await lookup(support, '01 45 00 00 02')).sites.map((s) => s.id)).toEqual([ids.site]);
    expect((await lookup(support, '01 45 00 00 01')).clients.map((c) => c.id)).toEqual([ids.internal]);
    const inRange = await lookup(support, '+33 1 45 10 00 57');
    expect(inRange.ranges).toHaveLength(1);
    expect(inRange.clients.map((c) => c.id)).toEqual([ids.internal]);
    for (const edge of ['01 45 10 00 00', '01 45 10 00 99'])
      expect((await lookup(support, edge)).clients.map((c) => c.id)).toEqual([ids.internal]);
    expect(await lookup(support, '01 45 10 01 00')).toMatchObject({ clients: [], ranges: [] });
    expect(await lookup(support, 'pas un numéro')).toMatchObject({ e164: null, clients: [] });
  });

  it('stays within a partner’s scope', async () => {
    expect((await lookup(partnerA, '04 91 22 33 44')).contacts.map((c) => c.id)).toEqual([ids.contactA]);
    expect((await lookup(partnerA, '04 91 50 01 23')).clients.map((c) => c.id)).toEqual([ids.ofA]);
    expect(await lookup(partnerB, '04 91 22 33 44')).toMatchObject({ clients: [], contacts: [] });
    expect(await lookup(partnerB, '04 91 50 01 23')).toMatchObject({ clients: [], ranges: [] });
    expect(await lookup(partnerA, '06 98 76 54 32')).toMatchObject({ clients: [], contacts: [] });
  });
});

describe('POST /api/v1/calls/events', () => {
  it('sends the caller card to the agent’s stream only', async () => {
    const agent = await openEventStream(`${base}/api/v1/events`, { cookie: support.cookie });
    const other = await openEventStream(`${base}/api/v1/events`, { cookie: commercial.cookie });
    streams.push(agent, other);
    const res = await postEvent(platformToken, {
      from: '0698765432',
      to: '+33145100010',
      agent: 'SUPPORT@relais.test',
    });
    expect(res.statusCode, res.body).toBe(202);
    const out = res.json();
    expect(out).toMatchObject({ identified: true, card: { client: { id: ids.internal } } });
    const m = await agent.next((x) => x.id === String(out.eventId));
    const ev = eventOf(m);
    expect(ev.type).toBe('call.incoming');
    expect(ev.payload).toMatchObject({
      fromE164: '+33698765432',
      client: { id: ids.internal, name: 'Clinique des Tilleuls' },
      contact: { id: ids.contact, name: 'Inès Carpentier' },
      openTickets: [],
    });
    // A later event to everyone proves the other stream is live, and it never got the call.
    const byId = await postEvent(platformToken, { from: '+33 1 45 10 00 57', agent: commercial.userId });
    expect(byId.statusCode).toBe(202);
    await other.next((x) => x.id === String(byId.json().eventId));
    await sleep(200);
    expect(other.messages.some((x) => x.id === String(out.eventId))).toBe(false);
    expect(agent.messages.some((x) => x.id === String(byId.json().eventId))).toBe(false);
  });

  it('identifies within the agent’s scope: a partner agent gets no card of another partner’s client', async () => {
    const res = await postEvent(platformToken, { from: '04 91 22 33 44', agent: 'partenaire2@relais.test' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ identified: false, card: { client: null, contact: null } });
    const unknown = await postEvent(platformToken, { from: '09 99 99 99 99', agent: 'support@relais.test' });
    expect(unknown.json()).toMatchObject({ identified: false, card: { client: null } });
  });

  it('accepts only a platform token: not a session, not a partner token; the agent must exist', async () => {
    const bySession = await support.post('/api/v1/calls/events', {
      from: '0698765432',
      agent: 'support@relais.test',
    });
    expect(bySession.statusCode).toBe(403);
    const byPartner = await postEvent(partnerToken, { from: '0698765432', agent: 'partenaire@relais.test' });
    expect(byPartner.statusCode).toBe(403);
    const noAgent = await postEvent(platformToken, { from: '0698765432', agent: 'personne@relais.test' });
    expect(noAgent.statusCode).toBe(400);
    expect(noAgent.json().error.details[0].path).toBe('agent');
    const noAuth = await t.app.inject({ method: 'POST', url: '/api/v1/calls/events', payload: {} });
    expect(noAuth.statusCode).toBe(401);
  });
});
