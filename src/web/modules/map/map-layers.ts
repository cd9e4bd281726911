import Supercluster, { type PointFeature } from 'supercluster';
import {
  type InterventionStatus,
  interventionStatusColors,
  interventionStatusLabels,
} from '../../../shared/interventions.ts';
import type { Me } from '../../../shared/schemas/auth.ts';
import {
  type MapLayer,
  type MapPointLayer,
  type MapPointLayerName,
  type MapTechnician,
  mapLayers,
  type TechnicianMapStatus,
  type TicketMapSlaState,
  technicianMapStatusLabels,
  ticketMapSlaLabels,
} from '../../../shared/schemas/map.ts';
import { can, capable } from '../../app/auth.ts';

/** Hex of the Mantine colours (shade 6 / 7) the map draws with: canvas needs real colours. */
export const hex: Record<string, string> = {
  gray: '#868e96',
  dark: '#495057',
  blue: '#228be6',
  indigo: '#4c6ef5',
  violet: '#7950f2',
  grape: '#be4bdb',
  pink: '#e64980',
  cyan: '#1098ad',
  teal: '#12b886',
  green: '#2f9e44',
  lime: '#66a80f',
  yellow: '#f59f00',
  orange: '#f76707',
  red: '#e03131',
};

export const technicianStatusColor: Record<TechnicianMapStatus, string> = {
  libre: hex.green!,
  en_route: hex.cyan!,
  sur_site: hex.orange!,
  indisponible: hex.gray!,
};

export const slaColor: Record<TicketMapSlaState, string> = {
  ok: hex.green!,
  at_risk: hex.yellow!,
  breached: hex.red!,
};
/** Worse first: a cluster of tickets takes the colour of its worst ticket. */
const slaRank: Record<string, number> = { ok: 0, at_risk: 1, breached: 2 };

/** Segments have no colour of their own: a fixed palette by category index. */
const segmentPalette = [
  'blue',
  'teal',
  'grape',
  'lime',
  'pink',
  'indigo',
  'orange',
  'cyan',
  'violet',
  'dark',
];

export const layerColor: Record<MapLayer, string> = {
  technicians: hex.green!,
  sites: hex.blue!,
  installations: hex.violet!,
  tickets: hex.red!,
  interventions: hex.indigo!,
};

/** Colour of one point of a columnar layer, from its category. */
export function categoryColor(layer: MapLayer, category: string | undefined, index: number): string {
  if (layer === 'tickets') return slaColor[category as TicketMapSlaState] ?? hex.gray!;
  if (layer === 'interventions')
    return hex[interventionStatusColors[category as InterventionStatus] ?? 'gray'] ?? hex.gray!;
  if (layer === 'installations') return layerColor.installations;
  return hex[segmentPalette[index % segmentPalette.length]!]!;
}

/** French label of a category in the legend. */
export function categoryLabel(layer: MapLayer, category: string): string {
  if (layer === 'tickets') return ticketMapSlaLabels[category as TicketMapSlaState] ?? category;
  if (layer === 'interventions') return interventionStatusLabels[category as InterventionStatus] ?? category;
  return category || 'Sans segment';
}

/** Whether this user may read a layer at all (the server decides for real; this hides what it would refuse). */
export function canReadLayer(me: Me, layer: MapLayer): boolean {
  switch (layer) {
    case 'technicians':
      return capable(me, 'seeTechnicians');
    case 'sites':
    case 'installations':
      return can(me, 'clients');
    case 'tickets':
      return can(me, 'tickets');
    case 'interventions':
      return can(me, 'interventions');
  }
}

export const readableLayers = (me: Me): MapLayer[] => mapLayers.filter((l) => canReadLayer(me, l));

/**
 * What a click selects: a technician by id, or a spot of a point layer (the layers carry no ids:
 * the card asks the server what stands at those rounded coordinates).
 */
export type MapSelection =
  | { layer: 'technicians'; id: string }
  | { layer: MapPointLayerName; lat: number; lon: number };

export const selectionKey = (s: MapSelection) =>
  s.layer === 'technicians' ? `technicians:${s.id}` : `${s.layer}:${s.lat},${s.lon}`;

export type PointProps = { i: number };
export type ClusterProps = { worst: number };
export type LayerIndex = Supercluster<PointProps, ClusterProps>;

/** Zoom up to which a big layer is first clustered, to draw France quickly (see `buildIndex`). */
export const coarseMaxZoom = 8;
/** Above this many points, a layer is first indexed coarsely, then fully once drawn. */
export const coarseThreshold = 5_000;

/** The GeoJSON points supercluster takes, built once per payload (shared by both indexes). */
export function pointsOf(data: MapPointLayer): PointFeature<PointProps>[] {
  const features = new Array<PointFeature<PointProps>>(data.lat.length);
  for (let i = 0; i < data.lat.length; i++) {
    features[i] = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [data.lon[i]!, data.lat[i]!] },
      properties: { i },
    };
  }
  return features;
}

/**
 * One supercluster index for a columnar layer. Points carry their row index `i` only; clusters
 * carry `worst`, the highest SLA rank of their tickets (for the bubble colour). With `maxZoom` 16
 * it serves every zoom; with `coarseMaxZoom` it clusters the raw points straight at zoom 8 and
 * below (a few times faster on 100k points), above which it hands back single points — the page
 * swaps in the full index right after the first drawing.
 */
export function buildIndex(
  layer: MapLayer,
  data: MapPointLayer,
  points: PointFeature<PointProps>[],
  maxZoom = 16,
): LayerIndex {
  const ranks = data.categories.map((c) => slaRank[c] ?? 0);
  const index = new Supercluster<PointProps, ClusterProps>({
    radius: 60,
    maxZoom,
    map: layer === 'tickets' ? (p) => ({ worst: ranks[data.cat[p.i]!] ?? 0 }) : () => ({ worst: 0 }),
    reduce:
      layer === 'tickets'
        ? (acc, p) => {
            if (p.worst > acc.worst) acc.worst = p.worst;
          }
        : null,
  });
  return index.load(points);
}

/** Most points of a cluster looked at to tell whether they all stand at one spot. */
const sameSpotMax = 50;

/** The spot of a small cluster whose points all share the same rounded coordinates, else null. */
export function sameSpot(index: LayerIndex, clusterId: number, count: number, data: MapPointLayer) {
  if (count > sameSpotMax) return null;
  const leaves = index.getLeaves(clusterId, sameSpotMax);
  const first = leaves[0]?.properties.i;
  if (first === undefined) return null;
  const lat = data.lat[first]!;
  const lon = data.lon[first]!;
  return leaves.every((l) => data.lat[l.properties.i] === lat && data.lon[l.properties.i] === lon)
    ? { lat, lon }
    : null;
}

export const slaStateOfRank = (rank: number): TicketMapSlaState =>
  rank >= 2 ? 'breached' : rank === 1 ? 'at_risk' : 'ok';

/** Initials of a technician for his badge on the map. */
export function initialsOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

export const technicianTitle = (t: MapTechnician) =>
  `${t.name} — ${technicianMapStatusLabels[t.status]}${t.source === 'live' ? ' (position en direct)' : ' (domicile)'}`;
