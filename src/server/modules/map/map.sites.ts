import { sql } from 'drizzle-orm';
import { platformKindLabels } from '../../../shared/schemas/client-records.ts';
import type { MapCardOut } from '../../../shared/schemas/map.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { scopeWhere as clientScopeWhere } from '../clients/clients.repo.ts';
import { address, type Line, line } from './map.format.ts';
import { registerMapLayer } from './map.registry.ts';
import { and, clientFilters, type Filters, near, rounded, type Spot } from './map.sql.ts';

/** The sites and installations layers (right and scope of `clients`), and the count of unplaced sites. */

/** The placed sites of active clients the actor may see, within the filters (and the spot, if any). */
function placedSites(ctx: RequestContext, f: Filters, spot?: Spot) {
  return [
    clientScopeWhere(ctx.policy.scopeFor('clients')),
    sql`clients.status = 'actif'`,
    sql`s.latitude IS NOT NULL AND s.longitude IS NOT NULL`,
    spot ? near(spot, sql`s.latitude`, sql`s.longitude`) : undefined,
    ...clientFilters(ctx, f),
    f.department ? sql`s.department = ${f.department}` : undefined,
  ];
}

/**
 * Each point layer as a query selecting `id`, `lat`, `lon`, `c`, within the actor's scope and the
 * filters; with a `spot`, only the records standing there (`GET /map/cards/:layer/at`).
 */
function sitesPoints(ctx: RequestContext, f: Filters, spot?: Spot) {
  // Sites: the segment name comes from a tiny table, looked up per client by hash.
  return sql`SELECT s.id, ${rounded('s.latitude')} AS lat, ${rounded('s.longitude')} AS lon,
        coalesce(seg.name, 'Sans segment') AS c
      FROM sites s JOIN clients ON clients.id = s.client_id
      LEFT JOIN client_segments seg ON seg.id = clients.segment_id
      WHERE ${and(placedSites(ctx, f, spot))}`;
}

function installationsPoints(ctx: RequestContext, f: Filters, spot?: Spot) {
  // From the platforms (few) to their sites: one point per site, its first platform's type.
  return sql`SELECT DISTINCT ON (tp.site_id) s.id, ${rounded('s.latitude')} AS lat,
        ${rounded('s.longitude')} AS lon, tp.kind AS c
      FROM telephony_platforms tp JOIN sites s ON s.id = tp.site_id JOIN clients ON clients.id = s.client_id
      WHERE ${and(placedSites(ctx, f, spot))}
      ORDER BY tp.site_id, tp.created_at, tp.id`;
}

export async function countUnplaced(db: Db, ctx: RequestContext, f: Filters): Promise<number | null> {
  if (!ctx.policy.can('clients', 'read')) return null;
  const res = await db.execute(sql`
    SELECT count(*)::int AS n FROM sites s JOIN clients ON clients.id = s.client_id
    WHERE ${and([
      clientScopeWhere(ctx.policy.scopeFor('clients')),
      sql`clients.status = 'actif'`,
      // A placed site is always `ok`: the status index finds the few others.
      sql`s.geocode_status <> 'ok' AND (s.latitude IS NULL OR s.longitude IS NULL)`,
      ...clientFilters(ctx, f),
      f.department ? sql`s.department = ${f.department}` : undefined,
    ])}`);
  return rowsOf<{ n: number }>(res)[0]?.n ?? 0;
}

type SiteCardRow = {
  id: string;
  name: string;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  phone: string | null;
  client_id: string;
  client_name: string;
  client_status: string;
  partner_id: string | null;
  partner_name: string | null;
  segment_name: string | null;
  platforms: { kind: string; provider: string | null; tenant: string | null }[] | string | null;
};

/** Cards of the sites `ids` within the actor's scope (those outside are left out). */
async function siteCards(
  db: Db,
  ctx: RequestContext,
  layer: 'sites' | 'installations',
  ids: string[],
): Promise<MapCardOut[]> {
  if (!ctx.policy.can('clients', 'read') || ids.length === 0) return [];
  const res = await db.execute(sql`
    SELECT s.id, s.name, s.address_line, s.postal_code, s.city, s.phone, clients.id AS client_id,
      clients.name AS client_name, clients.status AS client_status, clients.partner_id,
      p.name AS partner_name, seg.name AS segment_name,
      (SELECT json_agg(json_build_object('kind', tp.kind, 'provider', tp.provider, 'tenant', tp.tenant_id)
        ORDER BY tp.created_at, tp.id) FROM telephony_platforms tp WHERE tp.site_id = s.id) AS platforms
    FROM sites s JOIN clients ON clients.id = s.client_id
    LEFT JOIN partners p ON p.id = clients.partner_id
    LEFT JOIN client_segments seg ON seg.id = clients.segment_id
    WHERE s.id = ANY(string_to_array(${ids.join(',')}, ',')::uuid[]) AND ${and([clientScopeWhere(ctx.policy.scopeFor('clients'))])}`);
  return rowsOf<SiteCardRow>(res).flatMap((r) => siteCardOf(ctx, layer, r));
}

function siteCardOf(ctx: RequestContext, layer: 'sites' | 'installations', r: SiteCardRow): MapCardOut[] {
  const platforms = (typeof r.platforms === 'string' ? JSON.parse(r.platforms) : r.platforms) ?? [];
  if (layer === 'installations' && platforms.length === 0) return [];
  const platformLines: Line[] = (
    platforms as { kind: string; provider: string | null; tenant: string | null }[]
  ).map((p) => ({
    label: 'Plateforme',
    value: [platformKindLabels[p.kind as keyof typeof platformKindLabels] ?? p.kind, p.provider, p.tenant]
      .filter(Boolean)
      .join(' — '),
  }));
  const card: MapCardOut = {
    layer,
    id: r.id,
    title: r.client_name,
    subtitle: r.name,
    badge: r.segment_name ? { label: r.segment_name, color: 'blue' } : null,
    lines: [
      { label: 'Adresse', value: address(r) },
      ...line('Segment', r.segment_name),
      ...(ctx.policy.isStaff() ? line('Partenaire', r.partner_name) : []),
      ...line('Téléphone', r.phone),
      ...(platformLines.length ? platformLines : [{ label: 'Plateforme', value: 'Aucune sur ce site' }]),
    ],
    links: [{ label: 'Fiche client', href: `/clients/${r.client_id}` }],
    ticketId: null,
  };
  return [card];
}

const canReadClients = (ctx: RequestContext) => ctx.policy.can('clients', 'read');
registerMapLayer('sites', {
  canRead: canReadClients,
  points: (ctx, f, _now, spot) => sitesPoints(ctx, f, spot),
  cards: (db, ctx, ids) => siteCards(db, ctx, 'sites', ids),
  recordName: 'Site',
});
registerMapLayer('installations', {
  canRead: canReadClients,
  points: (ctx, f, _now, spot) => installationsPoints(ctx, f, spot),
  cards: (db, ctx, ids) => siteCards(db, ctx, 'installations', ids),
  recordName: 'Installation',
});
