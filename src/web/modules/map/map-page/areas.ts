import type L from 'leaflet';
import france from '../france.geo.json';

/** Overseas départements (and metropolitan France) to jump to: the offline outline has them all. */
export const areas = (france as unknown as GeoJSON.FeatureCollection).features.map((f) => {
  // South-west and north-east corners of the area's outline (no Leaflet needed for that).
  const box: [[number, number], [number, number]] = [
    [90, 180],
    [-90, -180],
  ];
  const walk = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [lon, lat] = c as [number, number];
      box[0] = [Math.min(box[0][0], lat), Math.min(box[0][1], lon)];
      box[1] = [Math.max(box[1][0], lat), Math.max(box[1][1], lon)];
    } else for (const x of c as unknown[]) walk(x);
  };
  walk((f.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon).coordinates);
  return { name: String(f.properties?.name), bounds: box as L.LatLngBoundsExpression };
});
