import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useCallback, useEffect, useRef } from 'react';
import { GeoJSON, MapContainer, TileLayer, useMap } from 'react-leaflet';
import type {
  MapLayer,
  MapPointLayer,
  MapPointLayerName,
  MapTechnician,
} from '../../../shared/schemas/map.ts';
import france from './france.geo.json';
import {
  categoryColor,
  initialsOf,
  type LayerIndex,
  layerColor,
  type MapSelection,
  sameSpot,
  slaColor,
  slaStateOfRank,
  technicianStatusColor,
  technicianTitle,
} from './map-layers.ts';
import './map.css';

export type PointLayerView = { layer: MapPointLayerName; data: MapPointLayer; index: LayerIndex };
export type LivePosition = { lat: number; lon: number; at: string };

/** Metropolitan France with Corsica: the first view. */
export const franceBounds = L.latLngBounds([41.3, -5.2], [51.1, 9.6]);

type Props = {
  pointLayers: PointLayerView[];
  technicians: MapTechnician[] | null;
  /** Positions received live since the technicians were loaded (newer than their `positionAt`). */
  livePositions: Map<string, LivePosition>;
  /** Bumped on each live position: moves the marker without rebuilding anything else. */
  liveTick: number;
  tileUrl: string | null;
  /** Every requested layer has arrived: the first complete drawing marks `relais-map-ready`. */
  ready: boolean;
  /** A technician, or the spot of a point (its card lists what stands there). */
  onSelect: (selection: MapSelection) => void;
  onMap: (map: L.Map) => void;
};

const outlineStyle: L.PathOptions = {
  color: '#5c7cfa',
  weight: 1,
  fillColor: '#f8f9fa',
  fillOpacity: 1,
  interactive: false,
};

/**
 * The Leaflet map: the offline outline of France (Natural Earth) under optional OSM-compatible
 * tiles, then one pane of clusters and points per layer drawn for the current view only — clusters
 * as small count bubbles, single points as canvas circles, technicians as initials badges.
 */
export function MapView(props: Props) {
  return (
    <MapContainer
      bounds={franceBounds}
      preferCanvas
      zoomSnap={0.5}
      minZoom={3}
      maxZoom={18}
      worldCopyJump={false}
      style={{ height: '100%', width: '100%', background: '#dbe9f6' }}
      attributionControl
    >
      {props.tileUrl ? (
        <TileLayer url={props.tileUrl} attribution="© contributeurs OpenStreetMap" maxZoom={19} />
      ) : (
        <GeoJSON
          data={france as GeoJSON.FeatureCollection}
          style={outlineStyle}
          attribution="Contour : Natural Earth (domaine public)"
        />
      )}
      <Layers {...props} />
    </MapContainer>
  );
}

function clusterIcon(count: number, color: string, layer: MapLayer) {
  const size = count < 10 ? 28 : count < 100 ? 34 : count < 1000 ? 40 : 48;
  const label =
    count >= 10_000
      ? `${Math.round(count / 1000)}k`
      : count >= 1000
        ? `${(count / 1000).toFixed(1)}k`
        : String(count);
  return L.divIcon({
    className: `relais-cluster relais-cluster-${layer}`,
    html: `<span style="background:${color}">${label}</span>`,
    iconSize: [size, size],
  });
}

function technicianIcon(t: MapTechnician) {
  return L.divIcon({
    className: `relais-tech relais-tech-${t.source}`,
    html: `<span style="background:${technicianStatusColor[t.status]}">${initialsOf(t.name)}</span>`,
    iconSize: [34, 34],
  });
}

function Layers({ pointLayers, technicians, livePositions, liveTick, ready, onSelect, onMap }: Props) {
  const map = useMap();
  const groups = useRef(new Map<MapLayer, L.LayerGroup>());
  const techMarkers = useRef(new Map<string, { marker: L.Marker; at: L.LatLng }>());
  const marked = useRef(false);
  const select = useRef(onSelect);
  select.current = onSelect;
  const renderer = useRef(L.canvas({ padding: 0.3, tolerance: 6 }));

  useEffect(() => onMap(map), [map, onMap]);

  // The container may get its size after the map was created (phone layout, drawer, rotation):
  // follow it, and frame France the first time it has a real size.
  useEffect(() => {
    const el = map.getContainer();
    const big = () => el.clientWidth >= 200 && el.clientHeight >= 200;
    let framed = big();
    const observer = new ResizeObserver(() => {
      if (el.clientWidth === 0 || el.clientHeight === 0) return;
      map.invalidateSize();
      if (!framed && big()) {
        framed = true;
        map.fitBounds(franceBounds);
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [map]);

  // Clusters and points of the current view, redrawn after each move or zoom and when data changes.
  useEffect(() => {
    const touch = window.matchMedia('(pointer: coarse)').matches;
    const redraw = () => {
      const zoom = Math.round(map.getZoom());
      const b = map.getBounds().pad(0.25);
      const bbox: [number, number, number, number] = [
        Math.max(-180, b.getWest()),
        Math.max(-85, b.getSouth()),
        Math.min(180, b.getEast()),
        Math.min(85, b.getNorth()),
      ];
      let clusters = 0;
      let points = 0;
      const seen = new Set<MapLayer>();
      for (const { layer, data, index } of pointLayers) {
        seen.add(layer);
        let group = groups.current.get(layer);
        if (!group) {
          group = L.layerGroup().addTo(map);
          groups.current.set(layer, group);
        }
        group.clearLayers();
        for (const f of index.getClusters(bbox, zoom)) {
          const [lon, lat] = f.geometry.coordinates as [number, number];
          const p = f.properties;
          if ('cluster' in p && p.cluster) {
            clusters++;
            const color = layer === 'tickets' ? slaColor[slaStateOfRank(p.worst)] : layerColor[layer];
            const m = L.marker([lat, lon], {
              icon: clusterIcon(p.point_count, color, layer),
              keyboard: false,
              title: `${p.point_count} éléments — cliquer pour zoomer ou les lister`,
            });
            m.on('click', () => {
              // Records at one and the same spot (several sites in one building…) never split:
              // the card lists them instead of zooming.
              const spot = sameSpot(index, p.cluster_id, p.point_count, data);
              if (spot) return select.current({ layer, ...spot });
              const z = Math.min(index.getClusterExpansionZoom(p.cluster_id), map.getMaxZoom());
              map.setView([lat, lon], Math.max(z, zoom + 1));
            });
            group.addLayer(m);
          } else {
            points++;
            const i = (p as { i: number }).i;
            const cat = data.cat[i]!;
            const m = L.circleMarker([lat, lon], {
              renderer: renderer.current,
              radius: touch ? 8 : 6,
              color: '#fff',
              weight: 1.5,
              fillColor: categoryColor(layer, data.categories[cat], cat),
              fillOpacity: 0.95,
            });
            m.on('click', () => select.current({ layer, lat: data.lat[i]!, lon: data.lon[i]! }));
            group.addLayer(m);
          }
        }
      }
      for (const [layer, group] of groups.current) {
        if (!seen.has(layer)) {
          group.remove();
          groups.current.delete(layer);
        }
      }
      const el = map.getContainer();
      el.dataset.zoom = String(zoom);
      const c = map.getCenter();
      el.dataset.center = `${c.lat.toFixed(6)},${c.lng.toFixed(6)}`;
      el.dataset.clusters = String(clusters);
      el.dataset.points = String(points);
      if (ready && !marked.current) {
        marked.current = true;
        // After the browser has painted this first complete drawing.
        requestAnimationFrame(() => {
          performance.mark('relais-map-ready');
          (window as { __relaisMapReady?: number }).__relaisMapReady = performance.now();
          el.dataset.ready = 'true';
        });
      }
    };
    redraw();
    map.on('moveend', redraw);
    return () => {
      map.off('moveend', redraw);
    };
  }, [map, pointLayers, ready]);

  // Technicians: few, one DOM badge each, kept by id so a live position only moves its marker.
  // Badges closer than a badge's width are fanned out in a small ring around their centre (after
  // each zoom), so every technician stays reachable; a lone badge sits exactly on its position.
  const layout = useCallback(() => {
    const entries = [...techMarkers.current.values()];
    const pts = entries.map((e) => map.latLngToLayerPoint(e.at));
    const done = new Array<boolean>(entries.length).fill(false);
    for (let i = 0; i < entries.length; i++) {
      if (done[i]) continue;
      const group = [i];
      done[i] = true;
      for (let j = i + 1; j < entries.length; j++) {
        if (!done[j] && group.some((k) => pts[k]!.distanceTo(pts[j]!) < 30)) {
          group.push(j);
          done[j] = true;
        }
      }
      if (group.length === 1) {
        entries[i]!.marker.setLatLng(entries[i]!.at);
        continue;
      }
      const c = group.reduce((acc, k) => acc.add(pts[k]!), L.point(0, 0)).divideBy(group.length);
      const r = 14 + 6 * group.length;
      group.forEach((k, n) => {
        const a = (2 * Math.PI * n) / group.length - Math.PI / 2;
        entries[k]!.marker.setLatLng(
          map.layerPointToLatLng(c.add(L.point(r * Math.cos(a), r * Math.sin(a)))),
        );
      });
    }
  }, [map]);

  useEffect(() => {
    map.on('zoomend', layout);
    return () => {
      map.off('zoomend', layout);
    };
  }, [map, layout]);

  useEffect(() => {
    const markers = techMarkers.current;
    for (const t of technicians ?? []) {
      const live = livePositions.get(t.id);
      const at = L.latLng(live ? [live.lat, live.lon] : [t.lat, t.lon]);
      const marker = L.marker(at, {
        icon: technicianIcon(live ? { ...t, source: 'live' } : t),
        title: technicianTitle(t),
        zIndexOffset: 1000,
        riseOnHover: true,
      });
      marker.on('click', () => select.current({ layer: 'technicians', id: t.id }));
      marker.addTo(map);
      marker.getElement()?.setAttribute('data-technician-id', t.id);
      markers.set(t.id, { marker, at });
    }
    layout();
    map.getContainer().dataset.technicians = String(markers.size);
    return () => {
      for (const e of markers.values()) e.marker.remove();
      markers.clear();
    };
  }, [map, technicians, layout]);

  useEffect(() => {
    let moved = false;
    for (const [id, pos] of livePositions) {
      const e = techMarkers.current.get(id);
      if (!e || (e.at.lat === pos.lat && e.at.lng === pos.lon)) continue;
      e.at = L.latLng(pos.lat, pos.lon);
      e.marker.getElement()?.classList.replace('relais-tech-home', 'relais-tech-live');
      moved = true;
    }
    if (moved) layout();
  }, [liveTick, livePositions, layout]);

  return null;
}
