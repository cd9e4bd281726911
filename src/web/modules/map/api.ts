import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { MapCardOut, MapCardsAtOut, MapLayer, MapPointsOut } from '../../../shared/schemas/map.ts';
import { get, qs } from '../../app/api.ts';
import { type MapSelection, selectionKey } from './map-layers.ts';

/** The map's data layer (the pattern: tickets/api.ts): one points query per layer, the cards of a click. */

export type MapFilters = Partial<
  Record<'partnerId' | 'segmentId' | 'skillId' | 'department' | 'status', string>
>;

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
