import { desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  absences,
  realtimeEvents,
  technicianPositions,
  technicians,
  tickets,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { defaultMatrix } from '../../policy/matrix.ts';
import { type Actor, Policy } from '../../policy/policy.ts';
import { canReceive } from '../notifications/events.service.ts';
import {
  adv,
  base,
  cardsAt,
  commercial,
  compta,
  f,
  minutes,
  partnerA,
  partnerB,
  partnerRows,
  points,
  rowsOf,
  support,
  t,
  thomas,
  useMapFixture,
} from './map.fixture.ts';

useMapFixture();

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
