import { and, eq, sql } from 'drizzle-orm';
import { technicians } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { geocodeAddress, hasAddress, minGeocodeScore } from '../clients/geocoder.ts';

/**
 * Geocoding of technicians' home bases through the Base Adresse Nationale, like client sites: a new
 * or moved home address is `pending` and a `technician-geocode` job is enqueued in the change's
 * transaction; the job stores `ok` with the coordinates, `not_found` (no answer or score < 0.5:
 * coordinates NULL, never 0,0) or `error` while the API is unreachable (the job is retried). It
 * writes only if the address is still the one it geocoded.
 */
export const technicianGeocodeQueue = 'technician-geocode';

type Job = { technicianId: string };

export async function enqueueHomeGeocode(tx: Db, jobs: Jobs, technicianId: string): Promise<void> {
  await jobs.enqueue(tx, technicianGeocodeQueue, { technicianId } satisfies Job, `tgeocode:${technicianId}`);
}

export function homeGeocodeHandler(db: Db, baseUrl: string) {
  return async ({ technicianId }: Job) => {
    const [t] = await db.select().from(technicians).where(eq(technicians.id, technicianId));
    if (!t) return;
    const address = { addressLine: t.homeAddress, postalCode: t.homePostalCode, city: t.homeCity };
    const sameAddress = and(
      eq(technicians.id, technicianId),
      sql`${technicians.homeAddress} IS NOT DISTINCT FROM ${t.homeAddress}`,
      sql`${technicians.homePostalCode} IS NOT DISTINCT FROM ${t.homePostalCode}`,
      sql`${technicians.homeCity} IS NOT DISTINCT FROM ${t.homeCity}`,
    );
    const store = (values: Partial<typeof technicians.$inferInsert>) =>
      db.update(technicians).set(values).where(sameAddress);
    if (!hasAddress(address)) {
      await store({ homeGeocodeStatus: 'not_found', homeLatitude: null, homeLongitude: null });
      return;
    }
    let found: Awaited<ReturnType<typeof geocodeAddress>>;
    try {
      found = await geocodeAddress(baseUrl, address);
    } catch (err) {
      await store({ homeGeocodeStatus: 'error', homeLatitude: null, homeLongitude: null });
      throw err;
    }
    if (!found || found.score < minGeocodeScore) {
      await store({ homeGeocodeStatus: 'not_found', homeLatitude: null, homeLongitude: null });
      return;
    }
    await store({ homeGeocodeStatus: 'ok', homeLatitude: found.latitude, homeLongitude: found.longitude });
  };
}

export async function startHomeGeocodeWorker(db: Db, jobs: Jobs, baseUrl: string): Promise<void> {
  await jobs.defineQueue(technicianGeocodeQueue);
  await jobs.work<Job>(technicianGeocodeQueue, homeGeocodeHandler(db, baseUrl));
}
