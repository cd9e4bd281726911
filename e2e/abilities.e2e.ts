import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';

/**
 * Issue 15 items 7 and 8: the web app shows only what the user's rights allow and never calls a
 * route they forbid — every refused call is a « SÉCURITÉ — Accès refusé » entry in the audit log.
 * A page a role cannot open shows « Accès refusé ».
 */

const baseUrl = inject('baseUrl');
let browser: Browser;
let admin: Page;
beforeAll(async () => {
  browser = await launch();
  admin = await browser.newPage({ viewport: desktop });
  await login(admin, baseUrl, 'admin@relais.test');
});
afterAll(() => browser?.close());

const roles = [
  'admin@relais.test',
  'support@relais.test',
  'commercial@relais.test',
  'adv@relais.test',
  'staging@relais.test',
  'tech.interne@relais.test',
  'tech.terrain@relais.test',
  'chef.projet@relais.test',
  'compta@relais.test',
  'partenaire@relais.test',
];

/** The API answers 403 to this page's requests (method, path), and every API path it asked for. */
function watch(page: Page) {
  const refused: string[] = [];
  const asked: string[] = [];
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith('/api/')) return;
    asked.push(url.pathname);
    if (r.status() === 403) refused.push(`${r.request().method()} ${url.pathname}`);
  });
  return { refused, asked };
}

/** How many « Accès refusé » security entries the audit log holds (read by the admin). */
async function deniedCount(): Promise<number> {
  const res = await admin.request.get(`${baseUrl}/api/v1/audit-log?action=permission.denied&limit=200`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

async function navigationOf(page: Page): Promise<string[]> {
  const res = await page.request.get(`${baseUrl}/api/v1/auth/me`);
  return ((await res.json()) as { navigation: string[] }).navigation;
}

/** Opens a page and lets its requests settle. */
async function open(page: Page, path: string) {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForLoadState('networkidle');
}

describe('rights in the web app (issue 15 items 7 and 8)', () => {
  it('ADV and commercial read tickets: no « Nouveau ticket », no call to /tickets/assignees, no audit entry', async () => {
    for (const email of ['adv@relais.test', 'commercial@relais.test']) {
      const page = await browser.newPage({ viewport: desktop });
      await login(page, baseUrl, email);
      const before = await deniedCount();
      const seen = watch(page);
      await open(page, '/tickets');
      await page.getByRole('heading', { name: 'Tickets' }).waitFor();
      await page.locator('[data-ticket]').first().waitFor();
      expect(await page.getByRole('link', { name: 'Nouveau ticket' }).count()).toBe(0);
      // Read-only: no selection for bulk changes.
      expect(await page.getByRole('checkbox', { name: /^Sélectionner/ }).count()).toBe(0);
      // A ticket's page: no assignment controls, and still no call to the assignees.
      await page.locator('[data-ticket] a').first().click();
      await page.getByText('Conversation').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('button', { name: 'Escalader' }).count()).toBe(0);
      expect(seen.asked).not.toContain('/api/v1/tickets/assignees');
      expect(seen.refused).toEqual([]);
      expect(await deniedCount()).toBe(before);
      if (email.startsWith('adv')) {
        await page.goto(`${baseUrl}/tickets`);
        await page.locator('[data-ticket]').first().waitFor();
        await shot(page, 'abilities-tickets-readonly-desktop');
        await page.setViewportSize(phone);
        await page.waitForTimeout(500); // the menu slides away
        await shot(page, 'abilities-tickets-readonly-phone', { fullPage: false });
        await page.setViewportSize(desktop);
      }
      // The form itself, typed in the address bar: refused before anything is filled or asked.
      await open(page, '/compte');
      const atForm = seen.asked.length;
      await open(page, '/tickets/nouveau');
      await page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
      expect(await page.getByLabel('Objet').count()).toBe(0);
      expect(seen.asked.slice(atForm).filter((p) => p.startsWith('/api/v1/tickets'))).toEqual([]);
      if (email.startsWith('adv')) {
        await shot(page, 'abilities-refused-desktop');
        await page.setViewportSize(phone);
        await page.waitForTimeout(500); // the menu slides away
        await shot(page, 'abilities-refused-phone');
      }
      expect(seen.refused).toEqual([]);
      expect(await deniedCount()).toBe(before);
      await page.close();
    }
  });

  it('compta has no tickets: the tickets page says « Accès refusé » without asking the API', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'compta@relais.test');
    const before = await deniedCount();
    const seen = watch(page);
    await open(page, '/tickets');
    await page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
    await page.getByText('Vos droits ne permettent pas d’ouvrir cette page.', { exact: false }).waitFor();
    for (const path of ['/planning', '/interventions/nouvelle', '/admin/journal']) {
      await open(page, path);
      await page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
    }
    // The way back works.
    await page.getByRole('link', { name: 'Retour à l’accueil' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(seen.refused).toEqual([]);
    expect(seen.asked.filter((p) => p.startsWith('/api/v1/tickets'))).toEqual([]);
    expect(await deniedCount()).toBe(before);
    await page.close();
  });

  describe('every role opens every page of its menu without a single refused request', () => {
    let before = 0;
    beforeAll(async () => {
      before = await deniedCount();
    });
    for (const email of roles) {
      it(email, async () => {
        const page = email === 'admin@relais.test' ? admin : await browser.newPage({ viewport: desktop });
        if (page !== admin) await login(page, baseUrl, email);
        const seen = watch(page);
        const failures: string[] = [];
        // Its menu's pages, then the first record of each list it reads (a client, a ticket…).
        const menu = await navigationOf(page);
        const records: string[] = [];
        for (const list of ['/clients', '/tickets', '/interventions']) {
          if (!menu.includes(list)) continue;
          const res = await page.request.get(`${baseUrl}/api/v1${list}?limit=1`);
          const first = ((await res.json()) as { items: { id: string }[] }).items[0];
          if (first) records.push(`${list}/${first.id}`);
        }
        for (const path of [...menu, ...records]) {
          const from = seen.refused.length;
          await open(page, path);
          for (const r of seen.refused.slice(from)) failures.push(`${path}: ${r}`);
          expect(await page.getByRole('heading', { name: 'Accès refusé' }).count(), path).toBe(0);
        }
        if (page !== admin) await page.close();
        expect(failures).toEqual([]);
        expect(await deniedCount()).toBe(before);
      });
    }
  });
});
