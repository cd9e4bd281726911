import { type SQL, sql } from 'drizzle-orm';
import { interventionStatuses } from '../../../shared/interventions.ts';
import {
  type MapCardOut,
  type MapCardsAtOut,
  type MapCardsAtQuery,
  mapCardsAtMax,
  type MapLayer,
  type MapPointLayerName,
  type MapPointsQuery,
  type MapTechnician,
  technicianMapStatuses,
  ticketMapSlaStates,
} from '../../../shared/schemas/map.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { notFound, validationFailed } from '../../infra/errors.ts';
import { mapLayerSource } from './map.registry.ts';
import { type Filters, pointLayer, type Spot } from './map.sql.ts';
import { countUnplaced } from './map.sites.ts';
import { loadTechnicians, technicianCard } from './map.technicians.ts';
import './map.interventions.ts';
import './map.tickets.ts';

/**
 * The France map (issue 7). Each layer is read with its own module's right and row scope (the
 * Policy): technicians → planning (staff only: a partner never gets them, nor any live position),
 * sites and installations → clients, tickets → tickets, interventions → interventions. A layer the
 * actor cannot read is `null`. One SQL statement per layer, run in parallel; point layers are built
 * as columns by the database itself (json_agg), coordinates rounded to 5 decimals.
 */

/** Which layer a `status` filter value belongs to (it filters that layer only). */
function statusLayers(status: string | undefined): Set<MapLayer> {
  const out = new Set<MapLayer>();
  if (!status) return out;
  if ((technicianMapStatuses as readonly string[]).includes(status)) out.add('technicians');
  if ((ticketMapSlaStates as readonly string[]).includes(status)) out.add('tickets');
  if ((interventionStatuses as readonly string[]).includes(status)) out.add('interventions');
  return out;
}

/** The query of a point layer, if the actor may read it (its own module's right), else null. */
function layerPoints(
  ctx: RequestContext,
  layer: MapPointLayerName,
  f: Filters,
  now: Date,
  spot?: Spot,
): SQL | null {
  const source = mapLayerSource(layer);
  return source.canRead(ctx) ? source.points(ctx, f, now, spot) : null;
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

/** Cards of records `ids` of a point layer, within the actor's rights and scope. */
async function cardsOf(db: Db, ctx: RequestContext, layer: MapPointLayerName, ids: string[]) {
  const source = mapLayerSource(layer);
  if (!source.canRead(ctx) || ids.length === 0) return [];
  return source.cards(db, ctx, ids);
}

/** `GET /map/cards/:layer/:id`: 404 when the record is outside the actor's rights or scope. */
export async function mapCard(db: Db, ctx: RequestContext, layer: MapLayer, id: string): Promise<MapCardOut> {
  if (layer === 'technicians') return technicianCard(db, ctx, id);
  const [card] = await cardsOf(db, ctx, layer, [id]);
  if (!card) throw notFound(mapLayerSource(layer).recordName);
  return card;
}
