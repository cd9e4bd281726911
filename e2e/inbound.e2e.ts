import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

describe('inbound e-mail', () => {
  it('an e-mail from an unknown sender is a ticket « À qualifier » that support qualifies', async () => {
    const admin = await browser.newPage({ viewport: desktop });
    await login(admin, baseUrl, 'admin@relais.test');
    const token = (await (
      await admin.request.post(`${baseUrl}/api/v1/api-tokens`, {
        headers: { 'x-relais-csrf': '1' },
        data: { name: `Passerelle ${Date.now()}`, role: 'support' },
      })
    ).json()) as { token: string };
    const subject = `Standard muet depuis ce matin ${Date.now() % 100000}`;
    const res = await admin.request.post(`${baseUrl}/api/v1/tickets/inbound-email`, {
      headers: { authorization: `Bearer ${token.token}` },
      data: {
        messageId: `<${Date.now()}@ailleurs.fr>`,
        from: 'Paul Inconnu <paul.inconnu@ailleurs.fr>',
        subject,
        text: 'Bonjour, plus aucun appel entrant depuis 8 h.',
      },
    });
    expect(res.status()).toBe(201);
    const { ticketId, number } = (await res.json()) as { ticketId: string; number: string };
    await admin.close();

    const support = await browser.newPage({ viewport: desktop });
    await login(support, baseUrl, 'support@relais.test');
    await support.goto(`${baseUrl}/tickets/${ticketId}`);
    await expect.poll(() => support.getByText(subject).count()).toBeGreaterThan(0);
    await expect.poll(() => support.getByText('À qualifier').count()).toBeGreaterThan(0);
    await shot(support, 'inbound-unqualified-desktop');
    const mobile = await browser.newPage({ viewport: phone });
    await login(mobile, baseUrl, 'support@relais.test');
    await mobile.goto(`${baseUrl}/tickets/${ticketId}`);
    await expect.poll(() => mobile.getByText(subject).count()).toBeGreaterThan(0);
    await shot(mobile, 'inbound-unqualified-phone');
    // The queue's « À qualifier » filter, with its count, on a phone and on a desktop.
    for (const [page, label] of [
      [mobile, 'phone'],
      [support, 'desktop'],
    ] as const) {
      await page.goto(`${baseUrl}/tickets`);
      const chip = page.locator('label').filter({ hasText: /^À qualifier/ });
      await expect
        .poll(async () => Number((await chip.textContent())?.replace(/\D/g, '') || 0))
        .toBeGreaterThan(0);
      // Support starts on « Mes tickets »: the filter narrows the tab shown, here every open ticket.
      await page.getByRole('tab', { name: /Tous les ouverts/ }).click();
      await chip.click();
      await page.getByRole('link', { name: number }).first().waitFor();
      await expect.poll(() => page.getByText(/À qualifier/).count()).toBeGreaterThan(1);
      await shot(page, `tickets-unqualified-filter-${label}`, { fullPage: false });
    }
    await mobile.close();
    // The global search finds it by its sender's address, begun.
    await support.getByRole('button', { name: 'Rechercher (Ctrl+K)' }).waitFor();
    await support.keyboard.press('Control+k');
    // The palette's box (the tickets page has a « Rechercher » field of its own).
    const box = support.getByRole('dialog').getByRole('textbox', { name: 'Rechercher' });
    await box.waitFor();
    await box.fill('paul.inconnu@');
    await support.getByRole('option').filter({ hasText: subject }).first().waitFor();
    await shot(support, 'search-unqualified-desktop', { fullPage: false });
    await support.keyboard.press('Escape');
    await support.goto(`${baseUrl}/tickets/${ticketId}`);
    await expect.poll(() => support.getByText(subject).count()).toBeGreaterThan(0);
    const picker = support.getByRole('combobox', { name: 'Client (ticket à qualifier)' });
    await picker.click();
    await picker.fill('a');
    const option = support.getByRole('option').first();
    await option.waitFor();
    const name = (await option.textContent())!.replace(/ \(.*\)$/, '');
    await option.click();
    await expect.poll(() => support.getByRole('link', { name }).count()).toBeGreaterThan(0);
    expect(await support.getByRole('combobox', { name: 'Client (ticket à qualifier)' }).count()).toBe(0);
    await shot(support, 'inbound-qualified-desktop');
    await support.close();
  });
});
