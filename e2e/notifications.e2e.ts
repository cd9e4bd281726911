import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, login, phone, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
const desktop = { width: 1280, height: 800 };
let browser: Browser;

/** An API session from the test itself (no browser), as another user working at the same time. */
async function apiSession(email: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'demo-relais-2026' }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-relais-csrf': '1',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  };
  const me = await call('GET', '/auth/me');
  return { userId: me.user.id as string, call };
}

let adv: Awaited<ReturnType<typeof apiSession>>;
let commercialId: string;
const usedClients = new Set<string>();

/** ADV gives a client to the commercial: a real `client.assigned` notification for them. */
async function assignClientToCommercial(): Promise<{ id: string; name: string }> {
  const { items } = await adv.call('GET', '/clients?limit=50&status=actif');
  const client = items.find((c: { id: string; partnerId: string | null }) => !usedClients.has(c.id));
  usedClients.add(client.id);
  // Through ADV first, so that giving it to the commercial is a new assignment.
  await adv.call('PATCH', `/clients/${client.id}`, { accountManagerId: adv.userId });
  await adv.call('PATCH', `/clients/${client.id}`, { accountManagerId: commercialId });
  return client;
}

async function unreadShown(page: Page): Promise<number> {
  const badge = page.getByTestId('notification-count');
  if ((await badge.count()) === 0) return 0;
  return Number((await badge.textContent())?.replace('+', ''));
}

beforeAll(async () => {
  browser = await launch();
  adv = await apiSession('adv@relais.test');
  const commercial = await apiSession('commercial@relais.test');
  commercialId = commercial.userId;
  // Start from a clean bell whatever ran before.
  await commercial.call('POST', '/notifications/read-all');
});
afterAll(() => browser?.close());

describe('notification bell', () => {
  it('gets a notification live, opens the list and goes to the record (desktop)', async () => {
    const ctx = await browser.newContext({ viewport: desktop, locale: 'fr-FR' });
    const page = await ctx.newPage();
    await login(page, baseUrl, 'commercial@relais.test');
    await page.getByTestId('notification-bell').waitFor();
    expect(await unreadShown(page)).toBe(0);
    // A marker that a reload would erase.
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    // The stream is open before the change is made.
    await page.locator('[data-testid="notification-bell"][data-live="true"]').waitFor();

    const client = await assignClientToCommercial();
    await page.getByText('Nouvelle notification').waitFor({ timeout: 10_000 });
    await page.getByText(`Client attribué : ${client.name}`).first().waitFor();
    await expect.poll(() => unreadShown(page)).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await shot(page, 'notifications-toast-desktop');

    await page.getByTestId('notification-bell').click();
    const item = page.getByTestId('notification-item').first();
    await item.waitFor();
    expect(await item.getAttribute('data-unread')).toBe('true');
    await expect.poll(() => item.textContent()).toContain('à l’instant');
    await page.waitForTimeout(400); // the popover's opening transition
    await shot(page, 'notifications-list-desktop');

    await item.click();
    await page.waitForURL((u) => u.pathname === `/clients/${client.id}`);
    await page.getByRole('heading', { name: client.name }).first().waitFor();
    await expect.poll(() => unreadShown(page)).toBe(0);
    await page.getByTestId('notification-bell').click();
    expect(await page.getByTestId('notification-item').first().getAttribute('data-unread')).toBeNull();
    await page.keyboard.press('Escape');

    // Preferences: email too for assignments, kept after a reload.
    await page.goto(`${baseUrl}/compte`);
    const emailSwitch = page.getByRole('switch', { name: 'Client attribué : par e-mail' });
    await emailSwitch.waitFor();
    expect(await emailSwitch.isChecked()).toBe(false);
    // Administrators' alerts are not offered to a commercial.
    expect(await page.getByText('Message en échec définitif').count()).toBe(0);
    await emailSwitch.check({ force: true });
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Préférences de notification enregistrées.').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'notifications-preferences-desktop');
    await page.reload();
    await page.getByRole('switch', { name: 'Client attribué : par e-mail' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Client attribué : par e-mail' }).isChecked()).toBe(true);
    await ctx.close();
  });

  it('works on a phone: live count, list, mark all read', async () => {
    const ctx = await browser.newContext({
      viewport: phone,
      locale: 'fr-FR',
      isMobile: true,
      hasTouch: true,
    });
    const page = await ctx.newPage();
    await login(page, baseUrl, 'commercial@relais.test');
    await page.getByTestId('notification-bell').waitFor();
    await page.locator('[data-testid="notification-bell"][data-live="true"]').waitFor();
    const before = await unreadShown(page);
    const first = await assignClientToCommercial();
    await assignClientToCommercial();
    await expect.poll(() => unreadShown(page), { timeout: 10_000 }).toBe(before + 2);
    await shot(page, 'notifications-toast-phone');
    await page.getByTestId('notification-bell').tap();
    await page.getByTestId('notification-item').first().waitFor();
    await page
      .getByTestId('notification-item')
      .filter({ hasText: `Client attribué : ${first.name}` })
      .first()
      .waitFor();
    await page.waitForTimeout(400);
    await shot(page, 'notifications-list-phone', { fullPage: false });
    await page.getByRole('button', { name: 'Tout marquer comme lu' }).tap();
    await expect.poll(() => unreadShown(page)).toBe(0);
    await page.getByTestId('notification-item').first().tap();
    await page.waitForURL((u) => u.pathname.startsWith('/clients/'));
    await page.goto(`${baseUrl}/compte`);
    await page.getByTestId('notification-preferences').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'notifications-preferences-phone');
    await ctx.close();
  });
});
