import { and, eq, sql } from 'drizzle-orm';
import { sites } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import { type Jobs, PermanentJobError } from '../../infra/jobs.ts';

/**
 * Geocoding of client sites through the Base Adresse Nationale API
 * (`GET {GEOCODER_URL}/search/?q=…&postcode=…&limit=1`, GeoJSON answer). A site whose address is
 * new or changed is `pending` and a `geocode` job is enqueued in the same transaction; the job
 * stores the coordinates (`ok`), or `not_found` (no result, or score < 0.5: coordinates stay NULL,
 * never 0,0), or `error` while the geocoder is unreachable (the job is retried; a later success
 * places the site).
 */
export const geocodeQueue = 'geocode';
export const minGeocodeScore = 0.5;
const timeoutMs = 10_000;

export type GeocodeJob = { siteId: string };
type Address = { addressLine: string | null; postalCode: string | null; city: string | null };

export function hasAddress(a: Address): boolean {
  return Boolean(a.addressLine?.trim() || a.postalCode?.trim() || a.city?.trim());
}

export async function enqueueGeocode(tx: Db, jobs: Jobs, siteId: string): Promise<void> {
  await jobs.enqueue(tx, geocodeQueue, { siteId } satisfies GeocodeJob, `geocode:${siteId}`);
}

type BanAnswer = {
  features?: { geometry?: { coordinates?: [number, number] }; properties?: { score?: number } }[];
};

/** Asks the BAN API for one address; null when it has no answer. Throws when it cannot be reached. */
export async function geocodeAddress(
  baseUrl: string,
  a: Address,
): Promise<{ latitude: number; longitude: number; score: number } | null> {
  const q = [a.addressLine, a.postalCode, a.city].filter((x) => x?.trim()).join(' ');
  const url = new URL('search/', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('q', q);
  if (a.postalCode) url.searchParams.set('postcode', a.postalCode);
  url.searchParams.set('limit', '1');
  const res = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'application/json' },
  });
  if (res.status >= 400 && res.status < 500 && res.status !== 429) {
    throw new PermanentJobError(`Le géocodeur refuse l’adresse (HTTP ${res.status}).`);
  }
  if (!res.ok) throw new Error(`Géocodeur indisponible (HTTP ${res.status}).`);
  const body = (await res.json()) as BanAnswer;
  const f = body.features?.[0];
  const coords = f?.geometry?.coordinates;
  const score = f?.properties?.score;
  if (!coords || typeof score !== 'number' || !Number.isFinite(coords[0]) || !Number.isFinite(coords[1])) {
    return null;
  }
  return { longitude: coords[0], latitude: coords[1], score };
}

/** The job: geocodes the site's current address and stores the outcome, unless the address changed meanwhile. */
export function geocodeHandler(db: Db, baseUrl: string) {
  return async ({ siteId }: GeocodeJob) => {
    const [site] = await db.select().from(sites).where(eq(sites.id, siteId));
    if (!site) return;
    const sameAddress = and(
      eq(sites.id, siteId),
      sql`${sites.addressLine} IS NOT DISTINCT FROM ${site.addressLine}`,
      sql`${sites.postalCode} IS NOT DISTINCT FROM ${site.postalCode}`,
      sql`${sites.city} IS NOT DISTINCT FROM ${site.city}`,
    );
    const store = (values: Partial<typeof sites.$inferInsert>) =>
      db
        .update(sites)
        .set({ ...values, geocodedAt: clock.now() })
        .where(sameAddress);
    if (!hasAddress(site)) {
      await store({ geocodeStatus: 'not_found', latitude: null, longitude: null, geocodeScore: null });
      return;
    }
    let found: Awaited<ReturnType<typeof geocodeAddress>>;
    try {
      found = await geocodeAddress(baseUrl, site);
    } catch (err) {
      // Listed as not placed at once; the queue retries (a later success places it).
      await store({ geocodeStatus: 'error', latitude: null, longitude: null, geocodeScore: null });
      throw err;
    }
    if (!found || found.score < minGeocodeScore) {
      await store({
        geocodeStatus: 'not_found',
        latitude: null,
        longitude: null,
        geocodeScore: found?.score ?? null,
      });
      return;
    }
    await store({
      geocodeStatus: 'ok',
      latitude: found.latitude,
      longitude: found.longitude,
      geocodeScore: found.score,
    });
  };
}

export async function startGeocodeWorker(db: Db, jobs: Jobs, baseUrl: string): Promise<void> {
  await jobs.defineQueue(geocodeQueue);
  await jobs.work<GeocodeJob>(geocodeQueue, geocodeHandler(db, baseUrl));
}
