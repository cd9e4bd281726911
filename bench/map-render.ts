// France map in Chromium, on the backend named by TEST_DB (PostgreSQL from `npm run bench`): the
// demo data plus `seedMapDataset` (100k sites, 10k open tickets with SLA clocks, today's
// interventions), the real app serving the built web app, then as ADV (every layer):
// - time to first render: navigation start → the `relais-map-ready` mark the map page sets once
//   every requested layer is clustered and drawn (5 loads, median), with what it is made of
//   (payload transfer per layer, supercluster index build per layer);
// - frame times while panning: mouse drags across the map for ~3 s under a Chromium trace — the
//   renderer main thread's work per frame (median, p95; headless Chromium paces frames at 60 Hz
//   whatever the flags, so rAF deltas, also printed, cannot go under 16.7 ms).
// Nothing is asserted. The database is created and dropped by the test harness.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createTestApp, loginAs, testBackend } from '../src/server/test/harness.ts';
import { buildWeb } from '../e2e/server.ts';
import { seedMapDataset } from './map.ts';

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const tag = `[${testBackend}] carte (navigateur)`;
const sites = Number(process.env.BENCH_MAP_SITES ?? 100_000);
const tickets = Number(process.env.BENCH_MAP_TICKETS ?? 10_000);

// The web build the browser loads (built once when missing).
const webDist = path.resolve(process.env.E2E_WEB_DIST ?? 'dist/web');
if (!fs.existsSync(path.join(webDist, 'index.html'))) buildWeb();

const t = await createTestApp({ workers: false, config: { rateLimitPerMinute: 1_000_000, webDist } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
  ],
});
try {
  const t0 = performance.now();
  const made = await seedMapDataset(t.database.db, { sites, tickets });
  console.log(
    `${tag} : ${made.sites} sites, ${made.tickets} tickets ouverts, ${made.interventions} interventions du jour — générés en ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const adv = await loginAs(t.app, 'adv@relais.test');
  const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
  const [name, value] = adv.cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: base }]);
  const page = await context.newPage();

  // Warm the server's caches and the browser's HTTP cache of the app's files once.
  await page.goto(`${base}/carte`);
  await page.locator('.leaflet-container[data-ready="true"]').waitFor({ timeout: 120_000 });

  type Load = {
    ready: number;
    points: { layer: string; at: number; ttfb: number; ms: number; kb: number }[];
    index: { layer: string; ms: number }[];
    drawn: number;
  };
  const loads: Load[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${base}/carte`);
    await page.locator('.leaflet-container[data-ready="true"]').waitFor({ timeout: 120_000 });
    loads.push(
      await page.evaluate(() => {
        const ready = performance.getEntriesByName('relais-map-ready')[0]!.startTime;
        const points = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          .filter((e) => e.name.includes('/api/v1/map/points'))
          .map((e) => ({
            layer: new URL(e.name).searchParams.get('layers') ?? '?',
            at: e.startTime,
            ttfb: e.responseStart - e.startTime,
            ms: e.responseEnd - e.startTime,
            kb: e.encodedBodySize / 1024,
          }));
        const index = performance
          .getEntriesByType('measure')
          .filter((e) => e.name.startsWith('relais-map-index:'))
          .map((e) => ({ layer: e.name.slice('relais-map-index:'.length), ms: e.duration }));
        const el = document.querySelector<HTMLElement>('.leaflet-container')!;
        return { ready, points, index, drawn: Number(el.dataset.clusters) + Number(el.dataset.points) };
      }),
    );
  }
  const sorted = [...loads].sort((a, b) => a.ready - b.ready);
  const median = sorted[2]!;
  console.log(
    `${tag} : premier rendu de /carte (navigation → clusters dessinés, 5 chargements) : médiane ${ms(median.ready)} (min ${ms(sorted[0]!.ready)}, max ${ms(sorted[4]!.ready)}) — cible ≤ 1 s`,
  );
  console.log(
    `${tag} :   dont GET /map/points par calque (lancé à, premier octet après, fin après) : ${median.points
      .map((p) => `${p.layer} ${ms(p.at)} + ${ms(p.ttfb)} → ${ms(p.ms)} (${p.kb.toFixed(0)} Ko)`)
      .join(' · ')}`,
  );
  console.log(
    `${tag} :   dont index supercluster (premier rendu ; au-delà de 5 000 points, jusqu’au zoom 8) : ${median.index.map((p) => `${p.layer} ${ms(p.ms)}`).join(' · ')} — ${median.drawn} marqueurs dessinés`,
  );

  // Panning: drags of 300 px in the four directions, repeated for ~3 s, rAF deltas recorded.
  const box = (await page.locator('.leaflet-container').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // The full index of the big layers is built right after the first drawing: pan once it is there.
  await page.waitForFunction(() => performance.getEntriesByName('relais-map-indexed').length > 0, null, {
    timeout: 30_000,
  });
  const fullIndex = await page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((e) => e.name.startsWith('relais-map-full-index:'))
      .map((e) => `${e.name.slice('relais-map-full-index:'.length)} ${e.duration.toFixed(1)} ms`)
      .join(' · '),
  );
  // A string, not a function: tsx would wrap the named inner function with a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = 0;
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  })()`);
  const moves: [number, number][] = [
    [300, 0],
    [0, 200],
    [-300, 0],
    [0, -200],
  ];
  // A trace of the renderer while panning: the main thread's work per frame (between two
  // BeginMainThreadFrame) is the frame's real cost; rAF deltas only show the 60 Hz cadence.
  await browser.startTracing(page, {
    categories: [
      'toplevel',
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
    ],
  });
  const panStart = performance.now();
  let drags = 0;
  while (performance.now() - panStart < 3_000) {
    const [dx, dy] = moves[drags % moves.length]!;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + dx, cy + dy, { steps: 20 });
    await page.mouse.up();
    drags++;
  }
  const panSeconds = (performance.now() - panStart) / 1000;
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
    traceEvents: {
      name: string;
      ph: string;
      pid: number;
      tid: number;
      ts: number;
      dur?: number;
      args?: { name?: string };
    }[];
  };
  const intervals = (await page.evaluate('window.__stop = true, window.__frames')) as number[];
  console.log(`${tag} :   index complet construit après le premier rendu : ${fullIndex}`);

  // The page's renderer main thread: the CrRendererMain thread with the most frames.
  const ev = trace.traceEvents;
  const mains = ev.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const frameStarts = (pid: number, tid: number) =>
    ev
      .filter((e) => e.name === 'BeginMainThreadFrame' && e.pid === pid && e.tid === tid)
      .map((e) => e.ts)
      .sort((a, b) => a - b);
  const main = mains
    .map((m) => ({ pid: m.pid, tid: m.tid, starts: frameStarts(m.pid, m.tid) }))
    .sort((a, b) => b.starts.length - a.starts.length)[0];
  const busy: number[] = [];
  if (main && main.starts.length > 1) {
    const tasks = ev
      .filter((e) => e.ph === 'X' && e.name === 'RunTask' && e.pid === main.pid && e.tid === main.tid)
      .map((e) => ({ from: e.ts, to: e.ts + (e.dur ?? 0) }));
    for (let i = 0; i + 1 < main.starts.length; i++) {
      const a = main.starts[i]!;
      const b = main.starts[i + 1]!;
      let sum = 0;
      for (const t of tasks) sum += Math.max(0, Math.min(b, t.to) - Math.max(a, t.from));
      busy.push(sum / 1000);
    }
  }
  busy.sort((a, b) => a - b);
  intervals.sort((a, b) => a - b);
  console.log(
    `${tag} : déplacement de la carte (${drags} glissés en ${panSeconds.toFixed(1)} s) : travail du fil principal par image (${busy.length} images) médiane ${busy.length ? ms(pct(busy, 50)) : '—'} · p95 ${busy.length ? ms(pct(busy, 95)) : '—'} · max ${busy.length ? ms(busy.at(-1)!) : '—'} — cible médiane ≤ 16 ms`,
  );
  console.log(
    `${tag} :   intervalle entre images (requestAnimationFrame, ${intervals.length} images, cadence 60 Hz) : médiane ${ms(pct(intervals, 50))} · p95 ${ms(pct(intervals, 95))} · images > 33 ms : ${intervals.filter((x) => x > 33.4).length}`,
  );
} finally {
  await browser.close();
  await t.close();
}
