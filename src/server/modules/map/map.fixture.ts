// The shared setup of the map tests (map.points.test.ts, map.cards.test.ts).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  type MapPointLayer,
  type MapPointLayerName,
  mapCardsAtOut,
  mapPointLayers,
  mapPointsOut,
} from '../../../shared/schemas/map.ts';
import {
  clientSegments,
  clients,
  interventionSkills,
  interventionTechnicians,
  interventions,
  partners,
  sites,
  skills,
  technicianSkills,
  technicians,
  telephonyPlatforms,
  ticketSlaClocks,
  tickets,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

// Tuesday 1 December 2026, 10:00 in Paris: demo technicians are on duty (08:00–12:00).
export const base = '2026-12-01T09:00:00Z';
export const minutes = (n: number) => new Date(Date.parse(base) + n * 60_000);

export let t: TestApp;
export let adv: Session;
export let support: Session;
export let commercial: Session;
export let compta: Session;
export let partnerA: Session;
export let partnerB: Session;
export let thomas: Session;
export const f = {} as {
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
export const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;
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
export const cardsAt = async (s: Session, layer: string, lat: number, lon: number, filters = '') => {
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
export const points = async (s: Session, query = '') => {
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

/**
 * The app, the sessions and the map records (`f`) a map test file works on: made before its tests
 * (clock frozen on a Tuesday morning), closed after. Each file gets its own database.
 */
export function useMapFixture(): void {
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
}

/** Everything partner `id` may see, straight from the tables. */
export async function partnerRows(partnerId: string) {
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
