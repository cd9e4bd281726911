import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';

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

describe('tickets', () => {
  it('a partner opens a ticket; support takes it, replies, adds a note; the partner sees only the reply', async () => {
    const subject = `Standard muet ${Date.now()}`;
    // The partner opens a ticket for one of its clients.
    const partner = await browser.newPage({ viewport: desktop });
    await login(partner, baseUrl, 'partenaire@relais.test');
    const clientsRes = await partner.request.get(`${baseUrl}/api/v1/clients?limit=1`);
    const client = ((await clientsRes.json()) as { items: { id: string }[] }).items[0]!;
    await partner.goto(`${baseUrl}/tickets/nouveau?clientId=${client.id}`);
    await partner.getByLabel('Objet').fill(subject);
    await partner.getByLabel('Description').fill('Plus aucun appel entrant depuis 9 h.');
    await snap(partner, 'tickets-new-partner-desktop');
    await partner.getByRole('button', { name: 'Ouvrir le ticket' }).click();
    await expect.poll(() => partner.url()).toMatch(/\/tickets\/[0-9a-f-]{36}$/);
    const ticketUrl = partner.url();
    await expect.poll(() => partner.getByText(subject).count()).toBeGreaterThan(0);

    // Support takes it: assigns to self, en cours, public reply, internal note.
    const support = await browser.newPage({ viewport: desktop });
    await login(support, baseUrl, 'support@relais.test');
    await support.goto(`${baseUrl}/tickets?`);
    await expect.poll(() => support.getByRole('tab', { name: /Non attribués/ }).count()).toBeGreaterThan(0);
    await support.getByRole('tab', { name: /Non attribués/ }).click();
    await expect.poll(() => support.getByText(subject).count()).toBeGreaterThan(0);
    await snap(support, 'tickets-queue-desktop');
    await support.goto(ticketUrl);
    await expect.poll(() => support.getByText(subject).count()).toBeGreaterThan(0);
    await snap(support, 'ticket-detail-before-desktop');
    await support.getByPlaceholder('Non attribué').click();
    await support.getByRole('option', { name: 'Samuel Support' }).click();
    await expect.poll(() => support.getByPlaceholder('Non attribué').inputValue()).toBe('Samuel Support');
    await support.getByRole('button', { name: 'En cours', exact: true }).click();
    await expect.poll(() => support.getByText('En cours', { exact: true }).count()).toBeGreaterThan(0);
    await support
      .getByLabel('Réponse (envoyée par e-mail au contact)')
      .fill('Nous redémarrons votre standard.');
    await support.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await expect.poll(() => support.getByText('Nous redémarrons votre standard.').count()).toBe(1);
    await support.locator('label', { hasText: 'Note interne' }).first().click();
    await expect
      .poll(() => support.getByLabel('Note interne (jamais visible du client ni du partenaire)').count())
      .toBe(1);
    await support
      .getByLabel('Note interne (jamais visible du client ni du partenaire)')
      .fill('Trunk SIP en erreur 503.');
    await snap(support, 'ticket-note-typed-desktop');
    await support.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect.poll(() => support.getByText('Trunk SIP en erreur 503.').count()).toBe(1);
    await snap(support, 'ticket-detail-support-desktop');
    await support.setViewportSize(phone);
    await snap(support, 'ticket-detail-support-phone');
    await support.goto(`${baseUrl}/tickets`);
    await expect.poll(() => support.getByText(subject).count()).toBeGreaterThan(0);
    await snap(support, 'tickets-queue-phone');

    // The partner sees the public reply, never the note.
    await partner.reload();
    await expect.poll(() => partner.getByText('Nous redémarrons votre standard.').count()).toBe(1);
    expect(await partner.getByText('Trunk SIP en erreur 503.').count()).toBe(0);
    expect(await partner.getByText('Note interne').count()).toBe(0);
    await snap(partner, 'ticket-detail-partner-desktop');
    await partner.setViewportSize(phone);
    await snap(partner, 'ticket-detail-partner-phone');
    await partner.close();
    await support.close();
  });
});
