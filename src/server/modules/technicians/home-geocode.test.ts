import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { technicians, users } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp, until } from '../../test/harness.ts';
import { homeGeocodeHandler } from './home-geocode.ts';

/** A local Base Adresse Nationale: « Introuvable » → no feature, « Panne » → 503, else found. */
const server = http.createServer((req, res) => {
  const q = new URL(req.url ?? '/', 'http://x').searchParams.get('q') ?? '';
  if (q.includes('Panne')) {
    res.writeHead(503).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      type: 'FeatureCollection',
      features: q.includes('Introuvable')
        ? []
        : [{ geometry: { type: 'Point', coordinates: [4.8357, 45.7597] }, properties: { score: 0.91 } }],
    }),
  );
});

let t: TestApp;
let adv: Session;
let url: string;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp({ config: { geocoderUrl: url, jobPollingSeconds: 0.5 } });
  adv = await loginAs(t.app, 'adv@relais.test');
}, 120_000);
afterAll(async () => {
  await t?.close();
  server.close();
});

async function newTech(email: string) {
  const [u] = await t.database.db
    .insert(users)
    .values({ email, name: email, role: 'tech_terrain', passwordHash: 'x' })
    .returning();
  return u!.id;
}
const row = async (id: string) =>
  (await t.database.db.select().from(technicians).where(eq(technicians.id, id)))[0]!;

describe('home base geocoding', () => {
  it('places a new home base through the technician-geocode queue', async () => {
    const res = await adv.post('/api/v1/technicians', {
      userId: await newTech('geo.ok@relais.test'),
      homeAddress: '12 rue de la République',
      homePostalCode: '69002',
      homeCity: 'Lyon',
    });
    expect(res.json().homeGeocodeStatus).toBe('pending');
    const placed = await until(async () => {
      const r = await row(res.json().id);
      return r.homeGeocodeStatus === 'ok' ? r : undefined;
    });
    expect([placed.homeLatitude, placed.homeLongitude]).toEqual([45.7597, 4.8357]);
  });

  it('not found or unreachable: never 0,0', async () => {
    const created = await adv.post('/api/v1/technicians', {
      userId: await newTech('geo.ko@relais.test'),
      homeAddress: 'Introuvable',
      homePostalCode: '69002',
    });
    const id = created.json().id;
    const handler = homeGeocodeHandler(t.database.db, url);
    await handler({ technicianId: id });
    expect(await row(id)).toMatchObject({
      homeGeocodeStatus: 'not_found',
      homeLatitude: null,
      homeLongitude: null,
    });
    await adv.patch(`/api/v1/technicians/${id}`, { homeAddress: 'Panne' });
    await expect(handler({ technicianId: id })).rejects.toThrow();
    expect(await row(id)).toMatchObject({
      homeGeocodeStatus: 'error',
      homeLatitude: null,
      homeLongitude: null,
    });
  });
});
