import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MapPointLayer,
  type MapPointLayerName,
  mapCardsAtOut,
  mapPointLayers,
  mapPointsOut,
} from '../../../shared/schemas/map.ts';
import {
  absences,
  clientSegments,
  clients,
  interventionSkills,
  interventionTechnicians,
  interventions,
  partners,
  realtimeEvents,
  sites,
  skills,
  technicianPositions,
  technicianSkills,
  technicians,
  telephonyPlatforms,
  ticketSlaClocks,
  tickets,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { defaultMatrix } from '../../policy/matrix.ts';
import { type Actor, Policy } from '../../policy/policy.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { canReceive } from '../notifications/events.service.ts';

// Tuesday 1 December 2026, 10:00 in Paris: demo technicians are on duty (08:00–12:00).
const base = '2026-12-01T09:00:00Z';
const minutes = (n: number) => new Date(Date.parse(base) + n * 60_000);

let t: TestApp;
let adv: Session;
let support: Session;
let commercial: Session;
let compta: Session;
let partnerA: Session;
let partnerB: Session;
let thomas: Session;
const f = {} as {
  partnerA: string;
  partnerB: string;
  segment: string;
  skill: string;
  clientA: string;
  clientB: string;
  clientC: string;
  siteA: string;
  siteA2: string;
  siteB: string;
  siteC: string;
  unplacedA: string;
  noAddressA: string;
  ticketOk: string;
  ticketRisk: string;
  ticketBreached: string;
  ticketLate: string;
  ticketB: string;
  ticketNoSite: string;
  interventionA: string;
  interventionB: string;
  thomas: string;
  thomasHome: { lat: number; lon: number };
};

const six = (xs: string[]) => xs as [string, string, string, string, string, string];
const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;
/** The spots of a layer (distinct rounded coordinates) and the categories of the points there. */
const spotsOf = (layer: MapPointLayer) => {
  const spots = new Map<string, { lat: number; lon: number; cats: Set<string> }>();
  layer.lat.forEach((lat, i) => {
    const lon = layer.lon[i]!;
    const key = `${lat},${lon}`;
    const spot = spots.get(key) ?? { lat, lon, cats: new Set<string>() };
    spot.cats.add(layer.categories[layer.cat[i]!]!);
    spots.set(key, spot);
  });
  return [...spots.values()];
};
/** `GET /map/cards/:layer/at` as `s`, checked against the contract. */
const cardsAt = async (s: Session, layer: string, lat: number, lon: number, filters = '') => {
  const res = await s.get(
    `/api/v1/map/cards/${layer}/at?lat=${lat}&lon=${lon}${filters ? `&${filters}` : ''}`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return mapCardsAtOut.strict().parse(res.json());
};
type Ids = Record<MapPointLayerName, string[]>;
/**
 * `GET /map/points` as `s`, then, as a click on each point would, the records at every spot of
 * each point layer (`/map/cards/:layer/at` with the same filters): `ids` per layer, and `catOf`.
 * Each spot must give as many records as the layer has points there: the layer and the lookup agree.
 */
const points = async (s: Session, query = '') => {
  const res = await s.get(`/api/v1/map/points${query}`);
  expect(res.statusCode, res.body).toBe(200);
  // The service writes the JSON itself: it must still be exactly the contract.
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const out = mapPointsOut.strict().parse(res.json());
  const filters = query
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p && !p.startsWith('layers='))
    .join('&');
  const ids = {} as Ids;
  const cats = new Map<string, Set<string>>();
  for (const layer of mapPointLayers) {
    ids[layer] = [];
    const data = out[layer];
    if (!data) continue;
    expect(data.lon.length).toBe(data.lat.length);
    expect(data.cat.length).toBe(data.lat.length);
    for (const spot of spotsOf(data)) {
      const here = data.lat.filter((lat, i) => lat === spot.lat && data.lon[i] === spot.lon).length;
      const at = await cardsAt(s, layer, spot.lat, spot.lon, filters);
      expect(at.total, `${layer} ${spot.lat},${spot.lon}`).toBe(here);
      expect(at.items.length).toBe(Math.min(here, 20));
      for (const card of at.items) {
        expect(card.layer).toBe(layer);
        ids[layer].push(card.id);
        cats.set(`${layer}:${card.id}`, spot.cats);
      }
    }
  }
  /** The category of `id`'s point (undefined when absent; its spot must hold that one category). */
  const catOf = (layer: MapPointLayerName, id: string) => {
    const c = cats.get(`${layer}:${id}`);
    if (!c) return undefined;
    expect(c.size, `${layer} ${id}: one category at its spot`).toBe(1);
    return [...c][0];
  };
  return { ...out, ids, catOf };
};

beforeAll(async () => {
  clock.set(base);
  // Hours pass in the privacy test: sessions must outlive them.
  t = await createTestApp({ config: { sessionIdleMs: 24 * 3_600_000 } });
  const db = t.database.db;
  const sessions: Session[] = [];
  for (const email of [
    'adv@relais.test',
    'support@relais.test',
    'commercial@relais.test',
    'compta@relais.test',
    'partenaire@relais.test',
    'partenaire2@relais.test',
    'tech.terrain@relais.test',
  ])
    sessions.push(await loginAs(t.app, email));
  [adv, support, commercial, compta, partnerA, partnerB, thomas] = sessions as [
    Session,
    Session,
    Session,
    Session,
    Session,
    Session,
    Session,
  ];
  clock.set(base);
  const [pa, pb] = await db
    .select({ id: partners.id })
    .from(partners)
    .orderBy(partners.createdAt, partners.name);
  f.partnerA = pa!.id;
  f.partnerB = pb!.id;
  const [seg] = await db.insert(clientSegments).values({ name: 'Carte test' }).returning();
  f.segment = seg!.id;
  const [skill] = await db.insert(skills).values({ name: 'Carte fibre' }).returning();
  f.skill = skill!.id;
  const [ca, cb, cc] = await db
    .insert(clients)
    .values([
      { name: 'Carte A', partnerId: f.partnerA, segmentId: f.segment },
      { name: 'Carte B', partnerId: f.partnerB },
      { name: 'Carte C' },
    ])
    .returning();
  f.clientA = ca!.id;
  f.clientB = cb!.id;
  f.clientC = cc!.id;
  const placed = (clientId: string, name: string, lat: number, lon: number, department: string) => ({
    clientId,
    name,
    addressLine: '1 place Bellecour',
    postalCode: `${department}000`,
    city: 'Ville',
    department,
    latitude: lat,
    longitude: lon,
    geocodeStatus: 'ok',
  });
  const [sa, sa2, sb, sc, ua, na] = await db
    .insert(sites)
    .values([
      placed(f.clientA, 'Siège A', 45.7578137, 4.8320114, '69'),
      placed(f.clientA, 'Agence A', 45.1885, 5.7245, '38'),
      placed(f.clientB, 'Siège B', 48.8589, 2.3795, '75'),
      placed(f.clientC, 'Siège C', 43.2887, 5.3806, '13'),
      {
        clientId: f.clientA,
        name: 'Dépôt A',
        addressLine: 'Lieu-dit introuvable',
        geocodeStatus: 'not_found',
      },
      { clientId: f.clientA, name: 'Sans adresse', geocodeStatus: 'not_found' },
    ])
    .returning();
  [f.siteA, f.siteA2, f.siteB, f.siteC, f.unplacedA, f.noAddressA] = six(
    [sa, sa2, sb, sc, ua, na].map((s) => s!.id),
  );
  // The Grenoble agency came later: the Lyon head office is the client's first placed site.
  await db
    .update(sites)
    .set({ createdAt: new Date('2020-01-06T09:00:00Z') })
    .where(eq(sites.id, f.siteA));
  await db.insert(telephonyPlatforms).values([
    { clientId: f.clientA, siteId: f.siteA, kind: 'ipbx', provider: 'Centile' },
    { clientId: f.clientB, siteId: f.siteB, kind: 'centrex' },
  ]);

  // Tickets: SLA ok, at risk, breached (marked), late (running past due, not scanned yet), B's one,
  // and one without a site (placed at the client's first placed site).
  const ticket = (n: string, clientId: string, siteId: string | null) => ({
    number: `T-CARTE-${n}`,
    clientId,
    siteId,
    type: 'incident',
    priority: 'P2',
    status: 'en_cours',
    channel: 'telephone',
    subject: `Carte ${n}`,
  });
  const ts = await db
    .insert(tickets)
    .values([
      ticket('OK', f.clientA, f.siteA),
      ticket('RISK', f.clientA, f.siteA2),
      ticket('BREACHED', f.clientC, f.siteC),
      ticket('LATE', f.clientC, f.siteC),
      ticket('B', f.clientB, f.siteB),
      ticket('NOSITE', f.clientA, null),
    ])
    .returning();
  [f.ticketOk, f.ticketRisk, f.ticketBreached, f.ticketLate, f.ticketB, f.ticketNoSite] = six(
    ts.map((x) => x.id),
  );
  const clockRow = (
    ticketId: string,
    metric: string,
    state: string,
    warnAt: Date,
    dueAt: Date,
    breachedAt: Date | null = null,
  ) => ({ ticketId, metric, targetSeconds: 3600, state, warnAt, dueAt, breachedAt });
  await db
    .insert(ticketSlaClocks)
    .values([
      clockRow(f.ticketOk, 'first_response', 'running', minutes(60), minutes(90)),
      clockRow(f.ticketOk, 'resolution', 'running', minutes(200), minutes(240)),
      clockRow(f.ticketRisk, 'first_response', 'met', minutes(-100), minutes(-50)),
      clockRow(f.ticketRisk, 'resolution', 'running', minutes(-5), minutes(30)),
      clockRow(f.ticketBreached, 'first_response', 'met', minutes(-100), minutes(-50)),
      clockRow(f.ticketBreached, 'resolution', 'breached', minutes(-60), minutes(-10), minutes(-10)),
      clockRow(f.ticketLate, 'resolution', 'running', minutes(-30), minutes(-1)),
      clockRow(f.ticketB, 'resolution', 'running', minutes(60), minutes(90)),
    ]);

  // Thomas Terrain: skill, today's intervention at A's site (en route), and one at B's.
  const [th] = await db
    .select({ id: technicians.id, lat: technicians.homeLatitude, lon: technicians.homeLongitude })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(eq(users.email, 'tech.terrain@relais.test'));
  f.thomas = th!.id;
  f.thomasHome = { lat: th!.lat!, lon: th!.lon! };
  await db.insert(technicianSkills).values({ technicianId: f.thomas, skillId: f.skill });
  const [ia, ib] = await db
    .insert(interventions)
    .values([
      {
        number: 'I-CARTE-A',
        kind: 'sav',
        clientId: f.clientA,
        siteId: f.siteA,
        title: 'Carte A',
        status: 'en_route',
        plannedStart: minutes(30),
        ticketId: f.ticketOk,
      },
      {
        number: 'I-CARTE-B',
        kind: 'installation',
        clientId: f.clientB,
        siteId: f.siteB,
        title: 'Carte B',
        status: 'planifiee',
        plannedStart: minutes(120),
      },
    ])
    .returning();
  f.interventionA = ia!.id;
  f.interventionB = ib!.id;
  await db
    .insert(interventionTechnicians)
    .values({ interventionId: f.interventionA, technicianId: f.thomas, lead: true });
  await db.insert(interventionSkills).values({ interventionId: f.interventionA, skillId: f.skill });
}, 180_000);

afterAll(async () => {
  await t?.close();
});

/** Everything partner `id` may see, straight from the tables. */
async function partnerRows(partnerId: string) {
  const db = t.database.db;
  const q = async (s: ReturnType<typeof sql>) =>
    new Set(rowsOf<{ id: string }>(await db.execute(s)).map((r) => r.id));
  return {
    sites: await q(sql`SELECT s.id FROM sites s JOIN clients c ON c.id = s.client_id
      WHERE c.partner_id = ${partnerId}::uuid AND c.status = 'actif' AND s.latitude IS NOT NULL`),
    tickets: await q(sql`SELECT t.id FROM tickets t JOIN clients c ON c.id = t.client_id
      WHERE c.partner_id = ${partnerId}::uuid`),
    interventions: await q(sql`SELECT i.id FROM interventions i JOIN clients c ON c.id = i.client_id
      WHERE c.partner_id = ${partnerId}::uuid`),
  };
}

describe('GET /map/points: scope and privacy', () => {
  it('gives a partner its own clients’ points only, in every layer, and never technicians', async () => {
    const a = await points(partnerA);
    const b = await points(partnerB);
    expect(a.technicians).toBeNull();
    expect(b.technicians).toBeNull();
    const ownA = await partnerRows(f.partnerA);
    const ownB = await partnerRows(f.partnerB);
    // Exactly the partner's active, placed sites.
    expect(new Set(a.ids.sites)).toEqual(ownA.sites);
    expect(new Set(b.ids.sites)).toEqual(ownB.sites);
    for (const layer of ['sites', 'installations', 'tickets', 'interventions'] as const) {
      const idsA = new Set(a.ids[layer]);
      const idsB = b.ids[layer];
      expect(
        idsB.filter((id) => idsA.has(id)),
        layer,
      ).toEqual([]);
      for (const id of a.ids[layer]) {
        if (layer === 'installations' || layer === 'sites') expect(ownA.sites.has(id)).toBe(true);
        else expect(ownA[layer].has(id), `${layer} ${id}`).toBe(true);
      }
    }
    expect(a.ids.sites).toContain(f.siteA);
    expect(b.ids.sites).not.toContain(f.siteA);
    expect(a.ids.installations).toContain(f.siteA);
    expect(a.ids.installations).not.toContain(f.siteB);
    expect(a.ids.tickets).toEqual(expect.arrayContaining([f.ticketOk, f.ticketRisk, f.ticketNoSite]));
    expect(b.ids.tickets).toContain(f.ticketB);
    expect(b.ids.tickets).not.toContain(f.ticketOk);
    expect(a.ids.interventions).toContain(f.interventionA);
    expect(a.ids.interventions).not.toContain(f.interventionB);
    expect(b.ids.interventions).toContain(f.interventionB);
    // A partner's partnerId filter cannot widen its scope.
    const widened = await points(partnerA, `?partnerId=${f.partnerB}`);
    expect(new Set(widened.ids.sites)).toEqual(ownA.sites);
  });

  it('answers 404 for another partner’s cards and for any technician card', async () => {
    for (const [layer, id] of [
      ['sites', f.siteA],
      ['installations', f.siteA],
      ['tickets', f.ticketOk],
      ['interventions', f.interventionA],
      ['technicians', f.thomas],
    ] as const) {
      const res = await partnerB.get(`/api/v1/map/cards/${layer}/${id}`);
      expect(res.statusCode, `${layer} ${res.body}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await partnerB.get(`/api/v1/map/cards/sites/${f.siteB}`)).statusCode).toBe(200);
    expect((await partnerA.get(`/api/v1/map/cards/technicians/${f.thomas}`)).statusCode).toBe(404);
  });

  it('shows a live position only while on duty with sharing on, else the home base', async () => {
    const db = t.database.db;
    const thomasOf = async () =>
      (await points(adv, '?layers=technicians')).technicians!.find((x) => x.id === f.thomas);
    const home = {
      lat: Math.round(f.thomasHome.lat * 1e5) / 1e5,
      lon: Math.round(f.thomasHome.lon * 1e5) / 1e5,
    };
    // A stored position, sharing off: home base only.
    await db.insert(technicianPositions).values({
      technicianId: f.thomas,
      recordedAt: minutes(-10),
      latitude: 45.7000123,
      longitude: 4.9000123,
    });
    expect(await thomasOf()).toMatchObject({ source: 'home', positionAt: null, ...home, status: 'en_route' });
    // Sharing on and on duty: the live point, rounded to 5 decimals.
    await db.update(technicians).set({ positionSharing: true }).where(eq(technicians.id, f.thomas));
    expect(await thomasOf()).toMatchObject({
      source: 'live',
      lat: 45.70001,
      lon: 4.90001,
      positionAt: minutes(-10).toISOString(),
    });
    // Off duty (lunch break, 12:30 Paris): home base, never the stored position.
    clock.set(minutes(150));
    expect(await thomasOf()).toMatchObject({ source: 'home', ...home, positionAt: null });
    // Back at 13:40, the position is now 3 h 40 old: home base.
    clock.set(minutes(220));
    expect(await thomasOf()).toMatchObject({ source: 'home' });
    clock.set(base);
    // On approved absence: home base and « indisponible » even with an intervention en route.
    const [abs] = await db
      .insert(absences)
      .values({
        technicianId: f.thomas,
        kind: 'maladie',
        startsAt: minutes(-60),
        endsAt: minutes(600),
        status: 'approuvee',
      })
      .returning();
    expect(await thomasOf()).toMatchObject({ source: 'home', status: 'indisponible', positionAt: null });
    await db.delete(absences).where(eq(absences.id, abs!.id));
    expect(await thomasOf()).toMatchObject({ source: 'live', status: 'en_route' });
    // The field technician sees himself only; support (no planning) gets no technicians at all.
    const own = (await points(thomas, '?layers=technicians')).technicians!;
    expect(own.map((x) => x.id)).toEqual([f.thomas]);
    expect((await points(support)).technicians).toBeNull();
    await db.update(technicians).set({ positionSharing: false }).where(eq(technicians.id, f.thomas));
  });

  it('never sends technician.position events to partners (real-time channel)', async () => {
    // A real position, through the technician's API: the event the map moves markers with.
    expect((await thomas.put('/api/v1/technicians/me/position-sharing', { enabled: true })).statusCode).toBe(
      200,
    );
    const posted = await thomas.post('/api/v1/technicians/me/positions', {
      latitude: 45.71,
      longitude: 4.91,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const [ev] = await t.database.db
      .select()
      .from(realtimeEvents)
      .where(eq(realtimeEvents.type, 'technician.position'))
      .orderBy(desc(realtimeEvents.id))
      .limit(1);
    expect(ev!.payload).toMatchObject({ technicianId: f.thomas, latitude: 45.71, longitude: 4.91 });
    const actor = (role: Actor['role'], partnerId: string | null = null): Actor => ({
      kind: 'user',
      userId: '00000000-0000-4000-8000-000000000001',
      tokenId: null,
      role,
      partnerId,
      name: role,
    });
    const receives = (a: Actor) => canReceive(a, new Policy(a, defaultMatrix), ev!);
    expect(receives(actor('partenaire', f.partnerA))).toBe(false);
    expect(receives(actor('partenaire', f.partnerB))).toBe(false);
    expect(receives(actor('compta'))).toBe(false);
    expect(receives(actor('adv'))).toBe(true);
    expect(receives(actor('commercial'))).toBe(true);
    await thomas.put('/api/v1/technicians/me/position-sharing', { enabled: false });
  });
});

describe('GET /map/points: layers and filters', () => {
  it('colours open tickets by SLA state computed from their clocks', async () => {
    const all = await points(support, '?layers=tickets');
    expect(all.technicians).toBeNull();
    expect(all.sites).toBeNull();
    expect(all.catOf('tickets', f.ticketOk)).toBe('ok');
    expect(all.catOf('tickets', f.ticketRisk)).toBe('at_risk');
    expect(all.catOf('tickets', f.ticketBreached)).toBe('breached');
    expect(all.catOf('tickets', f.ticketLate)).toBe('breached');
    // A ticket without a site stands at the client's first placed site.
    const lyon = await cardsAt(support, 'tickets', 45.75781, 4.83201);
    expect(lyon.items.map((c) => c.id)).toEqual([f.ticketNoSite, f.ticketOk]); // French order of title
    expect(lyon.total).toBe(2);
    // Closed tickets are not on the map.
    await t.database.db.update(tickets).set({ status: 'clos' }).where(eq(tickets.id, f.ticketLate));
    const risky = await points(support, '?layers=tickets&status=at_risk');
    expect(risky.ids.tickets).toContain(f.ticketRisk);
    expect(risky.tickets!.categories).toEqual(['at_risk']);
    expect((await points(support, '?layers=tickets')).ids.tickets).not.toContain(f.ticketLate);
    await t.database.db.update(tickets).set({ status: 'en_cours' }).where(eq(tickets.id, f.ticketLate));
  });

  it('reads each layer with its own module’s right: commercial sees tickets, compta does not', async () => {
    const c = await points(commercial);
    expect(c.ids.tickets).toContain(f.ticketOk);
    expect(c.technicians!.length).toBeGreaterThan(0);
    expect(c.ids.interventions).toContain(f.interventionA);
    const k = await points(compta);
    expect(k.tickets).toBeNull();
    expect(k.interventions).toBeNull();
    expect(k.technicians).toBeNull();
    expect(k.ids.sites).toContain(f.siteA);
    expect((await compta.get(`/api/v1/map/cards/tickets/${f.ticketOk}`)).statusCode).toBe(404);
    // Only the layers asked for.
    const only = await points(commercial, '?layers=sites,installations');
    expect(only.tickets).toBeNull();
    expect(only.technicians).toBeNull();
    expect(only.ids.installations).toEqual(expect.arrayContaining([f.siteA, f.siteB]));
    expect(only.catOf('installations', f.siteA)).toBe('ipbx');
  });

  it('filters by partner, segment, département, skill and status', async () => {
    const byPartner = await points(adv, `?partnerId=${f.partnerB}`);
    expect(new Set(byPartner.ids.sites)).toEqual((await partnerRows(f.partnerB)).sites);
    expect(byPartner.ids.interventions).toContain(f.interventionB);
    const ownB = await partnerRows(f.partnerB);
    expect(byPartner.ids.interventions.filter((id) => !ownB.interventions.has(id))).toEqual([]);
    expect(byPartner.ids.tickets.filter((id) => !ownB.tickets.has(id))).toEqual([]);
    const bySegment = await points(adv, `?segmentId=${f.segment}&layers=sites,tickets`);
    expect(new Set(bySegment.ids.sites)).toEqual(new Set([f.siteA, f.siteA2]));
    expect(bySegment.sites!.categories).toEqual(['Carte test']);
    expect(new Set(bySegment.ids.tickets)).toEqual(new Set([f.ticketOk, f.ticketRisk, f.ticketNoSite]));
    const isere = await points(adv, '?department=38&layers=sites,tickets,technicians');
    expect(isere.ids.sites).toContain(f.siteA2);
    expect(isere.ids.sites).not.toContain(f.siteA);
    expect(isere.ids.tickets).toContain(f.ticketRisk);
    expect(isere.ids.tickets).not.toContain(f.ticketOk);
    const zones = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`SELECT id FROM technicians WHERE active AND home_latitude IS NOT NULL
        AND ('38' = ANY(zones) OR home_department = '38')`),
    ).map((r) => r.id);
    expect(new Set(isere.technicians!.map((x) => x.id))).toEqual(new Set(zones));
    const bySkill = await points(adv, `?skillId=${f.skill}`);
    expect(bySkill.technicians!.map((x) => x.id)).toEqual([f.thomas]);
    expect(bySkill.ids.interventions).toEqual([f.interventionA]);
    expect(bySkill.ids.tickets).toEqual([f.ticketOk]);
    const enRoute = await points(adv, '?status=en_route');
    expect(enRoute.ids.interventions).toContain(f.interventionA);
    expect(enRoute.ids.interventions).not.toContain(f.interventionB);
    expect(enRoute.interventions!.categories).toEqual(['en_route']);
    expect(enRoute.technicians!.map((x) => x.id)).toContain(f.thomas);
    expect(new Set(enRoute.technicians!.map((x) => x.status))).toEqual(new Set(['en_route']));
    expect(enRoute.ids.sites.length).toBeGreaterThan(1); // a status filters its own layers only
    const bad = await adv.get('/api/v1/map/points?status=volant');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ path: 'status' });
    const badLayer = await adv.get('/api/v1/map/points?layers=sites,meteo');
    expect(badLayer.statusCode).toBe(400);
    expect(badLayer.body).toMatch(/Calque inconnu : meteo/);
  });

  it('counts the sites without coordinates in scope', async () => {
    const count = async (partnerId: string | null) =>
      rowsOf<{ n: number }>(
        await t.database.db.execute(sql`SELECT count(*)::int AS n FROM sites s JOIN clients c ON c.id = s.client_id
          WHERE c.status = 'actif' AND s.latitude IS NULL
          AND (${partnerId}::uuid IS NULL OR c.partner_id = ${partnerId}::uuid)`),
      )[0]!.n;
    expect((await points(adv)).sitesWithoutCoordinates).toBe(await count(null));
    expect((await points(partnerA)).sitesWithoutCoordinates).toBe(await count(f.partnerA));
    expect(await count(f.partnerA)).toBeGreaterThanOrEqual(2);
    // Only with the sites layer.
    expect((await points(adv, '?layers=tickets,technicians')).sitesWithoutCoordinates).toBeNull();
    expect((await points(adv, '?layers=sites')).sitesWithoutCoordinates).toBe(await count(null));
  });
});

describe('GET /map/cards', () => {
  it('sums up a ticket, a site, an intervention and a technician in French with links', async () => {
    const ticket = (await support.get(`/api/v1/map/cards/tickets/${f.ticketRisk}`)).json();
    expect(ticket).toMatchObject({
      layer: 'tickets',
      title: 'T-CARTE-RISK · Carte RISK',
      subtitle: 'Carte A',
      badge: { label: 'Bientôt en retard', color: 'orange' },
      ticketId: f.ticketRisk,
    });
    expect(ticket.lines).toEqual(
      expect.arrayContaining([
        { label: 'Échéance SLA', value: '01/12/2026 10:30' },
        { label: 'Statut', value: 'En cours' },
      ]),
    );
    expect(ticket.links).toEqual(
      expect.arrayContaining([
        { label: 'Ticket', href: `/tickets/${f.ticketRisk}` },
        { label: 'Fiche client', href: `/clients/${f.clientA}` },
      ]),
    );
    const site = (await partnerA.get(`/api/v1/map/cards/installations/${f.siteA}`)).json();
    expect(site.lines).toEqual(
      expect.arrayContaining([
        { label: 'Adresse', value: '1 place Bellecour, 69000 Ville' },
        { label: 'Plateforme', value: 'IPBX — Centile' },
      ]),
    );
    expect(site.lines.map((l: { label: string }) => l.label)).not.toContain('Partenaire');
    expect((await partnerA.get(`/api/v1/map/cards/installations/${f.siteA2}`)).statusCode).toBe(404);
    const iv = (await adv.get(`/api/v1/map/cards/interventions/${f.interventionA}`)).json();
    expect(iv).toMatchObject({ badge: { label: 'En route' }, title: 'I-CARTE-A · Carte A' });
    expect(iv.lines).toEqual(
      expect.arrayContaining([
        { label: 'Créneau', value: '10:30 – 11:30' },
        { label: 'Techniciens', value: 'Thomas Terrain' },
      ]),
    );
    const tech = (await adv.get(`/api/v1/map/cards/technicians/${f.thomas}`)).json();
    expect(tech).toMatchObject({
      title: 'Thomas Terrain',
      badge: { label: 'En route' },
      links: [{ label: 'Fiche technicien', href: `/techniciens/${f.thomas}` }],
    });
    expect(tech.lines).toEqual(
      expect.arrayContaining([{ label: 'Intervention en cours', value: 'I-CARTE-A' }]),
    );
    expect((await adv.get('/api/v1/map/cards/meteo/x')).statusCode).toBe(400);
  });
});

describe('GET /map/cards/:layer/at', () => {
  it('lists every record at a spot within scope and filters, several sites in one building, never 404', async () => {
    const lyon = { lat: 45.75781, lon: 4.83201 }; // Siège A, as /map/points rounds it
    const db = t.database.db;
    // A second client of partner A in the same building, and an inactive one (not on the map).
    const [other, gone] = await db
      .insert(clients)
      .values([
        { name: 'Agence Bellecour', partnerId: f.partnerA },
        { name: 'Ancien locataire', partnerId: f.partnerA, status: 'ancien' },
      ])
      .returning();
    const building = (clientId: string, name: string) => ({
      clientId,
      name,
      department: '69',
      latitude: 45.757812,
      longitude: 4.832013,
      geocodeStatus: 'ok',
    });
    await db.insert(sites).values([building(other!.id, 'Étage 2'), building(gone!.id, 'Étage 3')]);
    try {
      const a = await cardsAt(partnerA, 'sites', lyon.lat, lyon.lon);
      expect(a.items.map((c) => [c.title, c.subtitle])).toEqual([
        ['Agence Bellecour', 'Étage 2'],
        ['Carte A', 'Siège A'],
      ]);
      expect(a.total).toBe(2);
      expect(a.items[1]!.links).toEqual([{ label: 'Fiche client', href: `/clients/${f.clientA}` }]);
      // Same spot as the layer gives it: two points there.
      const layer = (await points(partnerA, `?layers=sites&department=69`)).sites!;
      expect(layer.lat.filter((lat, i) => lat === lyon.lat && layer.lon[i] === lyon.lon)).toHaveLength(2);
      // Partner B asking at partner A's site: nothing (not a 404), in every layer.
      for (const layer of mapPointLayers) {
        const b = await cardsAt(partnerB, layer, lyon.lat, lyon.lon);
        expect(b, layer).toEqual({ items: [], total: 0 });
      }
      // Filters as on /map/points: segment, status of the layer's own vocabulary.
      const seg = await cardsAt(adv, 'sites', lyon.lat, lyon.lon, `segmentId=${f.segment}`);
      expect(seg.items.map((c) => c.id)).toEqual([f.siteA]);
      const installations = await cardsAt(adv, 'installations', lyon.lat, lyon.lon);
      expect(installations.items.map((c) => c.id)).toEqual([f.siteA]);
      expect((await cardsAt(adv, 'tickets', lyon.lat, lyon.lon, 'status=at_risk')).total).toBe(0);
      expect((await cardsAt(adv, 'tickets', lyon.lat, lyon.lon, 'status=ok')).total).toBe(2);
      expect((await cardsAt(adv, 'interventions', lyon.lat, lyon.lon)).items.map((c) => c.id)).toEqual([
        f.interventionA,
      ]);
      // Compta reads clients, not tickets: an empty list for tickets, never someone else's record.
      expect(await cardsAt(compta, 'tickets', lyon.lat, lyon.lon)).toEqual({ items: [], total: 0 });
      // 1 m away is another spot.
      expect((await cardsAt(adv, 'sites', lyon.lat + 0.00001, lyon.lon)).total).toBe(0);
    } finally {
      await db.delete(sites).where(sql`${sites.clientId} IN (${other!.id}::uuid, ${gone!.id}::uuid)`);
      await db.delete(clients).where(sql`${clients.id} IN (${other!.id}::uuid, ${gone!.id}::uuid)`);
    }
    // Bad input: French messages, precise fields.
    const noLat = await adv.get(`/api/v1/map/cards/sites/at?lon=${lyon.lon}`);
    expect(noLat.statusCode).toBe(400);
    expect(noLat.json().error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'lat' })]),
    );
    expect((await adv.get('/api/v1/map/cards/sites/at?lat=91&lon=2')).json().error.details[0]).toMatchObject({
      path: 'lat',
      message: 'Latitude invalide.',
    });
    const tech = await adv.get('/api/v1/map/cards/technicians/at?lat=45&lon=4');
    expect(tech.statusCode).toBe(400);
    expect(tech.body).toMatch(/Calque inconnu/);
    expect((await adv.get('/api/v1/map/cards/sites/at?lat=45&lon=4&status=volant')).statusCode).toBe(400);
  });
});

describe('POST /clients/:clientId/sites/:id/geocode', () => {
  it('puts an unplaced site back in the geocoding queue, within scope', async () => {
    const res = await partnerA.post(`/api/v1/clients/${f.clientA}/sites/${f.unplacedA}/geocode`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: f.unplacedA, geocodeStatus: 'pending' });
    const jobs = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'geocode' AND data->>'siteId' = ${f.unplacedA}`,
      ),
    )[0]!.n;
    expect(jobs).toBe(1);
    expect(
      (await partnerB.post(`/api/v1/clients/${f.clientA}/sites/${f.unplacedA}/geocode`)).statusCode,
    ).toBe(404);
    expect((await compta.post(`/api/v1/clients/${f.clientA}/sites/${f.unplacedA}/geocode`)).statusCode).toBe(
      403,
    );
    const none = await adv.post(`/api/v1/clients/${f.clientA}/sites/${f.noAddressA}/geocode`);
    expect(none.statusCode).toBe(409);
    expect(none.json().error.message).toMatch(/pas d’adresse/);
  });
});
