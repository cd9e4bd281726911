/**
 * Writes the offline base layer of the map, `src/web/modules/map/france.geo.json`, from Natural
 * Earth's 1:10m countries (public domain) as packaged by `world-atlas` (ISC):
 *
 *   node --import tsx scripts/france-geo.ts
 *
 * France's multipolygon is split into metropolitan France (with Corsica and the coastal islands) and
 * each overseas département (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte), named by the
 * bounding box its polygons fall in. Coordinates are rounded to 3 decimals (~100 m, plenty at the
 * zooms where the outline is the only base layer) and tiny islets are dropped to keep the file small
 * (~70 KB of JSON, ~145 KB once formatted like the rest of the repository).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';

type Ring = [number, number][];
type Area = { code: string; name: string; box: [number, number, number, number] };

/** lon min, lat min, lon max, lat max. */
const areas: Area[] = [
  { code: 'FR-MET', name: 'France métropolitaine', box: [-6, 41, 10, 52] },
  { code: '971', name: 'Guadeloupe', box: [-62, 15.8, -60.9, 16.6] },
  { code: '972', name: 'Martinique', box: [-61.3, 14.3, -60.7, 15] },
  { code: '973', name: 'Guyane', box: [-55, 2, -51, 6] },
  { code: '974', name: 'La Réunion', box: [55, -21.5, 56, -20.8] },
  { code: '976', name: 'Mayotte', box: [44.9, -13.1, 45.4, -12.5] },
];

const require = createRequire(import.meta.url);
const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8')) as Topology;
const countries = feature(topo, topo.objects.countries as never) as unknown as {
  features: { id: string; geometry: { type: string; coordinates: Ring[][] | Ring[] } }[];
};
const france = countries.features.find((f) => f.id === '250');
if (france?.geometry.type !== 'MultiPolygon') throw new Error('France introuvable dans world-atlas.');

const round = (v: number) => Math.round(v * 1000) / 1000;
/** Shoelace area in square degrees: drops islets smaller than ~1 km². */
const ringArea = (r: Ring) => {
  let a = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i]!;
    const [xj, yj] = r[j]!;
    a += (xj - xi) * (yj + yi);
  }
  return Math.abs(a / 2);
};
const simplify = (r: Ring): Ring => {
  const out: Ring = [];
  for (const [x, y] of r) {
    const p: [number, number] = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const end = out[out.length - 1];
  if (first && end && (first[0] !== end[0] || first[1] !== end[1])) out.push(first);
  return out;
};

const byArea = new Map<string, Ring[][]>();
for (const polygon of france.geometry.coordinates as Ring[][]) {
  const outer = polygon[0]!;
  const [lon, lat] = outer[0]!;
  const area = areas.find((a) => lon >= a.box[0] && lon <= a.box[2] && lat >= a.box[1] && lat <= a.box[3]);
  if (!area) throw new Error(`Polygone de France hors de toute zone connue (${lon}, ${lat}).`);
  if (ringArea(outer) < 0.0001) continue;
  const rings = polygon.map(simplify).filter((r) => r.length >= 4);
  if (rings.length) byArea.set(area.code, [...(byArea.get(area.code) ?? []), rings]);
}

const out = {
  type: 'FeatureCollection',
  // Natural Earth is in the public domain; world-atlas is ISC (Mike Bostock).
  source: 'Natural Earth 1:10m (domaine public) via world-atlas',
  features: areas
    .filter((a) => byArea.has(a.code))
    .map((a) => ({
      type: 'Feature',
      properties: { code: a.code, name: a.name },
      geometry: { type: 'MultiPolygon', coordinates: byArea.get(a.code) },
    })),
};
const target = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../src/web/modules/map/france.geo.json',
);
writeFileSync(target, `${JSON.stringify(out)}\n`);
// In the repository's format, so `npm run lint` stays clean (Vite minifies it into the bundle anyway).
const format = spawnSync(
  process.execPath,
  [require.resolve('@biomejs/biome/bin/biome'), 'format', '--write', target],
  {
    stdio: 'ignore',
  },
);
if (format.status !== 0) throw new Error('biome format a échoué.');
console.log(
  `${path.relative(process.cwd(), target)} : ${out.features.map((f) => f.properties.name).join(', ')} — ${(
    JSON.stringify(out).length / 1024
  ).toFixed(0)} Ko`,
);
