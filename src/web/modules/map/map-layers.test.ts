import { describe, expect, it } from 'vitest';
import type { MapPointLayer } from '../../../shared/schemas/map.ts';
import { buildIndex, coarseMaxZoom, pointsOf, sameSpot, slaColor, slaStateOfRank } from './map-layers.ts';

/** n points spread over metropolitan France, deterministic; category i % categories. */
function layer(n: number, categories: string[]): MapPointLayer {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const out: MapPointLayer = { lat: [], lon: [], cat: [], categories };
  for (let i = 0; i < n; i++) {
    out.lat.push(43 + rand() * 7);
    out.lon.push(-1 + rand() * 8);
    out.cat.push(i % categories.length);
  }
  return out;
}
const france: [number, number, number, number] = [-6, 41, 10, 52];
const total = (fs: { properties: object }[]) =>
  fs.reduce(
    (n, f) =>
      n + ('cluster' in f.properties ? (f.properties as unknown as { point_count: number }).point_count : 1),
    0,
  );

describe('map clustering', () => {
  it('the coarse and the full index both account for every point at the first zoom', () => {
    const data = layer(30_000, ['Assurance', 'PME']);
    const points = pointsOf(data);
    const coarse = buildIndex('sites', data, points, coarseMaxZoom);
    const full = buildIndex('sites', data, points);
    for (const z of [5, 6, 8]) {
      expect(total(coarse.getClusters(france, z))).toBe(30_000);
      expect(total(full.getClusters(france, z))).toBe(30_000);
      expect(coarse.getClusters(france, z).length).toBeLessThan(2_000);
    }
    // Beyond zoom 8 the coarse index has only single points; the full one still clusters.
    const paris: [number, number, number, number] = [2.2, 48.8, 2.5, 48.9];
    const single = coarse.getClusters(paris, 12);
    expect(single.every((f) => !('cluster' in f.properties))).toBe(true);
    expect(full.getClusters(paris, 12).length).toBeLessThanOrEqual(single.length);
  });

  it('a cluster expands into its children at its expansion zoom, and leaves keep their row index', () => {
    const data = layer(2_000, ['ok']);
    const index = buildIndex('sites', data, pointsOf(data));
    const cluster = index
      .getClusters(france, 5)
      .find((f) => 'cluster' in f.properties && f.properties.cluster)!;
    const id = (cluster.properties as { cluster_id: number }).cluster_id;
    expect(index.getClusterExpansionZoom(id)).toBeGreaterThan(5);
    const leaf = index.getLeaves(id, 1)[0]!;
    const i = leaf.properties.i;
    const [lon, lat] = leaf.geometry.coordinates as [number, number];
    expect(lon).toBeCloseTo(data.lon[i]!, 9);
    expect(lat).toBeCloseTo(data.lat[i]!, 9);
  });

  it('a cluster of tickets takes the colour of its worst SLA state', () => {
    const data = layer(1_000, ['ok', 'at_risk', 'breached']);
    // Only ticket 7 is breached: the cluster holding it is red, the others at worst amber.
    data.cat = data.cat.map((_, i) => (i === 7 ? 2 : i % 2));
    const index = buildIndex('tickets', data, pointsOf(data));
    const clusters = index
      .getClusters(france, 3)
      .filter((f) => 'cluster' in f.properties && f.properties.cluster) as {
      properties: { worst: number; cluster_id: number };
    }[];
    const worst = clusters.map((c) => ({
      state: slaStateOfRank(c.properties.worst),
      holds7: index.getLeaves(c.properties.cluster_id, Infinity).some((l) => l.properties.i === 7),
    }));
    expect(worst.filter((w) => w.state === 'breached')).toEqual([{ state: 'breached', holds7: true }]);
    expect(worst.filter((w) => !w.holds7).every((w) => w.state === 'at_risk')).toBe(true);
    expect(slaColor[slaStateOfRank(2)]).toBe('#e03131');
  });

  it('a cluster of records at one spot is listed, not zoomed; nearby but distinct ones are not', () => {
    const data: MapPointLayer = {
      lat: [45.75781, 45.75781, 45.75781, 45.75782, 48.85],
      lon: [4.83201, 4.83201, 4.83201, 4.83201, 2.35],
      cat: [0, 0, 0, 0, 0],
      categories: ['Assurance'],
    };
    const index = buildIndex('sites', data, pointsOf(data));
    const clusters = (z: number) =>
      index
        .getClusters(france, z)
        .filter((f) => 'cluster' in f.properties && f.properties.cluster)
        .map((f) => f.properties as unknown as { cluster_id: number; point_count: number });
    // Up to the deepest clustered zoom the four Lyon points are one cluster, not all at one spot:
    // a click zooms on (beyond zoom 16 they are single points).
    const lyon = clusters(16)[0]!;
    expect(lyon.point_count).toBe(4);
    expect(sameSpot(index, lyon.cluster_id, lyon.point_count, data)).toBeNull();
    // Without the one a metre away, the three stacked ones are listed at their spot.
    const stackedData: MapPointLayer = {
      lat: data.lat.filter((_, i) => i !== 3),
      lon: data.lon.filter((_, i) => i !== 3),
      cat: [0, 0, 0, 0],
      categories: ['Assurance'],
    };
    const stackedIndex = buildIndex('sites', stackedData, pointsOf(stackedData));
    const stacked = stackedIndex
      .getClusters(france, 6)
      .map((f) => f.properties as unknown as { cluster_id: number; point_count: number })
      .find((c) => c.point_count === 3)!;
    expect(sameSpot(stackedIndex, stacked.cluster_id, 3, stackedData)).toEqual({
      lat: 45.75781,
      lon: 4.83201,
    });
  });
});
