import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, phone, shot } from './browser.ts';

/** Issue 15 items 2, 26, 27 and 30, as the screens show them (desktop 1440 × 900 and phone). */
const baseUrl = inject('baseUrl');
const wide = { width: 1440, height: 900 };
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function signedIn(email: string, viewport = wide): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await login(page, baseUrl, email);
  return page;
}

/** Texts of the badges cut by their box (« SÉCUR… »): none expected. */
const cutBadges = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.mantine-Badge-label, .mantine-Badge-root')]
      .filter((b) => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
      .map((b) => b.textContent),
  );

/** Whether an element's content is wider than the element (it overflows or scrolls sideways). */
const overflows = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((e) => e.scrollWidth > e.clientWidth + 1);

describe('home page (item 27)', () => {
  it('shows the pages that exist, no rights table, no module that does not exist yet', async () => {
    for (const [email, viewport, name] of [
      ['commercial@relais.test', wide, 'desktop'],
      ['support@relais.test', phone, 'phone'],
    ] as const) {
      const page = await signedIn(email, viewport);
      await page.goto(`${baseUrl}/`);
      await page.getByTestId('home-pages').waitFor();
      const text = await page.locator('main').innerText();
      expect(text).not.toContain('Vos droits');
      for (const missing of ['Commandes', 'Stock', 'Comptabilité', 'Ouvrir le module']) {
        expect(text).not.toContain(missing);
      }
      expect(text).toContain('Clients');
      await shot(page, `home-${name}`);
      await page.close();
    }
  });
});

describe('client partner and account manager (item 2)', () => {
  it('a commercial creates a client managed by himself, at a partner he chooses', async () => {
    const page = await signedIn('commercial@relais.test');
    await page.goto(`${baseUrl}/clients`);
    await page.getByRole('button', { name: 'Nouveau client' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau client' });
    await dialog.getByLabel('Raison sociale').fill('Zz Boulangerie du Partenaire');
    await expect
      .poll(() => dialog.getByRole('combobox', { name: 'Chargé de compte' }).inputValue())
      .toBe('Camille Commerciale');
    await expect
      .poll(() => dialog.getByRole('combobox', { name: 'Partenaire' }).inputValue())
      .toBe('Client direct (sans partenaire)');
    await dialog.getByRole('combobox', { name: 'Partenaire' }).click();
    await page.getByRole('option', { name: 'Sud Réseaux Pro' }).click();
    await shot(page, 'client-form-owner-desktop', { fullPage: false });
    await dialog.getByRole('button', { name: 'Créer le client' }).click();
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    const facts = page.getByTestId('client-key-facts');
    await expect.poll(() => facts.innerText()).toContain('Sud Réseaux Pro');
    await expect.poll(() => facts.innerText()).toContain('Camille Commerciale');

    // The edit form changes them back.
    await page.getByRole('button', { name: 'Modifier' }).first().click();
    const edit = page.getByRole('dialog', { name: 'Modifier le client' });
    await edit.getByRole('combobox', { name: 'Partenaire' }).click();
    await page.getByRole('option', { name: 'Client direct (sans partenaire)' }).click();
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => facts.innerText()).not.toContain('Sud Réseaux Pro');
    await page.close();
  });

  it('ADV changes the account manager of two clients at once, after a French confirmation', async () => {
    const page = await signedIn('adv@relais.test');
    await page.goto(`${baseUrl}/clients`);
    const rows = page.getByTestId('client-row');
    await rows.first().waitFor();
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    const bar = page.getByTestId('clients-bulk');
    await expect.poll(() => bar.innerText()).toContain('2 clients sélectionnés');
    await bar.getByRole('combobox', { name: 'Changer de chargé de compte' }).click();
    await page.getByRole('option', { name: 'Adèle Ventes' }).click();
    await bar.getByRole('button', { name: 'Appliquer…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Changer le partenaire ou le chargé de compte' });
    await expect
      .poll(() => confirm.innerText())
      .toContain('Ces 2 clients auront pour chargé de compte Adèle Ventes.');
    await shot(page, 'clients-bulk-confirm-desktop', { fullPage: false });
    await confirm.getByRole('button', { name: 'Modifier 2 clients' }).click();
    const toast = page.locator('.mantine-Notification-root', { hasText: '2 clients modifiés.' });
    await toast.waitFor();
    // Toasts open below the header (item 30).
    const header = await page.locator('header').first().boundingBox();
    const box = await toast.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
    await shot(page, 'clients-bulk-done-desktop', { fullPage: false });
    await page.close();

    const small = await signedIn('adv@relais.test', phone);
    await small.goto(`${baseUrl}/clients`);
    await small.getByTestId('client-row').first().getByRole('checkbox').click();
    await small.getByTestId('clients-bulk').waitFor();
    expect(new URL(small.url()).pathname).toBe('/clients');
    await shot(small, 'clients-bulk-phone', { fullPage: false });
    await small.close();
  });

  it('a partner chooses neither: no partner field, no selection', async () => {
    const page = await signedIn('partenaire@relais.test');
    await page.goto(`${baseUrl}/clients`);
    await page.getByTestId('client-row').first().waitFor();
    expect(await page.getByTestId('client-row').first().getByRole('checkbox').count()).toBe(0);
    await page.getByRole('button', { name: 'Nouveau client' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau client' });
    await dialog.getByLabel('Raison sociale').waitFor();
    expect(await dialog.getByRole('combobox', { name: 'Partenaire' }).count()).toBe(0);
    expect(await dialog.getByRole('combobox', { name: 'Chargé de compte' }).count()).toBe(0);
    await page.close();
  });
});

describe('administration (items 26 and 30)', () => {
  it('partners show their clients and offer delete only when it can succeed; the matrix fits', async () => {
    const page = await signedIn('admin@relais.test');
    await page.goto(`${baseUrl}/admin/partenaires`);
    const row = page.getByRole('row', { name: /Ouest Télécom Partenaires/ });
    await row.waitFor();
    const count = Number(await row.getByRole('link').last().innerText());
    expect(count).toBeGreaterThan(0);
    await row.getByRole('button', { name: /Actions pour/ }).click();
    await page.getByRole('menuitem', { name: 'Modifier' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Supprimer' }).count()).toBe(0);
    await shot(page, 'partners-desktop', { fullPage: false });
    await page.keyboard.press('Escape');
    expect(await cutBadges(page)).toEqual([]);

    await page.goto(`${baseUrl}/admin/droits`);
    await page.getByRole('table').waitFor();
    expect(await overflows(page, '.mantine-Table-scrollContainer, .mantine-ScrollArea-viewport')).toBe(false);
    await shot(page, 'matrix-desktop');

    await page.goto(`${baseUrl}/admin/journal`);
    await page
      .getByRole('table')
      .waitFor()
      .catch(() => undefined);
    await page.waitForTimeout(500);
    expect(await cutBadges(page)).toEqual([]);
    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/admin/partenaires`);
    await page.getByText('Ouest Télécom Partenaires').first().waitFor();
    await shot(page, 'partners-phone');
    await page.close();
  });

  it('the « j / k » hint shows on a desktop, not on a phone', async () => {
    const page = await signedIn('support@relais.test');
    await page.goto(`${baseUrl}/tickets`);
    await page.getByTestId('keyboard-hint').waitFor();
    expect(await page.getByTestId('keyboard-hint').isVisible()).toBe(true);
    await page.setViewportSize(phone);
    await page.reload();
    await page.getByRole('heading', { name: 'Tickets' }).waitFor();
    await page.waitForTimeout(300);
    expect(await page.getByTestId('keyboard-hint').isVisible()).toBe(false);
    expect(await page.locator('main').innerText()).not.toContain('j / k');
    await page.close();
  });

  it('the TOTP key fits its box; search counts read « 21 résultats »', async () => {
    // A new accountant, who must enrol in 2FA (the demo one may have enrolled in another journey).
    const admin = await signedIn('admin@relais.test');
    const email = `compta.totp.${Date.now()}@relais.test`;
    const password = 'Rapprochement-bancaire-du-mois-42';
    const status = await admin.evaluate(
      async (body) =>
        (
          await fetch('/api/v1/users', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-relais-csrf': '1' },
            body: JSON.stringify(body),
          })
        ).status,
      { email, name: 'Camille Lettrage', role: 'compta', password },
    );
    expect(status).toBe(201);
    await admin.close();
    const page = await browser.newPage({ viewport: wide });
    await page.goto(`${baseUrl}/connexion`);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((u) => u.pathname === '/compte');
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await page.getByTestId('totp-secret').waitFor();
    expect(await overflows(page, '[data-testid="totp-secret"]')).toBe(false);
    await shot(page, 'totp-key-desktop');
    await page.close();

    const support = await signedIn('support@relais.test');
    await support.goto(`${baseUrl}/recherche?q=pharmacie`);
    const count = support.getByText(/ pour « pharmacie »$/);
    await count.waitFor();
    expect(await count.innerText()).toMatch(/^\d+ résultats? pour/);
    expect(await support.locator('main').innerText()).not.toContain('(s)');
    expect(await cutBadges(support)).toEqual([]);
    await support.close();
  });
});
