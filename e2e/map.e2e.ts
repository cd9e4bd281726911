import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

function api(request: APIRequestContext) {
  const headers = { 'x-relais-csrf': '1', origin: baseUrl };
  const check = async (res: Awaited<ReturnType<APIRequestContext['get']>>, ok: number[]) => {
    expect(ok, await res.text()).toContain(res.status());
    return res.status() === 204 ? undefined : await res.json();
  };
  return {
    get: async <T>(p: string) => (await check(await request.get(`${baseUrl}/api/v1${p}`), [200])) as T,
    put: async <T>(p: string, data: unknown) =>
      (await check(await request.put(`${baseUrl}/api/v1${p}`, { headers, data }), [200])) as T,
    patch: async <T>(p: string, data: unknown) =>
      (await check(await request.patch(`${baseUrl}/api/v1${p}`, { headers, data }), [200])) as T,
    post: async <T>(p: string, data: unknown) =>
      (await check(await request.post(`${baseUrl}/api/v1${p}`, { headers, data }), [200, 201])) as T,
  };
}

type Stats = { ready: boolean; zoom: number; clusters: number; points: number; technicians: number };
/** What the map says it drew (data attributes the map view keeps on its container). */
const stats = (page: Page): Promise<Stats> =>
  page.locator('.leaflet-container').evaluate((el: HTMLElement) => ({
    ready: el.dataset.ready === 'true',
    zoom: Number(el.dataset.zoom ?? -1),
    clusters: Number(el.dataset.clusters ?? 0),
    points: Number(el.dataset.points ?? 0),
    technicians: Number(el.dataset.technicians ?? 0),
  }));
const markers = async (page: Page) => {
  const s = await stats(page);
  return s.clusters + s.points;
};

/** Where a position is in the page, from the map's centre and zoom (Web Mercator, 256 px tiles). */
async function pixelOf(page: Page, at: { lat: number; lon: number }) {
  const el = page.locator('.leaflet-container');
  const box = (await el.boundingBox())!;
  const { zoom, center } = await el.evaluate((e: HTMLElement) => ({
    zoom: Number(e.dataset.zoom),
    center: (e.dataset.center ?? '0,0').split(',').map(Number) as [number, number],
  }));
  const project = (lat: number, lon: number) => {
    const scale = 256 * 2 ** zoom;
    const s = Math.sin((lat * Math.PI) / 180);
    return { x: (scale * (lon + 180)) / 360, y: scale * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) };
  };
  const c = project(center[0], center[1]);
  const p = project(at.lat, at.lon);
  return { x: box.x + box.width / 2 + (p.x - c.x), y: box.y + box.height / 2 + (p.y - c.y) };
}

/** The first marker of `selector` not covered by another one (layers may overlap). */
async function uncovered(page: Page, selector: string) {
  const index = await page.evaluate((sel) => {
    const els = [...document.querySelectorAll<HTMLElement>(sel)];
    return els.findIndex((el) => {
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return hit !== null && el.contains(hit);
    });
  }, selector);
  expect(index).toBeGreaterThanOrEqual(0);
  return page.locator(selector).nth(index);
}

async function openMap(page: Page) {
  await page.goto(`${baseUrl}/carte`);
  await page.locator('.leaflet-container[data-ready="true"]').waitFor({ timeout: 30_000 });
}

const allWeek = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '23:59']]]),
);

describe('France map', () => {
  it('staff: layers toggle, a cluster expands, a click opens the card, a live position moves the marker', async () => {
    const ctx = await browser.newContext({ viewport: desktop, locale: 'fr-FR' });
    const page = await ctx.newPage();
    await login(page, baseUrl, 'admin@relais.test');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Carte', exact: true })
      .click();
    await page.locator('.leaflet-container[data-ready="true"]').waitFor({ timeout: 30_000 });
    // The offline outline of France is drawn (no tile server configured).
    expect(await page.locator('.leaflet-overlay-pane canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    const first = await stats(page);
    expect(first.technicians).toBeGreaterThanOrEqual(10);
    expect(first.clusters + first.points).toBeGreaterThan(0);
    for (const layer of ['technicians', 'sites', 'tickets', 'interventions'])
      expect(await page.getByTestId(`layer-count-${layer}`).innerText()).not.toBe('—');
    await shot(page, 'map-desktop', { fullPage: false });

    // Layers: sites off → fewer markers; technicians off → no badge; back on.
    const withSites = await markers(page);
    await page.getByTestId('layer-sites').click();
    await page.waitForURL((u) => u.searchParams.get('layers')?.includes('sites') === false);
    await expect.poll(() => markers(page)).toBeLessThan(withSites);
    await page.getByTestId('layer-technicians').click();
    await expect.poll(() => page.locator('.relais-tech').count()).toBe(0);
    await page.getByTestId('layer-sites').click();
    await expect.poll(() => markers(page)).toBe(withSites);
    // Installations are off by default; on, they add their count.
    expect(await page.getByTestId('layer-count-installations').innerText()).toBe('—');
    await page.getByTestId('layer-installations').click();
    await expect.poll(() => page.getByTestId('layer-count-installations').innerText()).not.toBe('—');
    await page.getByTestId('layer-installations').click();

    // A cluster expands (technicians still hidden, so no badge covers it): the map zooms in.
    await expect.poll(() => markers(page)).toBe(withSites);
    const z0 = (await stats(page)).zoom;
    const cluster = await uncovered(page, '.relais-cluster-sites');
    const count = Number((await cluster.innerText()).replace(/\D/g, '')) || 0;
    expect(count).toBeGreaterThan(1);
    await cluster.click();
    await expect.poll(async () => (await stats(page)).zoom).toBeGreaterThan(z0);
    await shot(page, 'map-cluster-expanded-desktop', { fullPage: false });
    await page.getByTestId('layer-technicians').click();
    await expect.poll(() => page.locator('.relais-tech').count()).toBe(first.technicians);

    // A click on a technician opens his card, with a link to his profile.
    const admin = api(page.request);
    const techs = await admin.get<{ items: { id: string; name: string }[] }>('/technicians?q=Thomas');
    const thomas = techs.items.find((t) => t.name === 'Thomas Terrain')!;
    await openMap(page);
    const badge = page.locator(`[data-technician-id="${thomas.id}"]`);
    await badge.click();
    const card = page.getByTestId('map-card');
    await card.getByText('Thomas Terrain').first().waitFor();
    const link = card.getByRole('link').first();
    expect(await link.getAttribute('href')).toMatch(/^\/techniciens\//);
    await shot(page, 'map-card-desktop', { fullPage: false });
    await card.getByRole('button', { name: 'Fermer la fiche' }).click();

    // Live: Thomas (on duty all week for this test, sharing on) sends a position from Toulouse; his
    // badge moves from Villeurbanne without the page reloading.
    const before = await admin.get<{ workingHours: unknown }>(`/technicians/${thomas.id}`);
    await admin.patch(`/technicians/${thomas.id}`, { workingHours: allWeek });
    const techCtx = await browser.newContext({ viewport: phone, locale: 'fr-FR' });
    const techPage = await techCtx.newPage();
    await login(techPage, baseUrl, 'tech.terrain@relais.test');
    const tech = api(techPage.request);
    try {
      await tech.put('/technicians/me/position-sharing', { enabled: true });
      await page.evaluate(() => {
        (window as { __sameDocument?: boolean }).__sameDocument = true;
      });
      const from = (await badge.boundingBox())!;
      await tech.post('/technicians/me/positions', { latitude: 43.6045, longitude: 1.4442, accuracy: 15 });
      await expect
        .poll(async () => (await badge.boundingBox())!.x, { timeout: 15_000 })
        .toBeLessThan(from.x - 50);
      const to = (await badge.boundingBox())!;
      expect(to.y).toBeGreaterThan(from.y + 50); // south as well
      expect(await badge.getAttribute('class')).toContain('relais-tech-live');
      expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      await shot(page, 'map-live-position-desktop', { fullPage: false });

      // A new ticket shows up on the map (tickets layer refetched on `ticket.changed`), no reload.
      const ticketsBefore = Number(
        (await page.getByTestId('layer-count-tickets').innerText()).replace(/\D/g, ''),
      );
      // The layers carry no ids: what stands at the first site's spot, as a click asks it.
      const sites = await admin.get<{ sites: { lat: number[]; lon: number[] } }>('/map/points?layers=sites');
      const there = await admin.get<{ items: { id: string; links: { href: string }[] }[] }>(
        `/map/cards/sites/at?lat=${sites.sites.lat[0]}&lon=${sites.sites.lon[0]}`,
      );
      const siteCard = there.items[0]!;
      const clientId = siteCard.links.map((l) => l.href.match(/^\/clients\/([^/?#]+)/)?.[1]).find(Boolean)!;
      await admin.post('/tickets', {
        clientId,
        siteId: siteCard.id,
        type: 'incident',
        priority: 'P2',
        subject: `Panne vue sur la carte ${Date.now()}`,
      });
      await expect
        .poll(
          async () => Number((await page.getByTestId('layer-count-tickets').innerText()).replace(/\D/g, '')),
          {
            timeout: 15_000,
          },
        )
        .toBe(ticketsBefore + 1);
      expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    } finally {
      await tech.put('/technicians/me/position-sharing', { enabled: false });
      await admin.patch(`/technicians/${thomas.id}`, { workingHours: before.workingHours });
      await techCtx.close();
    }
    await ctx.close();
  });

  it('ticket card: « Techniciens proches » lists the closest available technicians with their distance', async () => {
    const ctx = await browser.newContext({ viewport: desktop, locale: 'fr-FR' });
    const page = await ctx.newPage();
    await login(page, baseUrl, 'admin@relais.test');
    const admin = api(page.request);
    const points = await admin.get<{ tickets: { lat: number[]; lon: number[] } }>(
      '/map/points?layers=tickets',
    );
    expect(points.tickets.lat.length).toBeGreaterThan(0);
    // The spot holding the most open tickets (several tickets of one site → a list in the card).
    const perSpot = new Map<string, { lat: number; lon: number; n: number }>();
    points.tickets.lat.forEach((lat, i) => {
      const lon = points.tickets.lon[i]!;
      const spot = perSpot.get(`${lat},${lon}`) ?? { lat, lon, n: 0 };
      spot.n++;
      perSpot.set(`${lat},${lon}`, spot);
    });
    const busiest = [...perSpot.values()].sort((a, b) => b.n - a.n)[0]!;
    const target = { lat: busiest.lat, lon: busiest.lon };
    if (busiest.n === 1) {
      // A second ticket for the same client and site as the one standing there (a ticket without
      // site stands at its client's first placed site): the card must then offer a list.
      const card = (
        await admin.get<{ items: { id: string }[] }>(
          `/map/cards/tickets/at?lat=${target.lat}&lon=${target.lon}`,
        )
      ).items[0]!;
      const first = await admin.get<{ clientId: string; siteId: string | null }>(`/tickets/${card.id}`);
      await admin.post('/tickets', {
        clientId: first.clientId,
        siteId: first.siteId,
        type: 'incident',
        priority: 'P3',
        subject: `Deuxième panne au même endroit ${Date.now()}`,
      });
      busiest.n = 2;
    }
    await page.goto(`${baseUrl}/carte?layers=tickets`);
    await page.locator('.leaflet-container[data-ready="true"]').waitFor({ timeout: 30_000 });
    // Zoom in with the wheel over the spot, then click it: its two tickets never split, so their
    // cluster opens the card (a click on a cluster mixing other places zooms on: click again).
    for (let i = 0; i < 12 && (await stats(page)).zoom < 15; i++) {
      const p = await pixelOf(page, target);
      await page.mouse.move(p.x, p.y);
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(400);
    }
    expect((await stats(page)).zoom).toBeGreaterThanOrEqual(12);
    const card = page.getByTestId('map-card');
    for (let i = 0; i < 5 && !(await card.isVisible()); i++) {
      const p = await pixelOf(page, target);
      await page.mouse.click(p.x, p.y);
      await page.waitForTimeout(700);
    }
    await card.getByText('Tickets ouverts').waitFor();
    {
      // Several tickets there: a short list, each opening its card, and back to the list.
      const list = card.getByTestId('map-card-list');
      await list.waitFor();
      expect(await card.getByTestId('map-card-count').innerText()).toBe(`${busiest.n} à cet endroit`);
      expect(await list.getByRole('button').count()).toBe(Math.min(busiest.n, 20));
      await shot(page, 'map-ticket-list-desktop', { fullPage: false });
      const first = await list.getByRole('button').first().getAttribute('aria-label');
      await list.getByRole('button').first().click();
      await card.getByRole('button', { name: /Retour à la liste/ }).click();
      await list.getByRole('button', { name: first!, exact: true }).click();
    }
    expect(await card.getByRole('link').first().getAttribute('href')).toMatch(/^\/tickets\//);
    await card.getByRole('button', { name: 'Techniciens proches' }).click();
    const near = card.getByTestId('nearby-technicians');
    await near.waitFor();
    const text = await near.innerText();
    // Either ranked technicians with their distance, or the French explanation that none is available.
    expect(text).toMatch(/\d+(,\d)? km \((position|domicile)\)|Aucun technicien disponible/);
    await shot(page, 'map-ticket-nearby-desktop', { fullPage: false });
    await ctx.close();
  });

  it('partner: its sites and tickets, never the technicians layer', async () => {
    const ctx = await browser.newContext({ viewport: desktop, locale: 'fr-FR' });
    const page = await ctx.newPage();
    await login(page, baseUrl, 'partenaire@relais.test');
    await openMap(page);
    expect(await page.getByTestId('layer-technicians').count()).toBe(0);
    expect(await page.locator('.relais-tech').count()).toBe(0);
    expect((await stats(page)).technicians).toBe(0);
    await page.getByTestId('layer-sites').waitFor();
    expect(await markers(page)).toBeGreaterThan(0);
    // Staff-only filters are not offered to a partner.
    expect(await page.getByLabel('Partenaire').count()).toBe(0);
    expect(await page.getByLabel('Compétence').count()).toBe(0);
    await shot(page, 'map-partner-desktop', { fullPage: false });
    await ctx.close();
  });

  it('phone: the panel is a drawer, clusters and cards stay usable', async () => {
    const ctx = await browser.newContext({
      viewport: phone,
      locale: 'fr-FR',
      hasTouch: true,
      isMobile: true,
    });
    const page = await ctx.newPage();
    await login(page, baseUrl, 'adv@relais.test');
    await openMap(page);
    // France fills the narrow map: zoomed in beyond the minimum, and markers are drawn.
    expect((await stats(page)).zoom).toBeGreaterThanOrEqual(4);
    expect(await markers(page)).toBeGreaterThan(0);
    await shot(page, 'map-phone', { fullPage: false });
    // A technician's card.
    await (await uncovered(page, '.relais-tech')).tap();
    const card = page.getByTestId('map-card');
    await card.getByRole('link').first().waitFor();
    await shot(page, 'map-phone-card', { fullPage: false });
    await card.getByRole('button', { name: 'Fermer la fiche' }).tap();
    // The panel is a bottom drawer above the map; technicians off, then a cluster expands.
    await page.getByRole('button', { name: 'Calques et filtres' }).tap();
    const drawer = page.getByRole('dialog', { name: 'Calques et filtres' });
    await drawer.getByText('Tickets ouverts', { exact: true }).waitFor();
    await page.waitForTimeout(400); // the drawer's slide-in
    await shot(page, 'map-phone-panel', { fullPage: false });
    await drawer.getByTestId('layer-technicians').tap();
    await expect.poll(() => page.locator('.relais-tech').count()).toBe(0);
    await drawer.getByRole('button', { name: 'Fermer' }).tap();
    await drawer.waitFor({ state: 'hidden' });
    const z0 = (await stats(page)).zoom;
    await (await uncovered(page, '.relais-cluster')).tap();
    await expect.poll(async () => (await stats(page)).zoom).toBeGreaterThan(z0);
    await shot(page, 'map-phone-cluster', { fullPage: false });
    await ctx.close();
  });
});
