import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, pickDay } from './browser.ts';

const baseUrl = inject('baseUrl');
const shotsDir = process.env.E2E_SHOTS_DIR ?? path.resolve('test-results/screenshots');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

async function shot(page: Page, name: string) {
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: true });
}

/** A calendar day `n` days from today (YYYY-MM-DD). */
function inDays(n: number) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function pick(page: Page, label: string, text: string, option: string) {
  const input = page.locator(`input[aria-label="${label}"]`);
  await input.click();
  await input.fill(text);
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('technicians', () => {
  it('the field technician requests leave on his phone; ADV finds him by sector and skill and approves', async () => {
    // 1. Thomas Terrain, on his phone, asks for three days off in two months.
    const techCtx = await browser.newContext({ viewport: phone, locale: 'fr-FR' });
    const tech = await techCtx.newPage();
    await login(tech, baseUrl, 'tech.terrain@relais.test');
    await tech.goto(`${baseUrl}/techniciens/moi`);
    await tech.getByRole('heading', { name: 'Thomas Terrain' }).waitFor();
    expect(await tech.getByTestId('technician-phone').getAttribute('href')).toBe('tel:+33612345678');
    await tech.getByText('Partager ma position en direct').waitFor();
    await shot(tech, 'technicians-me-phone');
    await tech.getByRole('tab', { name: 'Absences' }).click();
    await tech.getByRole('button', { name: 'Demander une absence' }).click();
    const from = inDays(60);
    const to = inDays(62);
    await pickDay(tech, tech.getByLabel('Du (inclus)'), from);
    await pickDay(tech, tech.getByLabel('Au (inclus)'), to);
    await tech.getByLabel('Commentaire').fill('Mariage de ma sœur');
    await shot(tech, 'technicians-request-phone');
    await tech.getByRole('button', { name: 'Envoyer la demande' }).click();
    await tech.getByText('Demande envoyée à l’ADV.').waitFor();
    const row = tech.getByTestId('absence-row').filter({ hasText: 'Mariage de ma sœur' });
    await row.getByText('Demandée').waitFor();
    await shot(tech, 'technicians-absences-phone');
    await techCtx.close();

    // 2. ADV opens the list and narrows it to the Isère (38) and « Câblage cuivre ».
    const ctx = await browser.newContext({ viewport: desktop, locale: 'fr-FR' });
    const page = await ctx.newPage();
    await login(page, baseUrl, 'adv@relais.test');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Techniciens', exact: true })
      .click();
    await page.getByTestId('technician-row').first().waitFor();
    expect(await page.getByTestId('technician-row').count()).toBeGreaterThanOrEqual(12);
    await shot(page, 'technicians-list-desktop');
    await pick(page, 'Département', '38', '38 — Isère');
    await page.waitForURL((u) => u.searchParams.get('department') === '38');
    await pick(page, 'Compétence', 'cuivre', 'Câblage cuivre');
    await page.waitForURL((u) => u.searchParams.has('skill'));
    await expect
      .poll(() => page.getByTestId('technician-row').allInnerTexts())
      .toEqual([expect.stringContaining('Thomas Terrain')]);
    await shot(page, 'technicians-list-filtered-desktop');

    // 3. His profile, then the pending request: approve it.
    await page.getByRole('link', { name: 'Thomas Terrain' }).click();
    await page.getByRole('heading', { name: 'Thomas Terrain' }).waitFor();
    await page.getByTestId('skills-list').waitFor();
    await shot(page, 'technicians-profile-desktop');
    await page.getByRole('tab', { name: 'Horaires' }).click();
    await page.getByTestId('hours-mon').waitFor();
    await shot(page, 'technicians-hours-desktop');
    await page.getByRole('tab', { name: 'Notes de performance' }).click();
    await page.getByText('Ponctualité', { exact: true }).waitFor();
    await shot(page, 'technicians-ratings-desktop');
    await page.getByRole('tab', { name: 'Absences' }).click();
    const pending = page.getByTestId('absence-row').filter({ hasText: 'Mariage de ma sœur' });
    await pending.getByRole('button', { name: 'Approuver' }).click();
    await page.getByText('Absence approuvée.').waitFor();
    await pending.getByText('Approuvée').waitFor();
    await shot(page, 'technicians-absence-approved-desktop');

    // 4. The same screens on a phone.
    await page.setViewportSize(phone);
    await page.goto(`${baseUrl}/techniciens?department=38`);
    await page.getByTestId('technician-row').first().waitFor();
    await shot(page, 'technicians-list-phone');
    await ctx.close();

    // 5. Administration › Compétences: the catalog, with the certifications flagged.
    const adminCtx = await browser.newContext({ viewport: desktop, locale: 'fr-FR' });
    const admin = await adminCtx.newPage();
    await login(admin, baseUrl, 'admin@relais.test');
    await admin.goto(`${baseUrl}/admin/competences`);
    await admin.getByTestId('skills-table').getByText('CACES nacelle').waitFor();
    await shot(admin, 'technicians-skills-admin-desktop');
    await admin.setViewportSize(phone);
    await admin.goto(`${baseUrl}/admin/competences`);
    await admin.getByTestId('skills-table').getByText('CACES nacelle').waitFor();
    await shot(admin, 'technicians-skills-admin-phone');
    await adminCtx.close();
  });
});
