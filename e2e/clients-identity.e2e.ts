import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import path from 'node:path';
import { desktop, launch, login, phone, shot, shotsDir } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function pick(page: Page, label: string, search: string, option: string | RegExp) {
  const input = page.getByRole('dialog').getByLabel(label, { exact: true }).and(page.locator('input'));
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

describe('client identity', () => {
  it('a commercial creates a client with its identity fields, then reads them on the client page', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'commercial@relais.test');
    await page.goto(`${baseUrl}/clients`);
    await page.getByRole('button', { name: 'Nouveau client' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau client' });
    await dialog.getByLabel('Raison sociale').fill('Pharmacie des Capucins');
    // The key is checked as typed (issue 15 item 5): a wrong last digit is said before any submit.
    await dialog.getByLabel('SIRET').fill('73282932000075');
    await dialog.getByText('Clé de contrôle incorrecte : un chiffre du SIRET est faux ou inversé.').waitFor();
    await shot(page, 'clients-identity-siret-wrong-key-desktop');
    // The right SIRET fills the SIREN.
    await dialog.getByLabel('SIRET').fill('73282932000074');
    expect(await dialog.getByLabel('SIREN').inputValue()).toBe('732829320');
    expect(await dialog.getByText('✓ Clé de contrôle correcte.').count()).toBe(2);
    await dialog.getByRole('button', { name: /Calculer depuis le SIREN : FR44732829320/ }).click();
    expect(await dialog.getByLabel('N° de TVA intracommunautaire').inputValue()).toBe('FR44732829320');
    await pick(
      page,
      'Code NAF (APE)',
      'pharmaceutiques en magasin',
      /^47\.73Z — Commerce de détail de produits pharmaceutiques/,
    );
    await pick(page, 'Forme juridique', 'SELARL', /^SELARL/);
    await pick(page, 'Segment', 'Pharm', 'Pharmacie');
    await pick(page, 'Effectif', '', '6 à 9 salariés');
    const tags = dialog.getByLabel('Étiquettes', { exact: true }).and(page.locator('input'));
    await tags.fill('officine');
    await tags.press('Enter');
    await tags.fill('fibre');
    await tags.press('Enter');
    await dialog.getByLabel('Code postal').fill('69003');
    await shot(page, 'clients-identity-form-desktop');

    // A wrong VAT key is refused before sending, with a French message under the field.
    await dialog.getByLabel('N° de TVA intracommunautaire').fill('FR45732829320');
    await dialog.getByRole('button', { name: 'Créer le client' }).click();
    await dialog.getByText(/la clé ne correspond pas au SIREN/).waitFor();
    await dialog.getByRole('button', { name: /Calculer depuis le SIREN/ }).click();

    await dialog.getByRole('button', { name: 'Créer le client' }).click();
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Pharmacie des Capucins' }).waitFor();
    // The NAF sub-class's label, not only its section.
    await page.getByText('Activité (NAF 47.73Z)').waitFor();
    await page
      .getByText('Commerce de détail de produits pharmaceutiques en magasin spécialisé', { exact: true })
      .waitFor();
    for (const text of [
      'FR44732829320',
      'SELARL — Société d’exercice libéral à responsabilité limitée',
      '6 à 9 salariés',
      'officine',
      'fibre',
    ]) {
      await page.getByText(text, { exact: true }).first().waitFor();
    }
    await page.getByText('G — Commerce ; réparation d’automobiles et de motocycles').waitFor();
    await shot(page, 'clients-identity-page-desktop');

    await page.setViewportSize(phone);
    await page.reload();
    await page
      .getByText('Commerce de détail de produits pharmaceutiques en magasin spécialisé', { exact: true })
      .waitFor();
    await shot(page, 'clients-identity-page-phone');
    await page.getByRole('button', { name: 'Modifier' }).click();
    await page.getByRole('dialog', { name: 'Modifier le client' }).getByLabel('Raison sociale').waitFor();
    await page.waitForTimeout(300); // the modal's opening transition
    // The full-screen modal covers the viewport only: a viewport screenshot, not a full-page one.
    await page.screenshot({ path: path.join(shotsDir, 'clients-identity-form-phone.png') });
    await page.close();
  });

  it('an admin maintains segments and cannot delete one that clients use', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'admin@relais.test');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Segments de clients' })
      .click();
    await page.getByRole('heading', { name: 'Segments de clients' }).waitFor();
    await page.getByRole('button', { name: 'Ajouter un segment' }).click();
    await page.getByRole('dialog', { name: 'Nouveau segment' }).getByLabel('Nom').fill('Opticien');
    await page
      .getByRole('dialog', { name: 'Nouveau segment' })
      .getByRole('button', { name: 'Ajouter' })
      .click();
    await page.getByRole('cell', { name: 'Opticien', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Supprimer le segment Pharmacie' }).click();
    await page
      .getByRole('dialog', { name: 'Supprimer le segment' })
      .getByRole('button', { name: 'Supprimer' })
      .click();
    await page
      .getByText(/Impossible de supprimer le segment « Pharmacie » : \d+ clients? l’utilise/)
      .waitFor();
    await shot(page, 'clients-identity-segments-refused-desktop');
    await page
      .getByRole('dialog', { name: 'Supprimer le segment' })
      .getByRole('button', { name: 'Annuler' })
      .click();

    await page.getByRole('button', { name: 'Supprimer le segment Opticien' }).click();
    await page
      .getByRole('dialog', { name: 'Supprimer le segment' })
      .getByRole('button', { name: 'Supprimer' })
      .click();
    await page.getByRole('cell', { name: 'Opticien', exact: true }).waitFor({ state: 'detached' });
    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/admin/segments`);
    await page.getByRole('cell', { name: 'Pharmacie', exact: true }).waitFor();
    await shot(page, 'clients-identity-segments-phone');
    await page.close();
  });
});
