import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, pickDay, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
const extraShots = process.env.E2E_SHOTS_DIR;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function snap(page: Page, name: string) {
  await shot(page, name);
  if (extraShots) {
    fs.mkdirSync(extraShots, { recursive: true });
    await page.screenshot({ path: path.join(extraShots, `${name}.png`), fullPage: true });
  }
}

describe('maintenance contracts and SLA admin', () => {
  it('ADV sees a client’s contracts, gets a French error on bad dates, creates one', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'adv@relais.test');
    const res = await page.request.get(`${baseUrl}/api/v1/contracts?expiring=30`);
    const expiring = (await res.json()).items as { clientId: string; reference: string }[];
    expect(expiring.length).toBeGreaterThan(0);
    const { clientId, reference } = expiring[0]!;
    await page.goto(`${baseUrl}/clients/${clientId}`);
    await page.getByRole('tab', { name: 'Contrats' }).click();
    await expect.poll(() => page.getByText(reference).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/Échéance dans \d+ j/).count()).toBeGreaterThan(0);
    await snap(page, 'sla-contracts-tab-desktop');

    await page.getByRole('button', { name: 'Nouveau contrat' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Référence').fill(`MC-E2E-${Date.now()}`);
    await dialog.getByLabel('Intitulé').fill('Maintenance E2E');
    await pickDay(page, dialog.getByLabel('Début'), '2026-06-01');
    await pickDay(page, dialog.getByLabel('Fin'), '2026-05-01');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(() => dialog.getByText('La date de fin doit suivre la date de début.').count())
      .toBeGreaterThan(0);
    await snap(page, 'sla-contract-form-error-desktop');
    await pickDay(page, dialog.getByLabel('Fin'), '2027-06-01');
    await dialog.getByLabel('GTI (minutes ouvrées)').fill('240');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.getByText('Maintenance E2E').count()).toBeGreaterThan(0);

    await page.setViewportSize(phone);
    await snap(page, 'sla-contracts-tab-phone');
    await page.close();
  });

  it('the administrator sees the SLA policies and calendars', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, baseUrl, 'admin@relais.test');
    await page.goto(`${baseUrl}/admin/sla`);
    await expect.poll(() => page.getByText('P2 — Haute').count()).toBeGreaterThan(0);
    await snap(page, 'sla-admin-policies-desktop');
    await page.getByRole('tab', { name: /Calendriers/ }).click();
    await expect
      .poll(() => page.getByText('Heures ouvrées (lun–ven 8h30–12h30, 14h–18h)').count())
      .toBeGreaterThan(0);
    await snap(page, 'sla-admin-calendars-desktop');
    await page.getByRole('button', { name: 'Modifier' }).first().click();
    await snap(page, 'sla-admin-calendar-form-desktop');
    await page.keyboard.press('Escape');
    await page.setViewportSize(phone);
    await page.getByRole('tab', { name: /Politiques/ }).click();
    await snap(page, 'sla-admin-policies-phone');
    await page.close();
  });
});
