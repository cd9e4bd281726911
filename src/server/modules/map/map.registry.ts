import type { SQL } from 'drizzle-orm';
import type { MapCardOut, MapPointLayerName } from '../../../shared/schemas/map.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import type { Filters, Spot } from './map.sql.ts';

/**
 * The point layers of the map (sites, installations, tickets, interventions). Each layer registers
 * once (`registerMapLayer`, from its `map.<layer>.ts`) its right, its points query and its cards;
 * the map service never needs to know them. Contract:
 * - `points` selects `id`, `lat`, `lon` (rounded, see `rounded`) and `c` (the category), within the
 *   actor's row scope and the filters; with a `spot`, only the records standing there;
 * - `cards` builds the cards of records `ids` within the actor's scope, leaving out the others;
 * - both run only when `canRead` (the layer's own module's `read` right) holds.
 */
export type MapLayerSource = {
  canRead(ctx: RequestContext): boolean;
  points(ctx: RequestContext, f: Filters, now: Date, spot?: Spot): SQL;
  cards(db: Db, ctx: RequestContext, ids: string[]): Promise<MapCardOut[]>;
  /** French name of one record, for the 404 of `GET /map/cards/:layer/:id`. */
  recordName: string;
};

const layers = new Map<MapPointLayerName, MapLayerSource>();

export function registerMapLayer(name: MapPointLayerName, source: MapLayerSource) {
  layers.set(name, source);
}

export function mapLayerSource(name: MapPointLayerName): MapLayerSource {
  const source = layers.get(name);
  if (!source) throw new Error(`Couche de carte non enregistrée : ${name}`);
  return source;
}
