import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-relais-csrf': '1' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    },
    { method, path, body },
  ) as Promise<T>;
}

const rows = (page: Page) => page.getByTestId('client-row');

describe('client 360° page, list filters and saved filters', () => {
  for (const [label, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`works on ${label}`, async () => {
      const page = await browser.newPage({ viewport });
      await login(page, baseUrl, 'adv@relais.test');
      const me = (await api<{ user: { id: string } }>(page, 'GET', '/auth/me')).user;
      const tag = `e2e-360-${label}`;
      const made: { id: string; name: string }[] = [];
      const area = label === 'desktop' ? '72' : '78';
      for (const [i, [name, postalCode, status]] of (
        [
          [`Pharmacie Bellecour ${label}`, '69002', 'actif'],
          [`Pharmacie des Brotteaux ${label}`, '69006', 'prospect'],
          [`Pharmacie du Marais ${label}`, '75004', 'actif'],
        ] as const
      ).entries()) {
        made.push(
          await api(page, 'POST', '/clients', {
            name,
            postalCode,
            city: postalCode.startsWith('69') ? 'Lyon' : 'Paris',
            status,
            tags: [tag, 'officine'],
            phone: `04 ${area} 00 00 0${i}`,
            email: `contact${i}-${label}@pharmacie.test`,
            accountManagerId: me.id,
          }),
        );
      }
      await api(page, 'PATCH', `/clients/${made[1]!.id}`, { status: 'actif' });

      // The list, filtered by tag then département and status: the URL carries the filters.
      await page.goto(`${baseUrl}/clients?tag=${tag}`);
      // The first list after a navigation loads the page's chunk too: more than the 1 s default on a busy CI machine.
      await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(3);
      if (label === 'phone') await page.getByRole('button', { name: 'Filtres (1)', exact: true }).click();
      await page.getByLabel('Département').fill('69');
      await expect.poll(() => rows(page).count()).toBe(2);
      await page.locator('label', { hasText: /^Actif$/ }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('actif');
      await expect.poll(() => rows(page).count()).toBe(2);
      await page.locator('input[aria-label="Chargé de compte"]').click();
      await page.getByRole('option', { name: 'Adèle Ventes' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('accountManagerId')).toBe(me.id);
      await expect.poll(() => rows(page).count()).toBe(2);
      expect(new URL(page.url()).searchParams.get('department')).toContain('69');
      await shot(page, `client-360-list-filters-${label}`);

      // Save these filters, clear them, re-apply them from « Mes filtres ».
      await page.getByRole('button', { name: 'Mes filtres' }).click();
      await page.getByRole('menuitem', { name: 'Enregistrer les filtres actuels…' }).click();
      await page.getByLabel('Nom du filtre').fill(`Pharmacies du Rhône ${label}`);
      await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
      const saved = page.getByText(`Filtre « Pharmacies du Rhône ${label} » enregistré.`);
      await saved.waitFor();
      await saved.waitFor({ state: 'hidden', timeout: 15_000 });
      await page.getByRole('button', { name: 'Effacer les filtres' }).click();
      await expect.poll(() => new URL(page.url()).search).toBe('');
      await page.getByRole('button', { name: 'Mes filtres' }).click();
      await page.getByRole('menuitem', { name: `Pharmacies du Rhône ${label}` }).waitFor();
      await page.waitForTimeout(400); // the menu's opening transition
      await page.screenshot({ path: `test-results/screenshots/client-360-saved-filters-${label}.png` });
      await page.getByRole('menuitem', { name: `Pharmacies du Rhône ${label}` }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('tag')).toBe(tag);
      await expect.poll(() => rows(page).count()).toBe(2);
      await expect.poll(() => page.getByLabel('Département').inputValue()).toBe('69');

      // The 360° page: key facts in the header, then the history tab.
      await rows(page).filter({ hasText: 'Brotteaux' }).getByText(`Pharmacie des Brotteaux ${label}`).click();
      await page.waitForURL((u) => u.pathname === `/clients/${made[1]!.id}`);
      const facts = page.getByTestId('client-key-facts');
      await facts.getByText('Client direct').waitFor();
      await facts.getByText('Adèle Ventes').waitFor();
      await facts.getByText('Lyon (69)').waitFor();
      expect(await facts.getByRole('link', { name: `04 ${area} 00 00 01` }).getAttribute('href')).toBe(
        `tel:04${area}000001`,
      );
      await page.getByRole('tab', { name: 'Historique' }).click();
      const entries = page.getByTestId('history-entry');
      await expect.poll(() => entries.count()).toBe(2);
      expect(await entries.first().innerText()).toContain(
        'Adèle Ventes a modifié le client (statut : Prospect → Actif)',
      );
      expect(await entries.nth(1).innerText()).toContain('Adèle Ventes a créé le client');
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, `client-360-history-${label}`);
      await page.close();
    });
  }
});
