import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MapLayer, MapPointsOut } from '../../../../shared/schemas/map.ts';
import { buildIndex, coarseMaxZoom, coarseThreshold, type LayerIndex, pointsOf } from '../map-layers.ts';
import type { PointLayerView } from '../map-view.tsx';

/** The clustering index of each point layer, built from its payload. */
export function usePointLayers(
  readable: MapLayer[],
  enabled: MapLayer[],
  byLayer: Map<MapLayer, UseQueryResult<MapPointsOut>>,
) {
  // Indexes are rebuilt only when a layer's payload changes (same object → same index). A big layer
  // (100k sites) is first clustered up to zoom 8 only, drawn, then fully indexed in the next task.
  type Cached = {
    data: MapPointsOut;
    points: ReturnType<typeof pointsOf>;
    index: LayerIndex;
    full: boolean;
  };
  const indexes = useRef(new Map<MapLayer, Cached>());
  const [indexVersion, setIndexVersion] = useState(0);
  const dataKey = readable.map((l) => (enabled.includes(l) ? byLayer.get(l)?.dataUpdatedAt : 0)).join('|');
  const pointLayers = useMemo<PointLayerView[]>(() => {
    const out: PointLayerView[] = [];
    for (const layer of enabled) {
      if (layer === 'technicians') continue;
      const payload = byLayer.get(layer)?.data;
      const data = payload?.[layer];
      if (!payload || !data) continue;
      let cached = indexes.current.get(layer);
      if (!cached || cached.data !== payload) {
        const start = performance.now();
        const points = pointsOf(data);
        const full = data.lat.length <= coarseThreshold;
        cached = {
          data: payload,
          points,
          full,
          index: buildIndex(layer, data, points, full ? 16 : coarseMaxZoom),
        };
        // Read by bench/map-render.ts: how long clustering a layer takes in the browser.
        performance.measure(`relais-map-index:${layer}`, { start, end: performance.now() });
        indexes.current.set(layer, cached);
      }
      out.push({ layer, data, index: cached.index });
    }
    return out;
  }, [dataKey, enabled, indexVersion]);
  useEffect(() => {
    const coarse = [...indexes.current.entries()].filter(([, c]) => !c.full);
    if (coarse.length === 0) return;
    // After the browser has painted the coarse drawing.
    const timer = setTimeout(() => {
      for (const [layer, c] of coarse) {
        const data = c.data[layer as Exclude<MapLayer, 'technicians'>];
        if (!data || indexes.current.get(layer) !== c) continue;
        const start = performance.now();
        c.index = buildIndex(layer, data, c.points);
        c.full = true;
        performance.measure(`relais-map-full-index:${layer}`, { start, end: performance.now() });
      }
      performance.mark('relais-map-indexed');
      setIndexVersion((v) => v + 1);
    }, 50);
    return () => clearTimeout(timer);
  }, [pointLayers]);
  return pointLayers;
}
