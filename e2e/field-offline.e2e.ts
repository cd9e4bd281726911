import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpReceiver } from '../src/server/test/smtp.ts';
import { launch, login, phone } from './browser.ts';
import { startServer } from './server.ts';

/**
 * The technician's phone without network: he checks in, writes the report, gets the client's
 * signature and finishes offline; back online, the queue syncs once and the PV is emailed once.
 */
const desktop = { width: 1280, height: 800 };
const shotsDir = process.env.SHOTS_DIR ?? '/tmp/shots-h3';
const smtp = smtpReceiver();
let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

async function shot(page: Page, name: string) {
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

/** An API session from the test itself (no browser). */
async function apiSession(baseUrl: string, email: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo-relais-2026' }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async (method: string, p: string, body?: unknown) => {
    const r = await fetch(`${baseUrl}/api/v1${p}`, {
      method,
      headers: {
        cookie,
        'x-relais-csrf': '1',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  };
}

const until = async <T>(fn: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 200));
  }
};

beforeAll(async () => {
  const port = await smtp.listen();
  server = await startServer({
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    SMTP_URL: `smtp://127.0.0.1:${port}`,
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp.close();
});

/**
 * ADV plans an intervention today (or tomorrow) at a new site of a demo client, for tech.terrain;
 * `inDays` plans it that many days ahead instead.
 */
async function planIntervention(contactEmail: string, inDays?: number) {
  const adv = await apiSession(server.url, 'adv@relais.test');
  const tech = await apiSession(server.url, 'tech.terrain@relais.test');
  const techMe = await tech('GET', '/technicians/me');
  // A direct client of the Lyon area (the new site is in Lyon, in Thomas Terrain's zone).
  const { items } = await adv('GET', '/clients?limit=200&status=actif');
  type Row = { partnerId: string | null; postalCode: string | null };
  const direct = items.filter((c: Row) => !c.partnerId);
  const client = direct.find((c: Row) => c.postalCode?.startsWith('69')) ?? direct[0] ?? items[0];
  const site = await adv('POST', `/clients/${client.id}/sites`, {
    name: 'Agence Presqu’île',
    addressLine: '12 rue de la République',
    postalCode: '69002',
    city: 'Lyon',
    accessInstructions: 'Badge à l’accueil, local technique au sous-sol.',
  });
  const contact = await adv('POST', `/clients/${client.id}/contacts`, {
    firstName: 'Élodie',
    lastName: 'Réception',
    email: contactEmail,
    mobile: '06 12 34 56 78',
  });
  const created = await adv('POST', '/interventions', {
    clientId: client.id,
    siteId: site.id,
    contactId: contact.id,
    kind: 'installation',
    title: 'Installation IPBX et 8 postes',
    plannedMinutes: 60,
    checklist: [{ label: 'Alimentation vérifiée' }, { label: 'Appels entrants testés' }],
  });
  // 09:00 Paris today, else tomorrow: the phone lists both days.
  const paris = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
  const today = paris(new Date(Date.now() + (inDays ?? 0) * 24 * 3600_000));
  const tomorrow = paris(new Date(Date.now() + ((inDays ?? 0) + 1) * 24 * 3600_000));
  let scheduled: { id: string } | null = null;
  for (const day of [today, tomorrow]) {
    try {
      scheduled = await adv('PUT', `/interventions/${created.id}/schedule`, {
        technicianIds: [techMe.id],
        plannedStart: new Date(`${day}T09:00:00+01:00`).toISOString(),
        plannedMinutes: 60,
        version: created.version,
        overrideReason: 'Parcours de test du téléphone',
      });
      break;
    } catch (e) {
      if (day === tomorrow) throw e;
    }
  }
  return { id: scheduled!.id ?? created.id, number: created.number as string, client, tech };
}

/** The day is listed and synchronised, and the service worker holds the app shell: ready to go offline. */
async function readyOffline(page: Page, item: ReturnType<Page['locator']>, name: string) {
  await item.waitFor();
  await page.getByTestId('sync-banner').getByText('Synchronisé').waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await shot(page, name);
}

/** A phone in Paris with its service worker. */
const phoneWithWorker = {
  viewport: phone,
  locale: 'fr-FR',
  timezoneId: 'Europe/Paris',
  hasTouch: true,
  serviceWorkers: 'allow',
} as const;

describe('the technician’s phone offline', () => {
  it('checks in, reports, gets the signature and finishes offline; syncs once, PV emailed once', async () => {
    const contactEmail = `elodie.${Date.now()}@client.test`;
    const { id, number, client, tech } = await planIntervention(contactEmail);

    const ctx = await browser.newContext({
      ...phoneWithWorker,
      permissions: ['geolocation'],
      geolocation: { latitude: 45.7597, longitude: 4.8422 },
    });
    const page = await ctx.newPage();
    await login(page, server.url, 'tech.terrain@relais.test');
    await page.goto(`${server.url}/terrain`);
    const item = page.getByTestId('field-item').filter({ hasText: client.name }).first();
    await readyOffline(page, item, 'field-list-phone');

    await item.click();
    await page.getByRole('button', { name: 'Arrivé sur site' }).waitFor();
    await shot(page, 'field-detail-phone');

    await ctx.setOffline(true);
    await page.getByRole('button', { name: 'Arrivé sur site' }).click();
    await page.getByTestId('sync-banner').getByText('Hors ligne — 1 opération en attente').waitFor();
    await page.getByLabel('Alimentation vérifiée').check();
    await page
      .getByLabel('Compte rendu')
      .fill('IPBX installé, 8 postes raccordés, appels entrants et sortants testés.');
    await page.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await page.getByTestId('sync-banner').getByText('Hors ligne — 2 opérations en attente').waitFor();
    // A photo from the camera, resized on the phone and queued.
    await page.getByTestId('photo-input').setInputFiles('src/web/public/icons/icon-512.png');
    await page.getByTestId('sync-banner').getByText('Hors ligne — 3 opérations en attente').waitFor();
    await page.getByText('1 photo (dont en attente d’envoi).').waitFor();

    await page.getByLabel('Nom du signataire').fill('Élodie Réception');
    const canvas = page.getByTestId('signature-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + 120);
    await page.mouse.down();
    for (const [x, y] of [
      [70, 60],
      [110, 130],
      [160, 50],
      [210, 120],
      [260, 70],
    ] as const)
      await page.mouse.move(box.x + x, box.y + y, { steps: 6 });
    await page.mouse.up();
    await shot(page, 'field-signature-phone');
    await page.getByRole('button', { name: 'Valider la signature' }).click();
    await page.getByText('Signé par').waitFor();
    await page.getByRole('button', { name: 'Terminer l’intervention' }).click();
    const banner = page.getByTestId('sync-banner');
    await banner.getByText('Hors ligne — 5 opérations en attente').waitFor();
    await page.getByText('Intervention terminée.').waitFor();
    await shot(page, 'field-offline-pending-phone');

    // Still offline, the app opens again from the service worker and IndexedDB.
    await page.goto(`${server.url}/terrain`);
    await page.getByTestId('field-item').filter({ hasText: client.name }).first().waitFor();
    await banner.getByText('Hors ligne — 5 opérations en attente').waitFor();
    await shot(page, 'field-offline-reopened-phone');
    expect((await tech('GET', `/me/interventions/${id}`)).status).not.toBe('terminee');

    await ctx.setOffline(false);
    await banner.getByText('Synchronisé').waitFor({ timeout: 45_000 });
    expect(await banner.getAttribute('data-pending')).toBe('0');
    await shot(page, 'field-synced-phone');

    const after = await tech('GET', `/me/interventions/${id}`);
    expect(after.status).toBe('terminee');
    expect(after.signature.signedByName).toBe('Élodie Réception');
    expect(after.report).toContain('8 postes raccordés');
    expect(after.checklist[0]).toEqual({ label: 'Alimentation vérifiée', done: true });
    expect(after.photos).toHaveLength(1);
    const withPv = await until(async () => {
      const r = await tech('GET', `/me/interventions/${id}`);
      return r.pvFileId ? r : undefined;
    });
    expect(withPv.pvFileId).toBeTruthy();

    // The contact also got « Intervention programmée » when it was planned: the PV is the one with a PDF.
    const pvMails = () =>
      smtp.received.filter((m) => m.to === contactEmail && m.raw.includes('Content-Type: application/pdf'));
    const mail = await until(() => pvMails()[0]);
    expect(mail.raw).toContain(`PV-${number}.pdf`);
    // Replays cannot send it again: wait a little, still one email.
    await new Promise((r) => setTimeout(r, 3000));
    expect(pvMails()).toHaveLength(1);

    await page.getByTestId('field-item').filter({ hasText: client.name }).first().click();
    await page.getByText('Télécharger le procès-verbal de recette').waitFor({ timeout: 30_000 });
    await shot(page, 'field-done-phone');

    // Logging out leaves nothing of this technician on the phone: neither the service worker's
    // copy of /auth/me nor the offline day.
    const kept = () =>
      page.evaluate(async () => {
        const me = await (await caches.open('relais-api')).match('/api/v1/auth/me');
        const days = await new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('relais-terrain');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('days').objectStore('days').count();
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => reject(count.error);
          };
        });
        return { me: Boolean(me), days };
      });
    expect(await kept()).toEqual({ me: true, days: 1 });
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion/);
    expect(await kept()).toEqual({ me: false, days: 0 });
    await ctx.close();

    const wide = await browser.newContext({ viewport: desktop, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const dpage = await wide.newPage();
    await login(dpage, server.url, 'tech.terrain@relais.test');
    await dpage.goto(`${server.url}/terrain`);
    await dpage.getByTestId('field-item').first().waitFor();
    await shot(dpage, 'field-list-desktop');
    await wide.close();
  });

  it('opens on « Ma journée » with the week ahead, photo thumbnails, a clear offline banner, a warning before « en route » another day (issue 15 item 20)', async () => {
    const { id, client, tech } = await planIntervention(`matin.${Date.now()}@client.test`, 3);
    const planned = await tech('GET', `/me/interventions/${id}`);
    const ctx = await browser.newContext(phoneWithWorker);
    const page = await ctx.newPage();
    await login(page, server.url, 'tech.terrain@relais.test');
    // The field technician lands on his day, not on the home page.
    await page.waitForURL(/\/terrain$/);
    await page.getByRole('heading', { name: 'Ma journée' }).waitFor();
    // Three or four days ahead is listed: the phone holds the next 7 days.
    const day = new Date(planned.plannedStart).toLocaleDateString('fr-FR', {
      timeZone: 'Europe/Paris',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    });
    await page.getByRole('heading', { name: day }).waitFor();
    const item = page.locator(`[data-testid="field-item"][href="/terrain/${id}"]`);
    await readyOffline(page, item, 'field-week-phone');
    expect(await item.innerText()).toContain(client.name);

    await item.click();
    await page.getByRole('button', { name: 'Je suis en route' }).click();
    const dialog = page.getByRole('dialog', { name: 'Intervention prévue un autre jour' });
    await dialog.waitFor();
    await shot(page, 'field-en-route-warning-phone');
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await tech('GET', `/me/interventions/${id}`)).status).not.toBe('en_route');

    await ctx.setOffline(true);
    await page.getByTestId('photo-input').setInputFiles('src/web/public/icons/icon-512.png');
    const banner = page.getByTestId('sync-banner');
    await banner.getByText('Hors ligne — 1 opération en attente').waitFor();
    const thumb = page.getByTestId('photo-thumbnails').getByRole('img').first();
    await thumb.waitFor();
    expect(await thumb.getAttribute('src')).toMatch(/^blob:/);
    expect(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The banner says what the date is: no fragment starting with « au ».
    const bannerText = (await banner.innerText()).replace(/\s+/g, ' ');
    expect(bannerText).toMatch(/^Hors ligne — 1 opération en attente Données du \d{1,2} \S+ à \d\d:\d\d$/);
    await shot(page, 'field-photo-offline-phone');

    await ctx.setOffline(false);
    await banner.getByText('Synchronisé').waitFor({ timeout: 45_000 });
    const sent = page.getByTestId('photo-thumbnails').getByRole('img').first();
    await until(async () => ((await sent.getAttribute('src')) ?? '').startsWith('/api/') || undefined);
    await until(
      () => sent.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0) || undefined,
    );
    await shot(page, 'field-photo-synced-phone');
    await ctx.close();
  });
  it('keeps the field app only for who uses it, after login: no service worker on the login page nor for support (issue 16 item 6)', async () => {
    const ctx = await browser.newContext(phoneWithWorker);
    const page = await ctx.newPage();
    const workers = () =>
      page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
    await page.goto(`${server.url}/connexion`);
    await page.getByLabel('Adresse e-mail').waitFor();
    await page.waitForTimeout(1000);
    expect(await workers()).toBe(0);
    await login(page, server.url, 'support@relais.test');
    await page.goto(`${server.url}/clients`);
    await page.getByTestId('client-row').first().waitFor();
    await page.waitForTimeout(1000);
    expect(await workers()).toBe(0);
    await ctx.close();
  });
});
