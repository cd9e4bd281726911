import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mapPointLayers } from '../../../shared/schemas/map.ts';
import { clients, sites } from '../../db/schema/index.ts';
import {
  adv,
  cardsAt,
  compta,
  f,
  partnerA,
  partnerB,
  points,
  rowsOf,
  support,
  t,
  useMapFixture,
} from './map.fixture.ts';

useMapFixture();

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
