import { type SQL, sql } from 'drizzle-orm';
import {
  interventionKindLabels,
  interventionStatuses,
  interventionStatusColors,
  interventionStatusLabels,
  type InterventionKind,
  type InterventionStatus,
} from '../../../shared/interventions.ts';
import { platformKindLabels } from '../../../shared/schemas/client-records.ts';
import {
  type MapCardOut,
  type MapCardsAtOut,
  type MapCardsAtQuery,
  mapCardsAtMax,
  type MapLayer,
  type MapPointLayerName,
  type MapPointLayer,
  type MapPointsQuery,
  type MapTechnician,
  type TechnicianMapStatus,
  technicianMapStatuses,
  technicianMapStatusLabels,
  type TicketMapSlaState,
  ticketMapSlaLabels,
  ticketMapSlaStates,
} from '../../../shared/schemas/map.ts';
import { technicianKindLabels } from '../../../shared/schemas/technicians.ts';
import {
  openTicketStatuses,
  type TicketPriority,
  ticketPriorityLabels,
  type TicketStatus,
  ticketStatusLabels,
} from '../../../shared/tickets.ts';
import type { OpeningHours } from '../../db/schema/clients.ts';
import { clients, interventions } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { scopeWhere as scopeWhereOn } from '../../policy/scope-sql.ts';
import { notFound, validationFailed } from '../../infra/errors.ts';
import { scopeWhere as clientScopeWhere } from '../clients/clients.repo.ts';
import { parisDayRange } from '../../../shared/paris-time.ts';
import { scopeWhere as interventionScopeWhere } from '../interventions/interventions.repo.ts';
import { withinWorkingHours } from '../technicians/paris.ts';
import { latestPositionMaxAgeMs } from '../technicians/positions.ts';
import { kindOfRole } from '../technicians/technicians.repo.ts';
import { scopeWhere as ticketScopeWhere } from '../tickets/tickets.repo.ts';

/**
 * The France map (issue 7). Each layer is read with its own module's right and row scope (the
 * Policy): technicians → planning (staff only: a partner never gets them, nor any live position),
 * sites and installations → clients, tickets → tickets, interventions → interventions. A layer the
 * actor cannot read is `null`. One SQL statement per layer, run in parallel; point layers are built
 * as columns by the database itself (json_agg), coordinates rounded to 5 decimals.
 */

const and = (parts: (SQL | undefined | false)[]) => {
  const kept = parts.filter((p): p is SQL => Boolean(p));
  return kept.length ? sql.join(kept, sql` AND `) : sql`true`;
};
const emptyLayer = (): MapPointLayer => ({ lat: [], lon: [], cat: [], categories: [] });

/** Which layer a `status` filter value belongs to (it filters that layer only). */
function statusLayers(status: string | undefined): Set<MapLayer> {
  const out = new Set<MapLayer>();
  if (!status) return out;
  if ((technicianMapStatuses as readonly string[]).includes(status)) out.add('technicians');
  if ((ticketMapSlaStates as readonly string[]).includes(status)) out.add('tickets');
  if ((interventionStatuses as readonly string[]).includes(status)) out.add('interventions');
  return out;
}

/**
 * A point layer from a query selecting `lat`, `lon` (rounded, float8) and `c` (category text), as
 * the JSON text of a `MapPointLayer` built by the database in one row. One pass over the rows:
 * grouped by category (a hash aggregate of a few groups, no sort of the rows, no per-row JSON),
 * each group's coordinates `array_agg`-ed, then the groups are written one after the other in the
 * order of their category, `cat` repeating the category's index. The text goes to the client as
 * is (100k points: no parse and re-serialisation in Node).
 */
async function pointLayer(db: Db, points: SQL): Promise<string> {
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
const rounded = (column: string) => sql.raw(`round(${column} * 100000) / 100000`);

/**
 * A clicked spot: the rounded coordinates `/map/points` gave. `near(lat, lon)` is a cheap bounded
 * pre-filter on raw coordinates (a box of ±1e-5° around the spot), the exact test being on the
 * rounded values.
 */
type Spot = { lat: number; lon: number };
const spotEpsilon = 0.00001;
const near = (spot: Spot, lat: SQL, lon: SQL) =>
  sql`${lat} BETWEEN ${spot.lat - spotEpsilon} AND ${spot.lat + spotEpsilon}
    AND ${lon} BETWEEN ${spot.lon - spotEpsilon} AND ${spot.lon + spotEpsilon}`;

type Filters = MapPointsQuery & { statusFor: Set<MapLayer> };

/** Filters on the client (partner, segment): every layer but technicians. */
function clientFilters(ctx: RequestContext, f: Filters): (SQL | undefined)[] {
  return [
    // A partner's own scope always applies (scopeWhere); the partner filter is the staff's.
    f.partnerId && ctx.policy.isStaff() ? sql`${clients.partnerId} = ${f.partnerId}::uuid` : undefined,
    f.segmentId ? sql`${clients.segmentId} = ${f.segmentId}::uuid` : undefined,
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
      WHERE ${and([
        clientScopeWhere(ctx.policy.scopeFor('clients')),
        sql`clients.status = 'actif'`,
        sql`s.latitude IS NOT NULL AND s.longitude IS NOT NULL`,
        spot ? near(spot, sql`s.latitude`, sql`s.longitude`) : undefined,
        ...clientFilters(ctx, f),
        f.department ? sql`s.department = ${f.department}` : undefined,
      ])}`;
}

function installationsPoints(ctx: RequestContext, f: Filters, spot?: Spot) {
  // From the platforms (few) to their sites: one point per site, its first platform's type.
  return sql`SELECT DISTINCT ON (tp.site_id) s.id, ${rounded('s.latitude')} AS lat,
        ${rounded('s.longitude')} AS lon, tp.kind AS c
      FROM telephony_platforms tp JOIN sites s ON s.id = tp.site_id JOIN clients ON clients.id = s.client_id
      WHERE ${and([
        clientScopeWhere(ctx.policy.scopeFor('clients')),
        sql`clients.status = 'actif'`,
        sql`s.latitude IS NOT NULL AND s.longitude IS NOT NULL`,
        spot ? near(spot, sql`s.latitude`, sql`s.longitude`) : undefined,
        ...clientFilters(ctx, f),
        f.department ? sql`s.department = ${f.department}` : undefined,
      ])}
      ORDER BY tp.site_id, tp.created_at, tp.id`;
}

/** The worst SLA state of clocks `k`, as an aggregate (breached > at_risk > ok). */
const worstSlaSql = (now: Date) => sql`CASE
    WHEN bool_or(k.state = 'breached' OR k.breached_at IS NOT NULL
      OR (k.state = 'running' AND k.due_at <= ${now.toISOString()}::timestamptz)) THEN 'breached'
    WHEN bool_or(k.state = 'running' AND k.warn_at <= ${now.toISOString()}::timestamptz) THEN 'at_risk'
    ELSE 'ok' END`;

/** The SLA state of ticket `t` from its clocks, in SQL: the worst of them (one ticket). */
const slaStateSql = (now: Date) =>
  sql`(SELECT ${worstSlaSql(now)} FROM ticket_sla_clocks k WHERE k.ticket_id = t.id)`;

/**
 * The SLA states of every ticket with clocks (`sla.ticket_id`, `sla.c`), joined by hash: for the
 * whole layer, one pass over the clocks is far cheaper than a subquery per ticket.
 */
const slaStatesJoin = (now: Date) => sql`LEFT JOIN (SELECT k.ticket_id, ${worstSlaSql(now)} AS c
      FROM ticket_sla_clocks k GROUP BY k.ticket_id) sla ON sla.ticket_id = t.id`;

/**
 * Where a record of client `owner` with site `siteRef` stands (`pl.latitude`, `pl.longitude`,
 * `pl.department`): its site when placed, else the client's first placed site (looked up only then).
 */
const placeSql = (owner: SQL, siteRef: SQL) => sql`
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
const ownerNear = (owner: SQL, siteRef: SQL, spot: Spot) => {
  const nearSites = sql`FROM sites ns WHERE ${near(spot, sql`ns.latitude`, sql`ns.longitude`)}`;
  return sql`(${owner} IN (SELECT ns.client_id ${nearSites}) OR ${siteRef} IN (SELECT ns.id ${nearSites}))`;
};

function ticketsPoints(ctx: RequestContext, f: Filters, now: Date, spot?: Spot) {
  const open = sql.join(
    openTicketStatuses.map((s) => sql`${s}`),
    sql`, `,
  );
  return sql`SELECT * FROM (
      SELECT t.id, ${rounded('pl.latitude')} AS lat, ${rounded('pl.longitude')} AS lon,
        ${spot ? slaStateSql(now) : sql`coalesce(sla.c, 'ok')`} AS c
      FROM tickets t JOIN clients ON clients.id = t.client_id
      ${spot ? sql`` : slaStatesJoin(now)}
      ${placeSql(sql`t.client_id`, sql`t.site_id`)}
      WHERE ${and([
        sql`t.status IN (${open})`,
        ticketScopeWhere(ctx.policy.scopeFor('tickets')),
        sql`pl.latitude IS NOT NULL`,
        spot ? ownerNear(sql`t.client_id`, sql`t.site_id`, spot) : undefined,
        ...clientFilters(ctx, f),
        f.department ? sql`pl.department = ${f.department}` : undefined,
        // Tickets carry no skill: those whose interventions need it.
        f.skillId
          ? sql`EXISTS (SELECT 1 FROM interventions ti JOIN intervention_skills tis ON tis.intervention_id = ti.id
              WHERE ti.ticket_id = t.id AND tis.skill_id = ${f.skillId}::uuid)`
          : undefined,
      ])}) q
      ${f.statusFor.has('tickets') ? sql`WHERE q.c = ${f.status}` : sql``}`;
}

function interventionsPoints(ctx: RequestContext, f: Filters, now: Date, spot?: Spot) {
  const { start, end } = parisDayRange(now);
  return sql`SELECT interventions.id, ${rounded('pl.latitude')} AS lat, ${rounded('pl.longitude')} AS lon,
        interventions.status AS c
      FROM interventions JOIN clients ON clients.id = interventions.client_id
      ${placeSql(sql`interventions.client_id`, sql`interventions.site_id`)}
      WHERE ${and([
        sql`interventions.planned_start >= ${start.toISOString()}::timestamptz`,
        sql`interventions.planned_start < ${end.toISOString()}::timestamptz`,
        interventionScopeWhere(ctx.policy.scopeFor('interventions')),
        sql`pl.latitude IS NOT NULL`,
        spot ? ownerNear(sql`interventions.client_id`, sql`interventions.site_id`, spot) : undefined,
        ...clientFilters(ctx, f),
        f.department ? sql`pl.department = ${f.department}` : undefined,
        f.skillId
          ? sql`EXISTS (SELECT 1 FROM intervention_skills s WHERE s.intervention_id = ${interventions.id}
              AND s.skill_id = ${f.skillId}::uuid)`
          : undefined,
        // Cancelled ones only when asked for.
        f.statusFor.has('interventions')
          ? sql`interventions.status = ${f.status}`
          : sql`interventions.status <> 'annulee'`,
      ])}`;
}

/** The query of a point layer, if the actor may read it (its own module's right), else null. */
function layerPoints(
  ctx: RequestContext,
  layer: MapPointLayerName,
  f: Filters,
  now: Date,
  spot?: Spot,
): SQL | null {
  switch (layer) {
    case 'sites':
      return ctx.policy.can('clients', 'read') ? sitesPoints(ctx, f, spot) : null;
    case 'installations':
      return ctx.policy.can('clients', 'read') ? installationsPoints(ctx, f, spot) : null;
    case 'tickets':
      return ctx.policy.can('tickets', 'read') ? ticketsPoints(ctx, f, now, spot) : null;
    case 'interventions':
      return ctx.policy.can('interventions', 'read') ? interventionsPoints(ctx, f, now, spot) : null;
  }
}

type TechnicianState = MapTechnician & { phone: string | null; zones: string[]; current: string | null };

/**
 * Technicians on the map, with planning read and never for a partner (null then). Live position:
 * the latest one, at most 2 h old, only while sharing is on and he is on duty (inside his working
 * hours, not on approved absence — the rule of positions.ts); otherwise his home base (skipped
 * without one). Status: on approved absence → indisponible; otherwise on site / en route from today's
 * interventions; otherwise outside working hours → indisponible; else libre.
 */
async function loadTechnicians(
  db: Db,
  ctx: RequestContext,
  f: Partial<Filters>,
  now: Date,
  onlyId?: string,
): Promise<TechnicianState[] | null> {
  if (!ctx.policy.staffCan('planning', 'read')) return null;
  const scope = ctx.policy.scopeFor('planning');
  if (scope.kind !== 'all' && scope.kind !== 'technician') return null;
  const { start, end } = parisDayRange(now);
  const since = new Date(now.getTime() - latestPositionMaxAgeMs);
  const nowIso = now.toISOString();
  const res = await db.execute(sql`
    SELECT t.id, u.name, u.role, t.phone, t.zones, t.working_hours, t.position_sharing,
      t.home_latitude, t.home_longitude,
      p.latitude AS live_lat, p.longitude AS live_lon, p.recorded_at,
      EXISTS (SELECT 1 FROM absences a WHERE a.technician_id = t.id AND a.status = 'approuvee'
        AND a.starts_at <= ${nowIso}::timestamptz AND a.ends_at > ${nowIso}::timestamptz) AS absent,
      cur.status AS current_status, cur.number AS current_number
    FROM technicians t JOIN users u ON u.id = t.user_id
    LEFT JOIN LATERAL (SELECT tp.latitude, tp.longitude, tp.recorded_at FROM technician_positions tp
      WHERE tp.technician_id = t.id AND tp.recorded_at >= ${since.toISOString()}::timestamptz
      ORDER BY tp.recorded_at DESC LIMIT 1) p ON t.position_sharing
    LEFT JOIN LATERAL (SELECT i.status, i.number FROM interventions i
      JOIN intervention_technicians it ON it.intervention_id = i.id
      WHERE it.technician_id = t.id AND i.status IN ('en_route', 'sur_site')
        AND i.planned_start >= ${start.toISOString()}::timestamptz AND i.planned_start < ${end.toISOString()}::timestamptz
      ORDER BY (i.status = 'sur_site') DESC, i.planned_start LIMIT 1) cur ON true
    WHERE ${and([
      sql`t.active AND u.disabled_at IS NULL`,
      scopeWhereOn(scope, { technician: sql`t.user_id` }),
      onlyId ? sql`t.id = ${onlyId}::uuid` : undefined,
      f.skillId
        ? sql`EXISTS (SELECT 1 FROM technician_skills ts WHERE ts.technician_id = t.id AND ts.skill_id = ${f.skillId}::uuid)`
        : undefined,
      f.department ? sql`(${f.department} = ANY(t.zones) OR t.home_department = ${f.department})` : undefined,
    ])}
    ORDER BY u.name, t.id`);
  const round = (n: number) => Math.round(n * 1e5) / 1e5;
  const out: TechnicianState[] = [];
  for (const r of rowsOf<{
    id: string;
    name: string;
    role: string;
    phone: string | null;
    zones: string[] | null;
    working_hours: OpeningHours | string | null;
    home_latitude: number | null;
    home_longitude: number | null;
    live_lat: number | null;
    live_lon: number | null;
    recorded_at: Date | string | null;
    absent: boolean;
    current_status: 'en_route' | 'sur_site' | null;
    current_number: string | null;
  }>(res)) {
    const hours =
      typeof r.working_hours === 'string' ? (JSON.parse(r.working_hours) as OpeningHours) : r.working_hours;
    const inHours = withinWorkingHours(hours, now);
    const onDuty = inHours && !r.absent;
    const status: TechnicianMapStatus = r.absent
      ? 'indisponible'
      : (r.current_status ?? (inHours ? 'libre' : 'indisponible'));
    if (f.statusFor?.has('technicians') && f.status !== status) continue;
    const live = onDuty && r.live_lat !== null && r.live_lon !== null && r.recorded_at !== null;
    let lat: number;
    let lon: number;
    if (live) {
      lat = Number(r.live_lat);
      lon = Number(r.live_lon);
    } else if (r.home_latitude !== null && r.home_longitude !== null) {
      lat = Number(r.home_latitude);
      lon = Number(r.home_longitude);
    } else continue;
    out.push({
      id: r.id,
      name: r.name,
      kind: kindOfRole(r.role),
      lat: round(lat),
      lon: round(lon),
      source: live ? 'live' : 'home',
      positionAt: live ? new Date(r.recorded_at!).toISOString() : null,
      status,
      phone: r.phone,
      zones: r.zones ?? [],
      current: r.current_number,
    });
  }
  return out;
}

async function countUnplaced(db: Db, ctx: RequestContext, f: Filters): Promise<number | null> {
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

/** A `status` filter names a technician status, an SLA state or an intervention status, else 400. */
function filtersOf(q: MapPointsQuery): Filters {
  const statusFor = statusLayers(q.status);
  if (q.status && statusFor.size === 0) {
    throw validationFailed([
      {
        path: 'status',
        message:
          'Statut inconnu : attendu un statut de technicien, un état SLA (ok, at_risk, breached) ou un statut d’intervention.',
      },
    ]);
  }
  return { ...q, statusFor };
}

/**
 * `GET /map/points`: every requested layer the actor may read, in parallel, as the JSON text of a
 * `MapPointsOut` (point layers come from the database already serialised). The count of unplaced
 * sites only comes with the sites layer.
 */
export async function mapPoints(db: Db, ctx: RequestContext, q: MapPointsQuery): Promise<string> {
  const f = filtersOf(q);
  const now = clock.now();
  const wants = new Set(q.layers);
  const layer = (name: MapPointLayerName) => {
    const points = wants.has(name) ? layerPoints(ctx, name, f, now) : null;
    return points ? pointLayer(db, points) : null;
  };
  const [technicians, sites, installations, tickets, todays, unplaced] = await Promise.all([
    wants.has('technicians') ? loadTechnicians(db, ctx, f, now) : null,
    layer('sites'),
    layer('installations'),
    layer('tickets'),
    layer('interventions'),
    wants.has('sites') ? countUnplaced(db, ctx, f) : null,
  ]);
  const techs: MapTechnician[] | null =
    technicians?.map((t) => ({
      id: t.id,
      name: t.name,
      kind: t.kind,
      lat: t.lat,
      lon: t.lon,
      source: t.source,
      positionAt: t.positionAt,
      status: t.status,
    })) ?? null;
  const text = (json: string | null) => json ?? 'null';
  return `{"technicians":${JSON.stringify(techs)},"sites":${text(sites)},"installations":${text(installations)},"tickets":${text(tickets)},"interventions":${text(todays)},"sitesWithoutCoordinates":${JSON.stringify(unplaced)}}`;
}

/** Most records looked at for one spot (cards are built for them, sorted, then cut to 20). */
const spotRecordsMax = 500;
const frenchOrder = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/**
 * `GET /map/cards/:layer/at`: the cards of every record of a point layer standing at the clicked
 * spot (rounded coordinates, as `/map/points` gave them), with the same filters, rights and scope
 * as the layer itself; French order of title, at most `mapCardsAtMax`. Empty when none.
 */
export async function mapCardsAt(
  db: Db,
  ctx: RequestContext,
  layer: MapPointLayerName,
  q: MapCardsAtQuery,
): Promise<MapCardsAtOut> {
  const { lat, lon, ...rest } = q;
  const f = filtersOf({ ...rest, layers: [layer] });
  const spot = { lat: Math.round(lat * 1e5) / 1e5, lon: Math.round(lon * 1e5) / 1e5 };
  const points = layerPoints(ctx, layer, f, clock.now(), spot);
  if (!points) return { items: [], total: 0 };
  const res = await db.execute(sql`
    SELECT p.id FROM (${points}) p WHERE p.lat = ${spot.lat}::float8 AND p.lon = ${spot.lon}::float8
    LIMIT ${spotRecordsMax}`);
  const ids = rowsOf<{ id: string }>(res).map((r) => r.id);
  if (ids.length === 0) return { items: [], total: 0 };
  const cards = await cardsOf(db, ctx, layer, ids);
  cards.sort(
    (a, b) =>
      frenchOrder.compare(a.title, b.title) || frenchOrder.compare(a.subtitle ?? '', b.subtitle ?? ''),
  );
  return { items: cards.slice(0, mapCardsAtMax), total: ids.length };
}

// ── Cards ────────────────────────────────────────────────────────────────────────────────────────

const dateTimeFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'short',
});
const timeFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
});
const address = (r: { address_line: string | null; postal_code: string | null; city: string | null }) =>
  [r.address_line, [r.postal_code, r.city].filter(Boolean).join(' ')].filter((x) => x?.trim()).join(', ') ||
  'Adresse non renseignée';
type Line = { label: string; value: string };
const line = (label: string, value: string | null | undefined): Line[] =>
  value?.trim() ? [{ label, value }] : [];

const slaColors: Record<TicketMapSlaState, string> = { ok: 'green', at_risk: 'orange', breached: 'red' };
const technicianStatusColors: Record<TechnicianMapStatus, string> = {
  libre: 'green',
  en_route: 'cyan',
  sur_site: 'orange',
  indisponible: 'gray',
};

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

/** Cards of the tickets `ids` within the actor's scope. */
async function ticketCards(db: Db, ctx: RequestContext, ids: string[]): Promise<MapCardOut[]> {
  if (!ctx.policy.can('tickets', 'read') || ids.length === 0) return [];
  const now = clock.now();
  const res = await db.execute(sql`
    SELECT t.id, t.number, t.subject, t.status, t.priority, clients.id AS client_id, clients.name AS client_name,
      s.name AS site_name, s.address_line, s.postal_code, s.city, u.name AS assignee_name, tm.name AS team_name,
      ${slaStateSql(now)} AS sla,
      (SELECT min(k.due_at) FROM ticket_sla_clocks k WHERE k.ticket_id = t.id AND k.state = 'running') AS due_at
    FROM tickets t JOIN clients ON clients.id = t.client_id
    LEFT JOIN sites s ON s.id = t.site_id
    LEFT JOIN users u ON u.id = t.assignee_id
    LEFT JOIN teams tm ON tm.id = t.team_id
    WHERE t.id = ANY(string_to_array(${ids.join(',')}, ',')::uuid[]) AND ${and([ticketScopeWhere(ctx.policy.scopeFor('tickets'))])}`);
  return rowsOf<{
    id: string;
    number: string;
    subject: string;
    status: TicketStatus;
    priority: TicketPriority;
    client_id: string;
    client_name: string;
    site_name: string | null;
    address_line: string | null;
    postal_code: string | null;
    city: string | null;
    assignee_name: string | null;
    team_name: string | null;
    sla: TicketMapSlaState;
    due_at: Date | string | null;
  }>(res).map((r) => ({
    layer: 'tickets',
    id: r.id,
    title: `${r.number} · ${r.subject}`,
    subtitle: r.client_name,
    badge: { label: ticketMapSlaLabels[r.sla], color: slaColors[r.sla] },
    lines: [
      { label: 'Client', value: r.client_name },
      { label: 'Site', value: r.site_name ? `${r.site_name} — ${address(r)}` : 'Aucun site indiqué' },
      { label: 'Priorité', value: ticketPriorityLabels[r.priority] ?? r.priority },
      { label: 'Statut', value: ticketStatusLabels[r.status] ?? r.status },
      {
        label: 'Échéance SLA',
        value: r.due_at ? dateTimeFr.format(new Date(r.due_at)) : 'Aucune horloge en cours',
      },
      { label: 'Assigné à', value: r.assignee_name ?? (r.team_name ? `Équipe ${r.team_name}` : 'Personne') },
    ],
    links: [
      { label: 'Ticket', href: `/tickets/${r.id}` },
      { label: 'Fiche client', href: `/clients/${r.client_id}` },
    ],
    ticketId: r.id,
  }));
}

/** Cards of the interventions `ids` within the actor's scope. */
async function interventionCards(db: Db, ctx: RequestContext, ids: string[]): Promise<MapCardOut[]> {
  if (!ctx.policy.can('interventions', 'read') || ids.length === 0) return [];
  const res = await db.execute(sql`
    SELECT interventions.id, interventions.number, interventions.title, interventions.kind, interventions.status,
      interventions.planned_start, interventions.planned_minutes, interventions.ticket_id,
      clients.id AS client_id, clients.name AS client_name,
      s.name AS site_name, s.address_line, s.postal_code, s.city,
      (SELECT string_agg(u.name, ', ' ORDER BY it.lead DESC, u.name) FROM intervention_technicians it
        JOIN technicians tt ON tt.id = it.technician_id JOIN users u ON u.id = tt.user_id
        WHERE it.intervention_id = interventions.id) AS technician_names
    FROM interventions JOIN clients ON clients.id = interventions.client_id
    LEFT JOIN sites s ON s.id = interventions.site_id
    WHERE interventions.id = ANY(string_to_array(${ids.join(',')}, ',')::uuid[]) AND ${and([interventionScopeWhere(ctx.policy.scopeFor('interventions'))])}`);
  return rowsOf<{
    id: string;
    number: string;
    title: string;
    kind: InterventionKind;
    status: InterventionStatus;
    planned_start: Date | string | null;
    planned_minutes: number;
    ticket_id: string | null;
    client_id: string;
    client_name: string;
    site_name: string | null;
    address_line: string | null;
    postal_code: string | null;
    city: string | null;
    technician_names: string | null;
  }>(res).map((r) => {
    const start = r.planned_start ? new Date(r.planned_start) : null;
    return {
      layer: 'interventions',
      id: r.id,
      title: `${r.number} · ${r.title}`,
      subtitle: r.client_name,
      badge: {
        label: interventionStatusLabels[r.status] ?? r.status,
        color: interventionStatusColors[r.status] ?? 'gray',
      },
      lines: [
        { label: 'Client', value: r.client_name },
        { label: 'Site', value: r.site_name ? `${r.site_name} — ${address(r)}` : 'À distance' },
        { label: 'Type', value: interventionKindLabels[r.kind] ?? r.kind },
        {
          label: 'Créneau',
          value: start
            ? `${timeFr.format(start)} – ${timeFr.format(new Date(start.getTime() + r.planned_minutes * 60_000))}`
            : 'Non planifiée',
        },
        { label: 'Techniciens', value: r.technician_names ?? 'Aucun technicien affecté' },
      ],
      links: [
        { label: 'Intervention', href: `/interventions/${r.id}` },
        { label: 'Fiche client', href: `/clients/${r.client_id}` },
        ...(r.ticket_id && ctx.policy.can('tickets', 'read')
          ? [{ label: 'Ticket', href: `/tickets/${r.ticket_id}` }]
          : []),
      ],
      ticketId: null,
    } satisfies MapCardOut;
  });
}

async function technicianCard(db: Db, ctx: RequestContext, id: string): Promise<MapCardOut> {
  const [t] = (await loadTechnicians(db, ctx, {}, clock.now(), id)) ?? [];
  if (!t) throw notFound('Technicien');
  return {
    layer: 'technicians',
    id: t.id,
    title: t.name,
    subtitle: technicianKindLabels[t.kind],
    badge: { label: technicianMapStatusLabels[t.status], color: technicianStatusColors[t.status] },
    lines: [
      {
        label: 'Position',
        value:
          t.source === 'live' && t.positionAt
            ? `Position partagée à ${timeFr.format(new Date(t.positionAt))}`
            : 'Domicile (point de départ)',
      },
      ...line('Téléphone', t.phone),
      ...line('Intervention en cours', t.current),
      { label: 'Zones', value: t.zones.length ? t.zones.join(', ') : 'Aucune zone' },
    ],
    links: [{ label: 'Fiche technicien', href: `/techniciens/${t.id}` }],
    ticketId: null,
  };
}

/** Cards of records `ids` of a point layer, within the actor's rights and scope. */
function cardsOf(db: Db, ctx: RequestContext, layer: MapPointLayerName, ids: string[]) {
  switch (layer) {
    case 'sites':
    case 'installations':
      return siteCards(db, ctx, layer, ids);
    case 'tickets':
      return ticketCards(db, ctx, ids);
    case 'interventions':
      return interventionCards(db, ctx, ids);
  }
}

const notFoundOf: Record<MapLayer, string> = {
  sites: 'Site',
  installations: 'Installation',
  tickets: 'Ticket',
  interventions: 'Intervention',
  technicians: 'Technicien',
};

/** `GET /map/cards/:layer/:id`: 404 when the record is outside the actor's rights or scope. */
export async function mapCard(db: Db, ctx: RequestContext, layer: MapLayer, id: string): Promise<MapCardOut> {
  if (layer === 'technicians') return technicianCard(db, ctx, id);
  const [card] = await cardsOf(db, ctx, layer, [id]);
  if (!card) throw notFound(notFoundOf[layer]);
  return card;
}
