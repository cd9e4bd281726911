import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';

/**
 * Issue 17, catalogue: ADV adds an article (euros typed, cents stored), builds a pack with it and
 * gives partner A its own price; the partner reads the catalogue at its prices, without purchase
 * costs or margins, on a desktop and on a phone.
 */
const baseUrl = inject('baseUrl');
const reference = `E2E-T58W-${Date.now().toString(36).toUpperCase()}`;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

/** Picks `option` in the Mantine Select labelled `label`, typing `typed` to find it. */
async function choose(page: Page, input: Locator, typed: string, option: RegExp) {
  await input.fill(typed);
  await page.getByRole('option', { name: option }).first().click();
}

describe('catalogue (issue 17)', () => {
  it('ADV creates an article, a pack and a partner price', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'adv@relais.test');
    await page.goto(`${baseUrl}/catalogue`);
    await expect.poll(() => page.getByTestId('product-row').count()).toBeGreaterThan(20);
    await page.getByText('Yealink T54W — poste IP couleur Wi-Fi/Bluetooth').waitFor();
    expect(await page.getByRole('columnheader', { name: 'Coût · marge' }).count()).toBe(1);
    await shot(page, 'catalogue-articles-adv-desktop', { fullPage: false });

    await page.getByRole('button', { name: 'Nouvel article' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouvel article' });
    await dialog.getByLabel('Référence').first().fill(reference);
    await dialog.getByLabel('Désignation').fill('Yealink T58W Pro — poste vidéo Android');
    await dialog.getByLabel('Marque').fill('Yealink');
    await dialog.getByLabel('Modèle').fill('SIP-T58W Pro');
    await dialog.getByLabel('Prix de vente HT').fill('trois cents');
    await dialog.getByLabel('Coût d’achat HT').fill('215');
    await dialog.getByRole('button', { name: 'Ajouter' }).click();
    await dialog.getByText('Prix de vente HT : montant attendu.').waitFor();
    await dialog.getByLabel('Prix de vente HT').fill('329,9');
    await dialog.getByLabel('Numéro de série relevé à chaque unité').check();
    await shot(page, 'catalogue-article-form-desktop', { fullPage: false });
    await dialog.getByRole('button', { name: 'Ajouter' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('Rechercher un article').fill(reference);
    await expect.poll(() => page.getByTestId('product-row').count()).toBe(1);
    const row = page.getByTestId('product-row');
    await row.getByText('329,90 €').waitFor();
    await row.getByText('215,00 € · 34,83 %').waitFor();

    await page.getByRole('tab', { name: 'Packs' }).click();
    await page.getByText('Pack pharmacie 3 postes').waitFor();
    await page.getByRole('button', { name: 'Nouveau pack' }).click();
    const packDialog = page.getByRole('dialog', { name: 'Nouveau pack' });
    await packDialog.getByLabel('Référence').first().fill(`PACK-${reference}`);
    await packDialog.getByLabel('Nom').fill('Pack direction vidéo');
    await choose(page, packDialog.getByLabel('Article 1', { exact: true }), reference, new RegExp(reference));
    await packDialog.getByLabel('Quantité de l’article 1').fill('2');
    await packDialog.getByRole('button', { name: 'Ajouter un article' }).click();
    await choose(page, packDialog.getByLabel('Article 2', { exact: true }), 'INST-SITE', /INST-SITE/);
    await packDialog.getByRole('button', { name: 'Créer le pack' }).click();
    await packDialog.waitFor({ state: 'detached' });
    const card = page.getByTestId('pack-card').filter({ hasText: 'Pack direction vidéo' });
    await card.getByText('2 × Yealink T58W Pro — poste vidéo Android').waitFor();
    // 2 × 329,90 € + 350,00 € of installation.
    await card.getByText('1 009,80 € HT').waitFor();
    await shot(page, 'catalogue-packs-adv-desktop');

    await page.getByRole('tab', { name: 'Tarifs partenaires' }).click();
    await choose(
      page,
      page.getByRole('tabpanel').getByLabel('Partenaire', { exact: true }),
      'Ouest',
      /Ouest Télécom Partenaires/,
    );
    await page.getByLabel('Commission').waitFor();
    await page.getByRole('button', { name: 'Ajouter un prix' }).click();
    await choose(
      page,
      page.locator('input[aria-label^="Article du prix"]').last(),
      reference,
      new RegExp(reference),
    );
    await page
      .getByLabel(/^Prix partenaire \d+$/)
      .last()
      .fill('299');
    await page.getByRole('button', { name: 'Enregistrer les tarifs' }).click();
    await page.getByText('Tarifs du partenaire enregistrés.').waitFor();
    await shot(page, 'catalogue-price-list-adv-desktop');
    await page.close();
  });

  for (const [device, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`${device}: the partner reads the catalogue at its own prices, never a purchase cost`, async () => {
      const page = await browser.newPage({ viewport });
      await login(page, baseUrl, 'partenaire@relais.test');
      await page.goto(`${baseUrl}/catalogue?q=${reference}`);
      const row = page.getByTestId('product-row');
      await expect.poll(() => row.count()).toBe(1);
      await row.getByText('299,00 €').waitFor();
      await row.getByText('329,90 €').waitFor();
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(/Coût|marge|215,00/);
      await shot(page, `catalogue-partner-article-${device}`);
      const api = await (await page.request.get(`${baseUrl}/api/v1/products`)).text();
      expect(api).not.toMatch(/purchaseCost|margin/);
      await page.goto(`${baseUrl}/catalogue`);
      await expect.poll(() => row.count()).toBeGreaterThan(20);
      expect(await page.locator('main').innerText()).not.toMatch(/Coût|marge/);
      await shot(page, `catalogue-partner-articles-${device}`, { fullPage: false });
      await page.getByRole('tab', { name: 'Mes tarifs' }).click();
      await page.getByText('Commission').waitFor();
      await page.getByText('299,00 €').first().waitFor();
      await shot(page, `catalogue-partner-prices-${device}`);
      await page.getByRole('tab', { name: 'Packs' }).click();
      await page.getByText('Pack direction vidéo').waitFor();
      await shot(page, `catalogue-partner-packs-${device}`, { fullPage: false });
      await page.close();
    });
  }
});
