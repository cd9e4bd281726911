// Planning board figures on the backend named by TEST_DB (pglite | postgresql): 50 technicians,
// 1,000 interventions over one week (+ absences, sites with coordinates), then through HTTP the
// board API p50/p95 (100 rounds) and the conflict check p50/p95 (300 rounds), and the time Chromium
// takes from navigation to the board's cards visible (5 runs, median). Nothing is asserted.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import {
  absences,
  interventionTechnicians,
  interventions,
  sites,
  technicians,
  users,
} from '../src/server/db/schema/index.ts';
import { createTestApp, loginAs, testBackend } from '../src/server/test/harness.ts';
import { launch } from '../e2e/browser.ts';
import { buildWeb } from '../e2e/server.ts';

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const tag = `[${testBackend}] planning`;

// The web build the browser measurement serves (built once when missing).
const webDist = path.resolve(process.env.E2E_WEB_DIST ?? 'dist/web');
if (!fs.existsSync(path.join(webDist, 'index.html'))) buildWeb();

const t = await createTestApp({ workers: false, config: { rateLimitPerMinute: 1_000_000, webDist } });
const db = t.database.db;

let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));

// Week of Monday 8 March 2027 (Paris = UTC+1).
const week = ['2027-03-08', '2027-03-09', '2027-03-10', '2027-03-11', '2027-03-12'];
const at = (day: string, minutes: number) => new Date(Date.parse(`${day}T00:00:00+01:00`) + minutes * 60_000);
const hours = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
    d,
    [
      ['08:00', '12:00'],
      ['13:30', '17:30'],
    ],
  ]),
) as never;

const t0 = performance.now();
// 50 technicians of the bench (on top of the demo's), around Lyon, Paris and Marseille.
const anyHash = (
  (await db.execute(sql`SELECT password_hash AS h FROM users LIMIT 1`)) as unknown as {
    rows: { h: string }[];
  }
).rows[0]!.h;
const centres = [
  { dep: '69', lat: 45.76, lon: 4.84 },
  { dep: '75', lat: 48.86, lon: 2.35 },
  { dep: '13', lat: 43.3, lon: 5.37 },
];
const benchUsers = await db
  .insert(users)
  .values(
    Array.from({ length: 50 }, (_, i) => ({
      email: `bench.tech.${i}@relais.test`,
      name: `Technicien Banc ${String(i).padStart(2, '0')}`,
      role: 'tech_terrain',
      passwordHash: anyHash,
    })),
  )
  .returning({ id: users.id });
const techRows = await db
  .insert(technicians)
  .values(
    benchUsers.map((u, i) => {
      const c = centres[i % centres.length]!;
      return {
        userId: u.id,
        homeDepartment: c.dep,
        homeLatitude: c.lat + (rand() - 0.5) * 0.3,
        homeLongitude: c.lon + (rand() - 0.5) * 0.4,
        homeGeocodeStatus: 'ok',
        workingHours: hours,
        zones: [c.dep],
      };
    }),
  )
  .returning({ id: technicians.id, homeDepartment: technicians.homeDepartment });
const siteRows = await db.select({ id: sites.id, clientId: sites.clientId }).from(sites);
// Sites with coordinates in the three areas.
for (const [k, s] of siteRows.entries()) {
  const c = centres[k % centres.length]!;
  await db
    .update(sites)
    .set({
      latitude: c.lat + (rand() - 0.5) * 0.3,
      longitude: c.lon + (rand() - 0.5) * 0.4,
      department: c.dep,
    })
    .where(eq(sites.id, s.id));
}
const sitesByDep = new Map<string, typeof siteRows>();
siteRows.forEach((s, k) => {
  const dep = centres[k % centres.length]!.dep;
  sitesByDep.set(dep, [...(sitesByDep.get(dep) ?? []), s]);
});
// 1,000 interventions: 4 per technician and working day (09:00, 10:30, 14:00, 15:30).
const slots = [9 * 60, 10 * 60 + 30, 14 * 60, 15 * 60 + 30];
const rows: (typeof interventions.$inferInsert)[] = [];
const links: { k: number; tech: string }[] = [];
let k = 0;
for (const tech of techRows) {
  for (const day of week) {
    for (const m of slots) {
      const list = sitesByDep.get(tech.homeDepartment!) ?? siteRows;
      const s = list[int(0, list.length - 1)]!;
      rows.push({
        number: `B-2027-${String(k).padStart(6, '0')}`,
        kind: 'maintenance',
        clientId: s.clientId,
        siteId: s.id,
        title: `Maintenance ${k}`,
        status: 'planifiee',
        plannedStart: at(day, m),
        plannedMinutes: 60,
      });
      links.push({ k, tech: tech.id });
      k++;
    }
  }
}
const inserted: { id: string }[] = [];
for (let i = 0; i < rows.length; i += 500) {
  inserted.push(
    ...(await db
      .insert(interventions)
      .values(rows.slice(i, i + 500))
      .returning({ id: interventions.id })),
  );
}
await db
  .insert(interventionTechnicians)
  .values(links.map((l) => ({ interventionId: inserted[l.k]!.id, technicianId: l.tech, lead: true })));
// Unscheduled queue and absences.
const queue = await db
  .insert(interventions)
  .values(
    Array.from({ length: 30 }, (_, i) => {
      const s = siteRows[i % siteRows.length]!;
      return {
        number: `B-2027-Q${i}`,
        kind: 'sav',
        clientId: s.clientId,
        siteId: s.id,
        title: `À planifier ${i}`,
        plannedMinutes: 60,
      };
    }),
  )
  .returning({ id: interventions.id });
await db.insert(absences).values(
  techRows.slice(0, 10).map((tech, i) => ({
    technicianId: tech.id,
    kind: 'conges',
    status: 'approuvee',
    startsAt: at(week[i % 5]!, 0),
    endsAt: at(week[i % 5]!, 24 * 60),
  })),
);
await db.execute(sql`ANALYZE`);
console.log(
  `${tag} : ${techRows.length} techniciens, ${rows.length} interventions sur une semaine, ${queue.length} à planifier, 10 absences — générés en ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

await t.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
const adv = await loginAs(t.app, 'adv@relais.test');
const headers = {
  cookie: adv.cookie,
  'x-relais-csrf': '1',
  origin: base,
  'content-type': 'application/json',
};

// Board API.
const from = at(week[0]!, 0).toISOString();
const to = at('2027-03-15', 0).toISOString();
const boardUrl = `${base}/api/v1/planning/board?from=${from}&to=${to}`;
const boardTimes: number[] = [];
let cards = 0;
for (let i = 0; i < 110; i++) {
  const t1 = performance.now();
  const res = await fetch(boardUrl, { headers });
  const body = (await res.json()) as { interventions: unknown[] };
  if (res.status !== 200) throw new Error(`board ${res.status}`);
  if (i >= 10) boardTimes.push(performance.now() - t1);
  cards = body.interventions.length;
}
boardTimes.sort((a, b) => a - b);
console.log(
  `${tag} : GET /planning/board (${cards} interventions, 100 requêtes) : p50 ${ms(pct(boardTimes, 50))} · p95 ${ms(pct(boardTimes, 95))} — cible p95 ≤ 100 ms (PostgreSQL)`,
);

// Conflict check.
const checkTimes: number[] = [];
for (let i = 0; i < 320; i++) {
  const body = {
    interventionId: queue[i % queue.length]!.id,
    technicianIds: [techRows[int(0, techRows.length - 1)]!.id],
    plannedStart: at(week[int(0, 4)]!, slots[int(0, 3)]! + 30).toISOString(),
    plannedMinutes: 60,
  };
  const t1 = performance.now();
  const res = await fetch(`${base}/api/v1/planning/check`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`check ${res.status}`);
  if (i >= 20) checkTimes.push(performance.now() - t1);
}
checkTimes.sort((a, b) => a - b);
console.log(
  `${tag} : POST /planning/check (300 requêtes) : p50 ${ms(pct(checkTimes, 50))} · p95 ${ms(pct(checkTimes, 95))} — cible p95 ≤ 10 ms`,
);

// Chromium: navigation → the board's cards visible (week view), 5 runs.
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
  const [name, value] = adv.cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: base }]);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByText('Adèle Ventes').first().waitFor();
  const renders: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${base}/`);
    await page.getByText('Adèle Ventes').first().waitFor();
    const t1 = performance.now();
    await page.goto(`${base}/planning?view=week&day=${week[0]}`);
    await page
      .locator('[data-testid^="planning-card-"]')
      .nth(cards - 1)
      .waitFor({ state: 'attached', timeout: 60_000 });
    await page.locator('[data-testid^="planning-card-"]').first().waitFor();
    renders.push(performance.now() - t1);
  }
  renders.sort((a, b) => a - b);
  console.log(
    `${tag} : rendu du tableau dans Chromium (semaine, ${techRows.length + 12} techniciens, 5 essais) : médiane ${ms(renders[2]!)} (min ${ms(renders[0]!)}, max ${ms(renders[4]!)}) — cible ≤ 1 s`,
  );
} finally {
  await browser.close();
  await t.close();
}
