import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';
import { startServer } from './server.ts';
import { pageProblems, type Problem, textProblems } from './every-page-checks.ts';

/*
 * Issue 15, « Done when », items 1, 7 and 8: every demo role logs in and opens, once, every page its
 * navigation offers (and « Mon compte »), then the first record of each list it reads (a client, a
 * ticket, an intervention), on its own server with the production rate limits — nine colleagues
 * and more behind one address browse it all within a minute or two and never meet a 429. Each page
 * fails on a console error, an unexpected 4xx/5xx answer (a 403 first: the web app never calls what
 * the user's rights forbid), « Accès refusé » shown, text cut by its box, and raw codes or English
 * in the visible text; each role's walk fails on a new « SÉCURITÉ — Accès refusé » audit entry. The
 * three roles that work on a phone walk their menu on one too. (This journey and the rights checks
 * were two files walking the same pages: one walk makes every check.)
 */

type Account = { email: string; role: string; phone?: boolean };
const accounts: Account[] = [
  { email: 'admin@relais.test', role: 'admin' },
  { email: 'support@relais.test', role: 'support', phone: true },
  { email: 'commercial@relais.test', role: 'commercial' },
  { email: 'adv@relais.test', role: 'adv' },
  { email: 'staging@relais.test', role: 'staging' },
  { email: 'tech.interne@relais.test', role: 'tech_interne' },
  { email: 'tech.terrain@relais.test', role: 'tech_terrain', phone: true },
  { email: 'chef.projet@relais.test', role: 'chef_projet' },
  { email: 'compta@relais.test', role: 'compta' },
  { email: 'partenaire@relais.test', role: 'partenaire', phone: true },
  { email: 'partenaire2@relais.test', role: 'partenaire2' },
];

/**
 * Answers ≥ 400 a page may get, each with its reason: none today. An entry is `METHOD path-regex`
 * matched against the API path.
 */
const expectedErrors: { request: RegExp; status: number; reason: string }[] = [];

/**
 * Problems known and being fixed elsewhere, keyed by page, kind of check and (optionally) role and
 * a piece of the detail: each entry says which item of issue 15 fixes it, and goes when it lands.
 * Keep them narrow. A known problem no longer seen is reported (not a failure) so that it is deleted.
 */
type Known = {
  page: string;
  kind: Problem['kind'];
  viewport?: 'desktop' | 'phone';
  roles?: string[];
  detail?: RegExp;
  issue: string;
};
const knownIssues: Known[] = [];

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
/** The administrator's session, which reads the audit log between walks (and walks its own pages). */
let admin: Page;
const apiCalls: number[] = [];
const seen: (Problem & { role: string; viewport: string; page: string })[] = [];

beforeAll(async () => {
  // The production limits (1,000 API requests a minute per address, 30 logins): no override.
  [server, browser] = await Promise.all([startServer(), launch()]);
  const ctx = await browser.newContext({ viewport: desktop, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  admin = await ctx.newPage();
  await login(admin, server.url, 'admin@relais.test');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  const byKnown = new Set(seen.map((p) => known(p)).filter(Boolean));
  const stale = knownIssues.filter((k) => !byKnown.has(k));
  if (stale.length) console.log('Known problems no longer seen (delete them):', stale);
});

function known(p: Problem & { role: string; page: string; viewport: string }): Known | undefined {
  return knownIssues.find(
    (k) =>
      k.page === p.page &&
      k.kind === p.kind &&
      (!k.viewport || k.viewport === p.viewport) &&
      (!k.roles || k.roles.includes(p.role)) &&
      (!k.detail || k.detail.test(p.detail)),
  );
}

/** Watches a page: its console errors, its failed answers, its requests in flight. */
function watch(page: Page) {
  const state = {
    errors: [] as string[],
    failed: [] as string[],
    /** Every API path the page asked for (to prove a forbidden route is never called). */
    asked: [] as string[],
    inFlight: 0,
    lastChange: Date.now(),
  };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // A failed answer is reported once, by the response check below.
    if (m.text().startsWith('Failed to load resource')) return;
    state.errors.push(m.text());
  });
  page.on('pageerror', (e) => state.errors.push(`exception: ${e.message}`));
  // The live events stream stays open for the whole session: not a request the page waits for.
  const waited = (r: Request) => r.resourceType() !== 'eventsource';
  page.on('request', (r) => {
    if (r.url().includes('/api/')) {
      apiCalls.push(Date.now());
      state.asked.push(new URL(r.url()).pathname);
    }
    if (!waited(r)) return;
    state.inFlight++;
    state.lastChange = Date.now();
  });
  const done = (r: Request) => {
    if (!waited(r)) return;
    state.inFlight--;
    state.lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.on('response', (r: Response) => {
    if (r.status() < 400) return;
    const path = new URL(r.url()).pathname;
    const what = `${r.request().method()} ${path}`;
    if (expectedErrors.some((e) => e.status === r.status() && e.request.test(what))) return;
    state.failed.push(`${r.status()} ${what}`);
  });
  return state;
}

/** Waits until no request has been in flight for a while and no loader turns. */
async function settle(page: Page, state: ReturnType<typeof watch>) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (state.inFlight <= 0 && Date.now() - state.lastChange > 350) {
      const loading = await page.locator('.mantine-Loader-root:visible').count();
      if (loading === 0) return;
    }
    await page.waitForTimeout(100);
  }
}

const logFile = path.resolve('test-results/every-page.jsonl');
fs.mkdirSync(path.dirname(logFile), { recursive: true });
fs.writeFileSync(logFile, '');
/** What each page took and showed, one JSON line per page, for the report. */
const log = (entry: object) => fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);

const slug = (path: string) => (path === '/' ? 'accueil' : path.replace(/^\//, '').replace(/\//g, '-'));

async function navPaths(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  await nav.locator('a').first().waitFor({ state: 'attached' });
  const hrefs = await nav.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  // The menu the server gives (`/auth/me`): an entry it offers and the page lacks is walked too.
  const res = await page.request.get(`${server.url}/api/v1/auth/me`);
  const offered = ((await res.json()) as { navigation: string[] }).navigation;
  return [...new Set([...hrefs, ...offered, '/compte'])];
}

/** How many « SÉCURITÉ — Accès refusé » entries the audit log holds (read by the administrator). */
async function deniedCount(): Promise<number> {
  const res = await admin.request.get(`${server.url}/api/v1/audit-log?action=permission.denied&limit=200`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

/** The first record of each list the role's menu offers (a client, a ticket, an intervention). */
async function firstRecords(page: Page, menu: string[]): Promise<string[]> {
  const records: string[] = [];
  for (const list of ['/clients', '/tickets', '/interventions']) {
    if (!menu.includes(list)) continue;
    const res = await page.request.get(`${server.url}/api/v1${list}?limit=1`);
    expect(res.status(), list).toBe(200);
    const first = ((await res.json()) as { items: { id: string }[] }).items[0];
    if (first) records.push(`${list}/${first.id}`);
  }
  return records;
}

/** Opens `to` as the user does: a menu entry (the phone's menu opened first), « Mon compte », or a record by its address. */
async function go(page: Page, to: string, viewport: 'desktop' | 'phone', inMenu: boolean) {
  const menuLink = () =>
    page.getByRole('navigation', { name: 'Navigation principale' }).locator(`a[href="${to}"]`);
  if (!inMenu) await page.goto(`${server.url}${to}`);
  else if (viewport === 'phone') {
    if (to === '/compte') await page.goto(`${server.url}/compte`);
    else {
      await page.getByRole('button', { name: 'Ouvrir le menu' }).click();
      await menuLink().click();
    }
  } else if (to === '/compte') {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Mon compte' }).click();
  } else await menuLink().click();
  await page.waitForURL((u) => u.pathname === to || u.pathname.startsWith(`${to}/`));
}

async function browse(ctx: BrowserContext, account: Account, viewport: 'desktop' | 'phone') {
  // The administrator walks in the session that reads the audit log (one login less).
  const page = account.role === 'admin' && viewport === 'desktop' ? admin : await ctx.newPage();
  const state = watch(page);
  if (page !== admin) await login(page, server.url, account.email);
  await settle(page, state);
  const denied = await deniedCount();
  const paths = await navPaths(page);
  // The records on a desktop: the phone walks the menu.
  const records = viewport === 'desktop' ? await firstRecords(page, paths) : [];
  for (const to of [...paths, ...records]) {
    const start = Date.now();
    state.errors.length = 0;
    state.failed.length = 0;
    await go(page, to, viewport, !records.includes(to));
    await settle(page, state);
    const settled = Date.now();
    const refused = await page.getByRole('heading', { name: 'Accès refusé' }).count();
    const problems: Problem[] = [
      ...state.errors.map((detail) => ({ kind: 'console' as const, detail })),
      ...state.failed.map((detail) => ({ kind: 'http' as const, detail })),
      ...(refused ? [{ kind: 'refused' as const, detail: 'la page affiche « Accès refusé »' }] : []),
      ...(await pageProblems(page)),
    ];
    const checked = Date.now();
    for (const p of problems) seen.push({ ...p, role: account.role, viewport, page: to });
    await shot(page, `every-page-${account.role}-${viewport}-${slug(to)}`, { fullPage: false });
    log({
      role: account.role,
      viewport,
      to,
      opened: settled - start,
      checked: checked - settled,
      shot: Date.now() - checked,
      problems,
    });
  }
  // Not one refused call written to the audit log by the walk (the web app asks only what it may).
  const after = await deniedCount();
  if (after !== denied) {
    const detail = `${after - denied} nouvelle(s) entrée(s) « Accès refusé » au journal`;
    seen.push({ kind: 'audit', detail, role: account.role, viewport, page: '*' });
  }
  if (page !== admin) await page.close();
  return paths;
}

function unknownProblems(role: string, viewport: string) {
  return seen
    .filter((p) => p.role === role && p.viewport === viewport && !known(p))
    .map((p) => `${p.page} [${p.kind}] ${p.detail}`);
}

describe('every role opens every page of its navigation, from one address, without a problem', () => {
  for (const account of accounts) {
    it(`${account.email} on a desktop`, async () => {
      const ctx = await browser.newContext({
        viewport: desktop,
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
      });
      const paths = await browse(ctx, account, 'desktop');
      await ctx.close();
      expect(paths.length).toBeGreaterThan(2);
      expect(unknownProblems(account.role, 'desktop')).toEqual([]);
    }, 300_000);
  }
  for (const account of accounts.filter((a) => a.phone)) {
    it(`${account.email} on a phone`, async () => {
      const ctx = await browser.newContext({
        viewport: phone,
        isMobile: true,
        hasTouch: true,
        locale: 'fr-FR',
        timezoneId: 'Europe/Paris',
      });
      await browse(ctx, account, 'phone');
      await ctx.close();
      expect(unknownProblems(account.role, 'phone')).toEqual([]);
    }, 300_000);
  }

  it('never met a 429 (counted above), at a pace of many colleagues behind one address', () => {
    const perMinute = Math.max(
      ...apiCalls.map((t) => apiCalls.filter((u) => u >= t && u < t + 60_000).length),
    );
    console.log(`API requests: ${apiCalls.length} in all, at most ${perMinute} in one minute`);
    expect(seen.filter((p) => p.kind === 'http' && p.detail.startsWith('429'))).toEqual([]);
  });
});

/** Opens a page by its address and lets its requests settle. */
async function open(page: Page, state: ReturnType<typeof watch>, to: string) {
  await page.goto(`${server.url}${to}`);
  await settle(page, state);
}

const refusedOf = (state: ReturnType<typeof watch>) => state.failed.filter((f) => f.startsWith('403 '));

describe('rights in the web app (issue 15 items 7 and 8)', () => {
  it('ADV and commercial read tickets: no « Nouveau ticket », no call to /tickets/assignees, no audit entry', async () => {
    for (const email of ['adv@relais.test', 'commercial@relais.test']) {
      const page = await browser.newPage({ viewport: desktop });
      const state = watch(page);
      await login(page, server.url, email);
      const before = await deniedCount();
      await open(page, state, '/tickets');
      await page.getByRole('heading', { name: 'Tickets' }).waitFor();
      await page.locator('[data-ticket]').first().waitFor();
      expect(await page.getByRole('link', { name: 'Nouveau ticket' }).count()).toBe(0);
      // Read-only: no selection for bulk changes.
      expect(await page.getByRole('checkbox', { name: /^Sélectionner/ }).count()).toBe(0);
      // A ticket's page: no assignment controls, and still no call to the assignees.
      await page.locator('[data-ticket] a').first().click();
      await page.getByText('Conversation').waitFor();
      await settle(page, state);
      expect(await page.getByRole('button', { name: 'Escalader' }).count()).toBe(0);
      expect(state.asked).not.toContain('/api/v1/tickets/assignees');
      expect(refusedOf(state)).toEqual([]);
      expect(await deniedCount()).toBe(before);
      if (email.startsWith('adv')) {
        await page.goto(`${server.url}/tickets`);
        await page.locator('[data-ticket]').first().waitFor();
        await shot(page, 'abilities-tickets-readonly-desktop');
        await page.setViewportSize(phone);
        await page.waitForTimeout(500); // the menu slides away
        await shot(page, 'abilities-tickets-readonly-phone', { fullPage: false });
        await page.setViewportSize(desktop);
      }
      // The form itself, typed in the address bar: refused before anything is filled or asked.
      await open(page, state, '/compte');
      const atForm = state.asked.length;
      await open(page, state, '/tickets/nouveau');
      await page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
      expect(await page.getByLabel('Objet').count()).toBe(0);
      expect(state.asked.slice(atForm).filter((p) => p.startsWith('/api/v1/tickets'))).toEqual([]);
      if (email.startsWith('adv')) {
        await shot(page, 'abilities-refused-desktop');
        await page.setViewportSize(phone);
        await page.waitForTimeout(500); // the menu slides away
        await shot(page, 'abilities-refused-phone');
      }
      expect(refusedOf(state)).toEqual([]);
      expect(await deniedCount()).toBe(before);
      await page.close();
    }
  });

  it('compta has no tickets: the tickets page says « Accès refusé » without asking the API', async () => {
    const page = await browser.newPage({ viewport: desktop });
    const state = watch(page);
    await login(page, server.url, 'compta@relais.test');
    const before = await deniedCount();
    await open(page, state, '/tickets');
    await page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
    await page.getByText('Vos droits ne permettent pas d’ouvrir cette page.', { exact: false }).waitFor();
    for (const to of ['/planning', '/interventions/nouvelle', '/admin/journal']) {
      await open(page, state, to);
      await page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
    }
    // The way back works.
    await page.getByRole('link', { name: 'Retour à l’accueil' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(refusedOf(state)).toEqual([]);
    expect(state.asked.filter((p) => p.startsWith('/api/v1/tickets'))).toEqual([]);
    expect(await deniedCount()).toBe(before);
    await page.close();
  });
});

const tooMany = {
  status: 429,
  contentType: 'application/json',
  headers: { 'retry-after': '30' },
  body: JSON.stringify({
    error: { code: 'rate_limited', message: 'Trop de requêtes. Patientez un instant puis réessayez.' },
  }),
};

describe('static files and the answer to too many requests', () => {
  it('serves the built files from the cache on a repeat visit', async () => {
    // A technician (the offline field app) gets the service worker: the files come from it.
    const ctx = await browser.newContext({ viewport: desktop });
    const page = await ctx.newPage();
    await login(page, server.url, 'tech.terrain@relais.test');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const assets: Response[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/assets/')) assets.push(r);
    });
    await page.reload();
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.filter((r) => !r.fromServiceWorker()).map((r) => r.url())).toEqual([]);
    // Without the service worker, the browser keeps them for a year (hashed names).
    expect(await assets[0]!.headerValue('cache-control')).toBe('public, max-age=31536000, immutable');
    await ctx.close();
  });

  it('serves them from the browser cache to staff, who get no service worker', async () => {
    const ctx = await browser.newContext({ viewport: desktop });
    const page = await ctx.newPage();
    await login(page, server.url, 'support@relais.test');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(
      0,
    );
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    const asked = new Set<string>();
    const cached = new Set<string>();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (new URL(e.request.url).pathname.startsWith('/assets/')) asked.add(e.requestId);
    });
    cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
    cdp.on('Network.responseReceived', (e) => {
      if (e.response.fromDiskCache) cached.add(e.requestId);
    });
    // A new visit of the same page (not a reload, which revalidates): every built file it needs
    // comes from the cache.
    await page.goto(page.url());
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
    expect(asked.size).toBeGreaterThan(0);
    expect([...asked].filter((id) => !cached.has(id))).toEqual([]);
    await ctx.close();
  });

  it('a 429 on a list or on the session shows a French message, never a broken page', async () => {
    // Without the service worker, which fetches `/auth/me` itself (out of the page's reach).
    const ctx = await browser.newContext({ viewport: desktop, serviceWorkers: 'block' });
    const page = await ctx.newPage();
    const state = watch(page);
    await login(page, server.url, 'commercial@relais.test');
    // A page's list refused.
    const clientList = (u: URL) => u.pathname === '/api/v1/clients';
    await page.route(clientList, (route) => route.fulfill(tooMany));
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Clients' })
      .click();
    await page.getByText('Trop de requêtes. Patientez un instant puis réessayez.').first().waitFor();
    // The frame stays: the user can go elsewhere.
    expect(await page.getByRole('navigation', { name: 'Navigation principale' }).isVisible()).toBe(true);
    await shot(page, 'every-page-429-list', { fullPage: false });
    expect(textProblems(await page.locator('body').innerText())).toEqual([]);
    await page.unroute(clientList);

    // The session itself refused when the app starts: a French page with « Réessayer ».
    const session = (u: URL) => u.pathname === '/api/v1/auth/me';
    await page.route(session, (route) => route.fulfill(tooMany));
    await page.goto(`${server.url}/techniciens`);
    await page.getByText('Trop de requêtes. Patientez un instant puis réessayez.').waitFor();
    await shot(page, 'every-page-429-session', { fullPage: false });
    expect(textProblems(await page.locator('body').innerText())).toEqual([]);
    await page.unroute(session);
    await page.getByRole('button', { name: 'Réessayer' }).click();
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
    // The router reports the refused session in the console, with the API's French message.
    expect(state.errors.filter((e) => !e.includes('Trop de requêtes'))).toEqual([]);
    expect(state.failed.filter((f) => !f.startsWith('429'))).toEqual([]);
    await ctx.close();
  });
});
