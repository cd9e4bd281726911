import { and, asc, eq, ne } from 'drizzle-orm';
import { clients, sites } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere } from './clients.repo.ts';
import { findRecordOfClient } from './records.repo.ts';

export type SiteRow = typeof sites.$inferSelect;
export type SiteValues = Partial<typeof sites.$inferInsert>;

/** The sites of one client (authorized by the caller), by name. */
export async function listSitesOfClient(db: Db, clientId: string): Promise<SiteRow[]> {
  return db.select().from(sites).where(eq(sites.clientId, clientId)).orderBy(asc(sites.name), asc(sites.id));
}

export const findSite = (db: Db, clientId: string, id: string) => findRecordOfClient(db, sites, clientId, id);

export async function insertSite(db: Db, values: typeof sites.$inferInsert): Promise<SiteRow> {
  const [row] = await db.insert(sites).values(values).returning();
  return row!;
}

export async function updateSiteRow(db: Db, id: string, values: SiteValues): Promise<SiteRow> {
  const [row] = await db.update(sites).set(values).where(eq(sites.id, id)).returning();
  return row!;
}

export async function deleteSiteRow(db: Db, id: string) {
  await db.delete(sites).where(eq(sites.id, id));
}

/** Sites the geocoder has not placed (not found, unreachable, or still pending), within the scope. */
export async function listUnplacedSites(db: Db, scope: RowScope, limit: number) {
  return db
    .select({ site: sites, clientName: clients.name })
    .from(sites)
    .innerJoin(clients, eq(clients.id, sites.clientId))
    .where(and(ne(sites.geocodeStatus, 'ok'), scopeWhere(scope)))
    .orderBy(asc(clients.name), asc(sites.name), asc(sites.id))
    .limit(limit);
}

/** Where a site is: its département and coordinates, or undefined. */
export async function findSiteLocation(db: Db, id: string) {
  const [row] = await db
    .select({
      clientId: sites.clientId,
      city: sites.city,
      department: sites.department,
      lat: sites.latitude,
      lon: sites.longitude,
      openingHours: sites.openingHours,
    })
    .from(sites)
    .where(eq(sites.id, id));
  return row;
}
