import { type SQL, sql } from 'drizzle-orm';
import type { MapLayer, MapPointLayer, MapPointsQuery } from '../../../shared/schemas/map.ts';
import { clients } from '../../db/schema/index.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';

/**
 * The SQL pieces every map layer shares: AND of optional parts, rounded coordinates, a clicked spot,
 * the client filters, where a record of a client stands, and the point layer built by the database.
 */

export const and = (parts: (SQL | undefined | false)[]) => {
  const kept = parts.filter((p): p is SQL => Boolean(p));
  return kept.length ? sql.join(kept, sql` AND `) : sql`true`;
};
export const emptyLayer = (): MapPointLayer => ({ lat: [], lon: [], cat: [], categories: [] });

/**
 * A point layer from a query selecting `lat`, `lon` (rounded, float8) and `c` (category text), as
 * the JSON text of a `MapPointLayer` built by the database in one row. One pass over the rows:
 * grouped by category (a hash aggregate of a few groups, no sort of the rows, no per-row JSON),
 * each group's coordinates `array_agg`-ed, then the groups are written one after the other in the
 * order of their category, `cat` repeating the category's index. The text goes to the client as
 * is (100k points: no parse and re-serialisation in Node).
 */
export async function pointLayer(db: Db, points: SQL): Promise<string> {
  const res = await db.execute(sql`
    WITH g AS (SELECT p.c, array_agg(p.lat) AS lat, array_agg(p.lon) AS lon, count(*)::int AS n
      FROM (${points}) p GROUP BY p.c),
    k AS (SELECT g.*, (row_number() OVER (ORDER BY g.c) - 1)::int AS k FROM g)
    SELECT '{"lat":[' || coalesce(string_agg(array_to_string(k.lat, ','), ',' ORDER BY k.k), '')
      || '],"lon":[' || coalesce(string_agg(array_to_string(k.lon, ','), ',' ORDER BY k.k), '')
      || '],"cat":[' || coalesce(string_agg(array_to_string(array_fill(k.k, ARRAY[k.n]), ','), ',' ORDER BY k.k), '')
      || '],"categories":' || coalesce(json_agg(k.c ORDER BY k.k), '[]'::json)::text || '}' AS layer
    FROM k`);
  return rowsOf<{ layer: string }>(res)[0]?.layer ?? JSON.stringify(emptyLayer());
}

/** Coordinates rounded to 5 decimals (~1 m), as float8 so that JSON prints them short. */
export const rounded = (column: string) => sql.raw(`round(${column} * 100000) / 100000`);

/**
 * A clicked spot: the rounded coordinates `/map/points` gave. `near(lat, lon)` is a cheap bounded
 * pre-filter on raw coordinates (a box of ±1e-5° around the spot), the exact test being on the
 * rounded values.
 */
export type Spot = { lat: number; lon: number };
const spotEpsilon = 0.00001;
export const near = (spot: Spot, lat: SQL, lon: SQL) =>
  sql`${lat} BETWEEN ${spot.lat - spotEpsilon} AND ${spot.lat + spotEpsilon}
    AND ${lon} BETWEEN ${spot.lon - spotEpsilon} AND ${spot.lon + spotEpsilon}`;

/** The query of `/map/points` with the layers its `status` filter applies to. */
export type Filters = MapPointsQuery & { statusFor: Set<MapLayer> };

/** Filters on the client (partner, segment): every layer but technicians. */
export function clientFilters(ctx: RequestContext, f: Filters): (SQL | undefined)[] {
  return [
    // A partner's own scope always applies (scopeWhere); the partner filter is the staff's.
    f.partnerId && ctx.policy.isStaff() ? sql`${clients.partnerId} = ${f.partnerId}::uuid` : undefined,
    f.segmentId ? sql`${clients.segmentId} = ${f.segmentId}::uuid` : undefined,
  ];
}

/**
 * Where a record of client `owner` with site `siteRef` stands (`pl.latitude`, `pl.longitude`,
 * `pl.department`): its site when placed, else the client's first placed site (looked up only then).
 */
export const placeSql = (owner: SQL, siteRef: SQL) => sql`
    LEFT JOIN sites ts ON ts.id = ${siteRef} AND ts.latitude IS NOT NULL AND ts.longitude IS NOT NULL
    LEFT JOIN LATERAL (SELECT ps.latitude, ps.longitude, ps.department FROM sites ps
      WHERE ts.id IS NULL AND ps.client_id = ${owner} AND ps.latitude IS NOT NULL AND ps.longitude IS NOT NULL
      ORDER BY ps.created_at, ps.id LIMIT 1) fs ON true
    CROSS JOIN LATERAL (SELECT coalesce(ts.latitude, fs.latitude) AS latitude,
      coalesce(ts.longitude, fs.longitude) AS longitude,
      CASE WHEN ts.id IS NULL THEN fs.department ELSE ts.department END AS department) pl`;

/**
 * A ticket or an intervention stands at one of its client's sites: at a spot, only the clients
 * holding a site near it (a bounded scan of sites), then their records by the client index.
 */
export const ownerNear = (owner: SQL, siteRef: SQL, spot: Spot) => {
  const nearSites = sql`FROM sites ns WHERE ${near(spot, sql`ns.latitude`, sql`ns.longitude`)}`;
  return sql`(${owner} IN (SELECT ns.client_id ${nearSites}) OR ${siteRef} IN (SELECT ns.id ${nearSites}))`;
};
