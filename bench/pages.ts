// Time to rows visible on the main pages, in Chromium (issue 16 item 5). The production build and
// server (`e2e/server.ts`: `dist/web`, or `E2E_WEB_DIST` and its `-server` bundle — so a build of
// an older commit can be measured the same way) on the embedded database with the demo data;
// signed in as ADV (every main page). Each page is opened once (cold for that page), then
// `BENCH_PAGE_RUNS` more times (warm: the browser's cache and the service worker hold the app's
// files, the server its caches): navigation start → the page's rows in the DOM (rAF polling), with
// when `/auth/me` started and how many API calls were made. Nothing is asserted.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildWeb, startServer } from '../e2e/server.ts';

const runs = Number(process.env.BENCH_PAGE_RUNS ?? 7);
const webDist = path.resolve(process.env.E2E_WEB_DIST ?? 'dist/web');
if (!fs.existsSync(path.join(webDist, 'index.html'))) buildWeb();

const median = (s: number[]) => [...s].sort((a, b) => a - b)[Math.floor(s.length / 2)]!;
const ms = (n: number) => `${Math.round(n)} ms`;

const server = await startServer({ RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const base = server.url;
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'adv@relais.test', password: 'demo-relais-2026' }),
  });
  if (res.status !== 200) throw new Error(`login ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!.split('='));
  const cookie = cookies.map(([n, v]) => `${n}=${v}`).join('; ');
  const first = async (p: string) => {
    const r = await fetch(`${base}/api/v1${p}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`${p}: ${r.status}`);
    return ((await r.json()) as { items: { id: string }[] }).items[0]!.id;
  };
  const clientId = await first('/clients?limit=1');
  const ticketId = await first('/tickets?limit=1');

  // What « rows visible » means on each page.
  const pages: { name: string; path: string; ready: string }[] = [
    { name: 'clients (liste)', path: '/clients', ready: '[data-testid="client-row"]' },
    { name: 'un client', path: `/clients/${clientId}`, ready: '[data-testid="client-key-facts"]' },
    {
      name: 'tickets (file)',
      path: '/tickets',
      ready: 'main table tbody tr, main [data-testid="ticket-card"]',
    },
    { name: 'un ticket', path: `/tickets/${ticketId}`, ready: 'main h4' },
    { name: 'interventions', path: '/interventions', ready: 'main table tbody tr' },
    {
      name: 'planning',
      path: '/planning',
      ready: '[data-testid^="planning-row-"], [data-testid^="planning-cell-"]',
    },
    { name: 'carte', path: '/carte', ready: '.leaflet-container[data-ready="true"]' },
    { name: 'catalogue', path: '/catalogue', ready: '[data-testid="product-row"]' },
  ];

  const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
  await context.addCookies(cookies.map(([name, value]) => ({ name: name!, value: value!, url: base })));
  const page = await context.newPage();
  if (process.env.BENCH_TRACE)
    await context.addInitScript(() => {
      const w = window as unknown as { __long: string[] };
      w.__long = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.__long.push(`${Math.round(e.startTime)}+${Math.round(e.duration)}`);
      }).observe({ type: 'longtask', buffered: true });
    });

  /** One navigation: ms from navigation start to the selector, `/auth/me`'s start, API calls. */
  async function visit(p: Page, url: string, ready: string) {
    await p.goto(url, { waitUntil: 'commit' });
    const handle = await p.waitForFunction(
      (sel) => (document.querySelector(sel) ? performance.now() : false),
      ready,
      { polling: 'raf', timeout: 60_000 },
    );
    const at = (await handle.jsonValue()) as number;
    const api = await p.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/v1/'))
        .map((e) => ({ name: new URL(e.name).pathname, start: e.startTime })),
    );
    const me = api.find((e) => e.name === '/api/v1/auth/me')?.start;
    if (process.env.BENCH_TRACE)
      console.log(
        await p.evaluate(() =>
          [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
            .map((e) => {
              const r = e as PerformanceResourceTiming;
              return `    ${Math.round(r.startTime)}–${Math.round(r.responseEnd)} ${r.name.replace(location.origin, '').slice(0, 70)} ${r.transferSize}`;
            })
            .join('\n'),
        ),
        `\n    tâches longues ${await p.evaluate(() => (window as unknown as { __long: string[] }).__long.join(' '))}`,
        `\n    prêt à ${Math.round(at)}`,
      );
    return { at, me, calls: api.filter((e) => e.start <= at).length };
  }

  // The first load installs the service worker; the home page warms the shell.
  await page.goto(`${base}/`);
  await page.waitForLoadState('networkidle');
  console.log(
    `Pages dans Chromium (PGlite, démo, ADV, médiane de ${runs} visites à chaud) : navigation → lignes visibles`,
  );
  const only = process.env.BENCH_PAGES; // e.g. "planning,carte": only these
  for (const { name, path: p, ready } of pages) {
    if (only && !only.split(',').some((o) => name.includes(o))) continue;
    const cold = await visit(page, `${base}${p}`, ready);
    const warm: Awaited<ReturnType<typeof visit>>[] = [];
    for (let i = 0; i < runs; i++) warm.push(await visit(page, `${base}${p}`, ready));
    const at = median(warm.map((w) => w.at));
    const me = median(warm.map((w) => w.me ?? Number.NaN));
    const calls = median(warm.map((w) => w.calls));
    console.log(
      `  ${name.padEnd(16)} : ${ms(at).padStart(7)} (min ${ms(Math.min(...warm.map((w) => w.at)))}, 1re visite ${ms(cold.at)}) · /auth/me lancé à ${Number.isNaN(me) ? '—' : ms(me)} · ${calls} appels API avant les lignes`,
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
