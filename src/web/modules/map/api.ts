import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { MapCardOut, MapCardsAtOut, MapLayer, MapPointsOut } from '../../../shared/schemas/map.ts';
import { get, qs } from '../../app/api.ts';
import { type MapSelection, selectionKey } from './map-layers.ts';
import { filterKeys } from './map-page/filters.ts';

/** The map's data layer (the pattern: tickets/api.ts): one points query per layer, the cards of a click. */

export type MapFilters = Partial<
  Record<'partnerId' | 'segmentId' | 'skillId' | 'department' | 'status', string>
>;

/** Layers off until the URL asks for them (installations: a subset of sites). */
const defaultOff: MapLayer[] = ['installations'];

/** The layers shown: those the URL names (`layers`), else every readable one but the default-off ones. */
export function shownLayers(readable: MapLayer[], layers: string | undefined): MapLayer[] {
  if (layers === undefined) return readable.filter((l) => !defaultOff.includes(l));
  const wanted = layers.split(',');
  return readable.filter((l) => wanted.includes(l));
}

/** The points filters of the map's URL. */
export function mapFiltersOf(search: Record<string, unknown>): MapFilters {
  return Object.fromEntries(filterKeys.map((k) => [k, (search[k] as string | undefined) || undefined]));
}

export const mapKeys = {
  /** Every layer's points (sites moved, positions, tickets and interventions changed). */
  points: ['map-points'] as const,
  layer: (layer: MapLayer) => ['map-points', layer] as const,
  layerPoints: (layer: MapLayer, filters: MapFilters) => ['map-points', layer, filters] as const,
  card: (selection: MapSelection, filters: MapFilters) =>
    ['map-card', selectionKey(selection), filters] as const,
};

export const mapQueries = {
  /** One layer's points: toggling or refreshing a layer never refetches the others. */
  points: (layer: MapLayer, filters: MapFilters) =>
    queryOptions({
      queryKey: mapKeys.layerPoints(layer, filters),
      placeholderData: keepPreviousData,
      staleTime: 60_000,
      queryFn: ({ signal }) => get<MapPointsOut>(`/map/points${qs({ layers: layer, ...filters })}`, signal),
    }),
  /** A technician's card, or the cards of everything of a layer at the clicked spot. */
  card: (selection: MapSelection, filters: MapFilters) =>
    queryOptions({
      queryKey: mapKeys.card(selection, filters),
      queryFn: async ({ signal }): Promise<MapCardsAtOut> => {
        if (selection.layer === 'technicians') {
          const card = await get<MapCardOut>(
            `/map/cards/technicians/${encodeURIComponent(selection.id)}`,
            signal,
          );
          return { items: [card], total: 1 };
        }
        return get<MapCardsAtOut>(
          `/map/cards/${selection.layer}/at${qs({ ...filters, lat: selection.lat, lon: selection.lon })}`,
          signal,
        );
      },
    }),
};
