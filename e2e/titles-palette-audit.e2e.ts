import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';

/**
 * Issue 15: every tab names its page or record (item 28), the Ctrl+K palette keeps what is typed
 * right after it opens (item 3), the audit journal and the client history speak French (item 25).
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

type Ticket = { id: string; number: string; subject: string; clientId: string };

/** A ticket of a demo client, with a public reply by the signed-in user. */
async function repliedTicket(page: Page): Promise<Ticket> {
  return page.evaluate(async () => {
    const list = (await (await fetch('/api/v1/tickets?limit=5')).json()).items as Ticket[];
    const t = list[0]!;
    const res = await fetch(`/api/v1/tickets/${t.id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-relais-csrf': '1' },
      body: JSON.stringify({ body: 'Nous regardons la ligne.' }),
    });
    if (res.status !== 201) throw new Error(`réponse : ${res.status}`);
    return t;
  });
}

const titleOf = (page: Page) => page.evaluate(() => document.title);

describe('tab titles, palette, audit in French', () => {
  it('names every page and record in the browser tab', async () => {
    const ctx = await browser.newContext({ viewport: desktop });
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/connexion`);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    expect(await titleOf(page)).toBe('Connexion · Relais');
    await login(page, baseUrl, 'support@relais.test');
    await page.waitForFunction(() => document.title === 'Accueil · Relais');

    const ticket = await repliedTicket(page);
    await page.goto(`${baseUrl}/tickets`);
    await page.waitForFunction(() => document.title === 'Tickets · Relais');
    await page.goto(`${baseUrl}/tickets/${ticket.id}`);
    await page.waitForFunction(
      (n) => document.title.startsWith(`${n} — `) && document.title.endsWith(' · Relais'),
      ticket.number,
    );
    expect(await titleOf(page)).toContain(ticket.subject.slice(0, 20));

    const client = await page.evaluate(
      async (id) => (await (await fetch(`/api/v1/clients/${id}`)).json()) as { name: string },
      ticket.clientId,
    );
    await page.goto(`${baseUrl}/clients/${ticket.clientId}`);
    await page.waitForFunction((n) => document.title === `${n} · Relais`, client.name);

    // Every page of the navigation names itself, none is just « Relais ».
    const links = await page.evaluate(() =>
      [...document.querySelectorAll('[aria-label="Navigation principale"] a[href^="/"]')].map(
        (a) => a.getAttribute('href')!,
      ),
    );
    expect(links.length).toBeGreaterThan(3);
    for (const href of new Set(links)) {
      await page.goto(`${baseUrl}${href}`);
      await page.waitForFunction(() => document.title !== 'Relais' && document.title.endsWith(' · Relais'));
    }
    await ctx.close();
  });

  it('keeps what is typed right after Ctrl+K, and selects the old query on reopening', async () => {
    const ctx = await browser.newContext({ viewport: desktop });
    const page = await ctx.newPage();
    await login(page, baseUrl, 'support@relais.test');
    await page.getByRole('button', { name: 'Rechercher (Ctrl+K)' }).waitFor();
    // First opening: the palette's chunk is not loaded yet; type at once, no delay.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('garnier');
    const field = page.getByRole('textbox', { name: 'Rechercher' });
    await field.waitFor();
    await expect.poll(() => field.inputValue()).toBe('garnier');

    await page.keyboard.press('Escape');
    await field.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+k');
    await page.keyboard.type('dupont');
    await expect.poll(() => field.inputValue()).toBe('dupont');

    // Reopened without typing: the old query is selected, so typing replaces it.
    await page.keyboard.press('Escape');
    await field.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+k');
    await field.waitFor();
    await expect
      .poll(() =>
        field.evaluate((el) => {
          const i = el as HTMLInputElement;
          return document.activeElement === i && i.selectionStart === 0 && i.selectionEnd === i.value.length;
        }),
      )
      .toBe(true);
    await page.keyboard.type('martin');
    expect(await field.inputValue()).toBe('martin');
    await shot(page, 'palette-typed-desktop', { fullPage: false });
    await ctx.close();

    // On a phone: a tap on « Rechercher… », then typing at once.
    const phoneCtx = await browser.newContext({ viewport: phone, hasTouch: true });
    const mobile = await phoneCtx.newPage();
    await login(mobile, baseUrl, 'support@relais.test');
    await mobile.getByRole('button', { name: 'Rechercher (Ctrl+K)' }).click();
    await mobile.keyboard.type('garnier');
    const phoneField = mobile.getByRole('textbox', { name: 'Rechercher' });
    await expect.poll(() => phoneField.inputValue()).toBe('garnier');
    await mobile.waitForTimeout(500);
    await shot(mobile, 'palette-typed-phone', { fullPage: false });
    await phoneCtx.close();
  });

  it('tells the journal and the client history in French, with the ticket’s number and link', async () => {
    const supportCtx = await browser.newContext({ viewport: desktop });
    const support = await supportCtx.newPage();
    await login(support, baseUrl, 'support@relais.test');
    const ticket = await repliedTicket(support);
    await supportCtx.close();
    const sentence = `Samuel Support a répondu au ticket ${ticket.number}`;

    for (const [label, viewport] of [
      ['desktop', desktop],
      ['phone', phone],
    ] as const) {
      const ctx = await browser.newContext({ viewport });
      const page = await ctx.newPage();
      await login(page, baseUrl, 'admin@relais.test');
      await page.goto(`${baseUrl}/admin/journal`);
      await page.getByText(sentence).first().waitFor();
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(/ticket\.escalated|ticket_message|\(reply\)|« reply »/);
      await shot(page, `audit-journal-${label}`);
      const row = page.getByTestId('audit-entry').filter({ hasText: sentence }).first();
      await row.getByRole('button', { name: 'Détails' }).click();
      await page.getByRole('dialog').getByText(`Message de ticket ${ticket.number} — ouvrir`).waitFor();
      const changes = await page.getByTestId('audit-changes').innerText();
      expect(changes).toContain('Application');
      expect(changes).not.toMatch(/\b(public|web|channel|visibility)\b/);
      await page.waitForTimeout(500); // the drawer's transition
      await shot(page, `audit-detail-${label}`, { fullPage: false });
      await ctx.close();

      const partnerOrStaff = await browser.newContext({ viewport });
      const p = await partnerOrStaff.newPage();
      await login(p, baseUrl, 'support@relais.test');
      await p.goto(`${baseUrl}/clients/${ticket.clientId}`);
      await p.getByRole('tab', { name: 'Historique' }).click();
      const entry = p.getByTestId('history-entry').filter({ hasText: sentence }).first();
      await entry.waitFor();
      expect(await entry.getByRole('link').getAttribute('href')).toBe(`/tickets/${ticket.id}`);
      const history = await p.getByTestId('client-history').innerText();
      expect(history).not.toMatch(/a fait «|un élément \(|ticket_message/);
      await shot(p, `client-history-${label}`);
      await partnerOrStaff.close();
    }
  });
});
