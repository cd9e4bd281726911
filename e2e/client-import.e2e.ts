import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withLuhnKey } from '../src/shared/schemas/common.ts';
import { desktop, launch, login, phone, shot, shotsDir } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const siret = (n: number) => withLuhnKey(`${withLuhnKey(String(83000000 + n))}0001`);

/** Names per run that do not look alike between the desktop and the phone runs. */
const names: Record<'D' | 'P', [string, string, string]> = {
  D: ['Pharmacie Bellecour Import', 'Garage des Brotteaux Import', 'Crèche Les Lucioles Import'],
  P: ['Opticien Part-Dieu Import', 'Boucherie Saxe Import', 'Fleuriste Croix-Rousse Import'],
};

function csvFile(tag: 'D' | 'P'): string {
  const file = path.join(os.tmpdir(), `relais-import-${tag}-${Date.now()}.csv`);
  const seed = (Date.now() % 100000) + (tag === 'D' ? 0 : 500000);
  const [a, b, c] = names[tag];
  fs.writeFileSync(
    file,
    [
      'Raison sociale;SIRET;Téléphone;Code postal;Ville;Nom du contact',
      `${a};${siret(seed)};04 78 11 22 ${tag === 'D' ? '33' : '44'};69003;Lyon;Martin`,
      `${b};12345678901234;;69001;Lyon;`,
      `${c};${siret(seed + 1)};;69007;Lyon;Durand`,
    ].join('\r\n'),
  );
  return file;
}

describe('client CSV import', () => {
  for (const [label, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`imports a file with one bad line once it is skipped (${label})`, async () => {
      const page = await browser.newPage({ viewport });
      await login(page, baseUrl, 'commercial@relais.test');
      await page.goto(`${baseUrl}/clients`);
      await page.getByRole('link', { name: 'Importer' }).click();
      await page.getByRole('heading', { name: 'Importer des clients' }).waitFor();
      const tag = label === 'desktop' ? 'D' : 'P';
      const [nameA, nameB] = names[tag];
      await page.locator('input[type="file"]').setInputFiles(csvFile(tag));
      await page.getByText('SIRET invalide').first().waitFor();
      await page.getByText('1 en erreur').waitFor();
      const importButton = page.getByRole('button', { name: /^Importer 2 client/ });
      expect(await importButton.isDisabled()).toBe(true);
      await shot(page, `client-import-preview-${label}`);

      await page.locator('tr[data-line="3"]').getByLabel('Ignorer cette ligne').check();
      await page.getByText('0 en erreur').waitFor();
      await importButton.click();
      await page.getByText('Import terminé').waitFor();
      await page.getByText(/2 clients, 0 site et 2 contacts importés, 1 ligne ignorée/).waitFor();
      await shot(page, `client-import-done-${label}`);

      // The imported client is in the list; the skipped one is not.
      await page.goto(`${baseUrl}/clients`);
      await page.getByLabel('Rechercher un client').fill(nameA.split(' ')[0]!);
      await page.getByText(nameA).first().waitFor();
      await page.getByLabel('Rechercher un client').fill(nameB.split(' ')[0]!);
      await page
        .getByText(/Aucun client|Import/)
        .first()
        .waitFor();
      expect(await page.getByText(nameB).count()).toBe(0);
      await page.close();
    });
  }

  it('shows the likely duplicates before creating a client', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'commercial@relais.test');
    await page.goto(`${baseUrl}/clients`);
    await page.getByRole('button', { name: 'Nouveau client' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau client' });
    await dialog.getByLabel('Raison sociale').fill('Pharmacie Bellecour Import');
    await dialog.getByLabel('Téléphone').fill('+33 4 78 11 22 33');
    await dialog.getByLabel('Code postal').fill('69003');
    const alert = dialog.getByTestId('duplicates-alert');
    await alert.getByText('Ce client existe peut-être déjà').waitFor();
    await alert.getByRole('link', { name: 'Pharmacie Bellecour Import' }).first().waitFor();
    await alert.getByText('Même téléphone').first().waitFor();
    await alert.scrollIntoViewIfNeeded();
    await dialog.screenshot({ path: path.join(shotsDir, 'client-duplicates-alert-desktop.png') });
    await dialog.getByRole('button', { name: 'Créer le client' }).click();
    await dialog.getByText(/existe peut-être déjà\. Vérifiez/).waitFor();
    await alert.getByLabel(/le créer quand même/).check();
    await dialog.getByRole('button', { name: 'Créer le client' }).click();
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    await page.close();
  });
});
