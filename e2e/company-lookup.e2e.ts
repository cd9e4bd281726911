import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';
import { startServer } from './server.ts';

/** The public « Recherche d'entreprises » register, played locally (company-lookup.test.ts has the strict one). */
const companies = [
  {
    siren: '732829320',
    nom_complet: 'PHARMACIE DES CAPUCINS',
    nom_raison_sociale: 'PHARMACIE DES CAPUCINS',
    nature_juridique: '5485',
    activite_principale: '47.73Z',
    siege: {
      siret: '73282932000074',
      adresse: '4 PLACE DES CAPUCINS 69001 LYON',
      code_postal: '69001',
      libelle_commune: 'LYON',
    },
  },
  {
    siren: '775672272',
    nom_complet: 'PHARMACIE CAPUCINS NORD',
    nature_juridique: '5710',
    activite_principale: '47.73Z',
    siege: {
      siret: '77567227200018',
      adresse: '9 RUE NEUVE 69004 LYON',
      code_postal: '69004',
      libelle_commune: 'LYON',
    },
  },
];
const registry = http.createServer((req, res) => {
  const ok = new URL(req.url ?? '/', 'http://x').pathname === '/search';
  res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(ok ? { results: companies } : {}));
});

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  await new Promise<void>((r) => registry.listen(0, '127.0.0.1', () => r()));
  server = await startServer({
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    COMPANY_LOOKUP_URL: `http://127.0.0.1:${(registry.address() as AddressInfo).port}`,
  });
  browser = await launch();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  registry.closeAllConnections();
  await new Promise((r) => registry.close(r));
});

describe('company lookup (issue 15 item 5)', () => {
  for (const [device, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`${device}: « Rechercher l’entreprise » lists the register’s companies and fills the empty fields`, async () => {
      const page = await browser.newPage({ viewport });
      await login(page, server.url, 'commercial@relais.test');
      await page.goto(`${server.url}/clients`);
      await page.getByRole('button', { name: 'Nouveau client' }).click();
      const dialog = page.getByRole('dialog', { name: 'Nouveau client' });
      const field = (label: string) => dialog.getByLabel(label, { exact: true }).and(page.locator('input'));
      await dialog.getByLabel('Raison sociale').fill('Pharmacie Capucins');
      await dialog.getByLabel('Code postal').fill('69009');
      await dialog.getByRole('button', { name: 'Rechercher l’entreprise' }).click();
      const list = dialog.getByRole('list', { name: 'Entreprises trouvées' });
      await list.getByText('PHARMACIE DES CAPUCINS').waitFor();
      await list.getByText(/SIRET 73282932000074 · SELARL/).waitFor();
      await list.getByText('4 PLACE DES CAPUCINS, 69001 LYON').waitFor();
      await shot(page, `company-lookup-candidates-${device}`, { fullPage: false });
      await list.getByText('PHARMACIE DES CAPUCINS').click();
      // Only the empty fields are filled: the name and postal code typed stay.
      expect(await dialog.getByLabel('Raison sociale').inputValue()).toBe('Pharmacie Capucins');
      expect(await dialog.getByLabel('Code postal').inputValue()).toBe('69009');
      expect(await dialog.getByLabel('SIRET').inputValue()).toBe('73282932000074');
      expect(await dialog.getByLabel('SIREN').inputValue()).toBe('732829320');
      expect(await dialog.getByLabel('Ville').inputValue()).toBe('LYON');
      expect(await field('Forme juridique').inputValue()).toMatch(/^SELARL/);
      expect(await field('Code NAF (APE)').inputValue()).toMatch(/^47\.73Z/);
      expect(await list.count()).toBe(0);
      await shot(page, `company-lookup-filled-${device}`, { fullPage: false });
      await page.close();
    }, 60_000);
  }
});
