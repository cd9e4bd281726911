import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, phone, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
const desktop = { width: 1280, height: 800 };
const viewports = [
  ['desktop', desktop],
  ['phone', phone],
] as const;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

type Detail = {
  id: string;
  name: string;
  contacts: { firstName: string; lastName: string; phone: string | null }[];
};

/** A demo client (seen by support) with a contact who has a phone number. */
async function clientWithPhone(page: Page): Promise<{ client: Detail; phone: string }> {
  return page.evaluate(async () => {
    const list = (await (await fetch('/api/v1/clients?limit=30')).json()).items as { id: string }[];
    for (const c of list) {
      const d = await (await fetch(`/api/v1/clients/${c.id}`)).json();
      const k = (d.contacts ?? []).find((x: { phone: string | null }) => x.phone);
      if (k) return { client: d, phone: k.phone as string };
    }
    throw new Error('aucun contact avec téléphone');
  });
}

async function createPlatformToken(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const res = await fetch('/api/v1/api-tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-relais-csrf': '1' },
      body: JSON.stringify({ name: 'Plateforme téléphonique (e2e)', role: 'support' }),
    });
    if (res.status !== 201) throw new Error(`jeton : ${res.status} ${await res.text()}`);
    return (await res.json()).token as string;
  });
}

describe('caller identification and global search', () => {
  it('a support agent gets the caller card and opens the client page', async () => {
    const adminCtx = await browser.newContext({ viewport: desktop });
    const admin = await adminCtx.newPage();
    await login(admin, baseUrl, 'admin@relais.test');
    const token = await createPlatformToken(admin);
    await adminCtx.close();

    for (const [label, viewport] of viewports) {
      const ctx = await browser.newContext({ viewport });
      const page = await ctx.newPage();
      await login(page, baseUrl, 'support@relais.test');
      await page.waitForURL((u) => u.pathname === '/');
      const { client, phone: number } = await clientWithPhone(page);
      // Let the live stream connect, then the platform signals the call.
      await page.waitForTimeout(1000);
      const res = await fetch(`${baseUrl}/api/v1/calls/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: number, to: '+33145100010', agent: 'support@relais.test' }),
      });
      expect(res.status).toBe(202);
      const card = page.getByRole('alertdialog', { name: 'Appel entrant' });
      await card.waitFor({ timeout: 10_000 });
      await expect(card.getByText(client.name, { exact: true }).isVisible()).resolves.toBe(true);
      await shot(page, `search-calls-call-card-${label}`);
      await card.getByRole('button', { name: 'Ouvrir la fiche' }).click();
      await page.waitForURL((u) => u.pathname === `/clients/${client.id}`);
      await page.getByRole('heading', { name: client.name }).first().waitFor();
      await ctx.close();
    }
  });

  it('a partner finds its own client with Ctrl+K, and never partner B’s', async () => {
    const ctxB = await browser.newContext({ viewport: desktop });
    const pageB = await ctxB.newPage();
    await login(pageB, baseUrl, 'partenaire2@relais.test');
    const ofB: { id: string; name: string } = await pageB.evaluate(
      async () => (await (await fetch('/api/v1/clients?limit=1')).json()).items[0],
    );
    await ctxB.close();

    for (const [label, viewport] of viewports) {
      const ctx = await browser.newContext({ viewport });
      const page = await ctx.newPage();
      await login(page, baseUrl, 'partenaire@relais.test');
      const mine: { id: string; name: string }[] = await page.evaluate(
        async () => (await (await fetch('/api/v1/clients?limit=200')).json()).items,
      );
      const own = mine[0]!;
      // The shortcut listens once the signed-in frame is drawn (after login's redirect).
      await page.getByRole('button', { name: 'Rechercher (Ctrl+K)' }).waitFor();
      await page.keyboard.press('Control+k');
      const box = page.getByRole('textbox', { name: 'Rechercher' });
      await box.waitFor();
      // Without accents and with a typo at the end.
      const typed = own.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().slice(0, -1);
      await box.fill(typed);
      const options = page.getByRole('option');
      await options.filter({ hasText: own.name }).first().waitFor();
      await shot(page, `search-calls-palette-${label}`);
      const ids = mine.map((c) => c.id);
      const shown = await page.evaluate(
        async (q) => (await (await fetch(`/api/v1/search?q=${encodeURIComponent(q)}`)).json()).groups,
        typed,
      );
      const clientIds = (groups: { items: { url: string }[] }[]) =>
        groups.flatMap((g) => g.items.map((h) => h.url)).filter((u) => u.startsWith('/clients/'));
      for (const u of clientIds(shown)) expect(ids).toContain(u.split('/')[2]);
      // Partner B's client never shows up (same names may exist on both sides: compare ids).
      const answered = page.waitForResponse(
        (r) => r.url().includes('/api/v1/search?') && new URL(r.url()).searchParams.get('q') === ofB.name,
      );
      await box.fill(ofB.name);
      const body = await (await answered).json();
      for (const g of body.groups) for (const h of g.items) expect(h.url).not.toContain(ofB.id);
      for (const u of clientIds(body.groups)) expect(ids).toContain(u.split('/')[2]);
      // Tickets (found by their client's name, issue 15 item 14) are the partner's own too.
      const ticketUrls = body.groups.flatMap((g: { items: { url: string }[] }) =>
        g.items.map((h) => h.url).filter((u) => u.startsWith('/tickets/')),
      );
      const statuses = await page.evaluate(
        async (urls: string[]) => Promise.all(urls.map(async (u) => (await fetch(`/api/v1${u}`)).status)),
        ticketUrls,
      );
      for (const st of statuses) expect(st).toBe(200);
      // Back to our own client: Enter opens the highlighted first result.
      await box.fill(typed);
      await options.filter({ hasText: own.name }).first().waitFor();
      await box.press('Enter');
      await page.waitForURL((u) => u.pathname.startsWith('/clients/'));
      expect(ids).toContain(new URL(page.url()).pathname.split('/')[2]);
      // The full results page.
      await page.goto(`${baseUrl}/recherche?q=${encodeURIComponent(typed)}`);
      await page.getByText(/résultats? pour/).waitFor();
      await shot(page, `search-calls-results-${label}`);
      await ctx.close();
    }
  });

  it('words across fields, ticket subjects and French phone numbers in the palette (issue 15 items 4, 6, 14)', async () => {
    for (const [label, viewport] of viewports) {
      const ctx = await browser.newContext({ viewport });
      const page = await ctx.newPage();
      await login(page, baseUrl, 'support@relais.test');
      await page.getByRole('button', { name: 'Rechercher (Ctrl+K)' }).waitFor();
      await page.keyboard.press('Control+k');
      const box = page.getByRole('textbox', { name: 'Rechercher' });
      await box.waitFor();
      const options = page.getByRole('option');

      // Every pharmacy of the demo town that has the most, whether the town is in its name or only
      // its city; none « approché ».
      const town: { name: string; postalCode: string; pharmacies: string[] } = await page.evaluate(
        async () => {
          const items = (await (await fetch('/api/v1/clients?q=pharmacie&limit=200')).json()).items as {
            name: string;
            city: string | null;
            postalCode: string | null;
          }[];
          const byTown = new Map<string, typeof items>();
          for (const c of items)
            if (c.city && /^\p{L}+$/u.test(c.city) && /pharmacie/i.test(c.name))
              byTown.set(c.city, [...(byTown.get(c.city) ?? []), c]);
          const [name, list] = [...byTown.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
          return { name, postalCode: list[0]!.postalCode!, pharmacies: list.map((c) => c.name) };
        },
      );
      await box.fill(`pharmacie ${town.name.toLowerCase()}`);
      await options
        .filter({ hasText: town.postalCode.slice(0, 2) })
        .first()
        .waitFor();
      for (const name of town.pharmacies.slice(0, 5))
        await options.filter({ hasText: name }).first().waitFor();
      expect(await page.getByRole('listbox').getByText('approché').count()).toBe(0);
      await shot(page, `search-words-across-fields-${label}`);

      // A ticket by a word of its subject.
      await box.fill('injoignable');
      await options.filter({ hasText: 'Standard injoignable' }).first().waitFor();
      await shot(page, `search-ticket-subject-${label}`);

      // A contact's number typed in E.164 is shown the French way.
      const { phone: typed } = await clientWithPhone(page);
      const digits = typed.replace(/\D/g, '').replace(/^33/, '0');
      const e164 = `+33${digits.slice(1)}`;
      const french = digits.replace(/(\d{2})(?=\d)/g, '$1 ');
      await box.fill(e164);
      await options
        .filter({ hasText: `Téléphone : ${french}` })
        .first()
        .waitFor();
      await shot(page, `search-phone-french-${label}`);
      await ctx.close();
    }
  });
});
