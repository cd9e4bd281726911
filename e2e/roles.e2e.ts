import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { desktop, launch, login, logout, phone, shot } from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser?.close());

const adminNav = [
  'Utilisateurs',
  'Partenaires',
  'Jetons d’API',
  'Société',
  'Droits',
  'Messages sortants',
  'Journal d’audit',
];
const roles: [string, string, { admin: boolean }][] = [
  ['admin@relais.test', 'Administrateur', { admin: true }],
  ['support@relais.test', 'Support', { admin: false }],
  ['commercial@relais.test', 'Commercial', { admin: false }],
  ['adv@relais.test', 'ADV (administration des ventes)', { admin: false }],
  ['staging@relais.test', 'Staging', { admin: false }],
  ['tech.interne@relais.test', 'Technicien interne', { admin: false }],
  ['tech.terrain@relais.test', 'Technicien terrain', { admin: false }],
  ['chef.projet@relais.test', 'Chef de projet', { admin: false }],
  ['compta@relais.test', 'Comptabilité', { admin: false }],
  ['partenaire@relais.test', 'Partenaire', { admin: false }],
  ['partenaire2@relais.test', 'Partenaire', { admin: false }],
];

async function navLabels(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  return (await nav.locator('a').allInnerTexts()).map((s) => s.trim());
}

describe('each demo role logs in, sees its navigation and logs out', () => {
  for (const [email, roleLabel, { admin }] of roles) {
    it(email, async () => {
      const page = await browser.newPage({ viewport: desktop });
      await login(page, baseUrl, email);
      await page.getByText(roleLabel, { exact: true }).first().waitFor();
      const labels = await navLabels(page);
      expect(labels[0]).toBe('Accueil');
      expect(labels).toContain('Clients');
      for (const l of adminNav) expect(labels.includes(l)).toBe(admin);
      await logout(page);
      // The old session is dead: the app sends us back to the login page.
      await page.goto(`${baseUrl}/clients`);
      await page.waitForURL((u) => u.pathname.startsWith('/connexion'));
      await page.close();
    });
  }
});

describe('a partner sees only its own clients', () => {
  it('lists partner A’s clients and not partner B’s', async () => {
    const ctxB = await browser.newContext({ viewport: desktop });
    const pageB = await ctxB.newPage();
    await login(pageB, baseUrl, 'partenaire2@relais.test');
    const clientsB: { id: string; name: string }[] = await pageB.evaluate(
      async () => (await (await fetch('/api/v1/clients?limit=200')).json()).items,
    );
    expect(clientsB.length).toBeGreaterThan(0);
    await ctxB.close();

    const ctxA = await browser.newContext({ viewport: desktop });
    const page = await ctxA.newPage();
    await login(page, baseUrl, 'partenaire@relais.test');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Clients', exact: true })
      .click();
    await page.getByTestId('client-row').first().waitFor();
    const shown = await page
      .getByTestId('client-row')
      .locator('a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(shown.length).toBeGreaterThan(0);
    for (const b of clientsB) expect(shown).not.toContain(`/clients/${b.id}`);
    await shot(page, 'partner-clients-desktop');

    // Searching for one of partner B's clients by name never shows it.
    const target = clientsB[0]!;
    const searched = page.waitForResponse(
      (r) => r.url().includes('/api/v1/clients?') && r.url().includes('q='),
    );
    await page.getByPlaceholder(/Rechercher/).fill(target.name);
    const res = await searched;
    const found: { id: string }[] = (await res.json()).items;
    expect(found.map((c) => c.id)).not.toContain(target.id);
    await page.waitForTimeout(300);
    const after = await page
      .getByTestId('client-row')
      .locator('a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(after).not.toContain(`/clients/${target.id}`);
    await ctxA.close();
  });
});

describe('screenshots', () => {
  it('login page and three roles’ home pages, desktop and phone', async () => {
    for (const [size, viewport] of [
      ['desktop', desktop],
      ['phone', phone],
    ] as const) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${baseUrl}/connexion`);
      await page.getByRole('button', { name: 'Se connecter' }).waitFor();
      await shot(page, `login-${size}`);
      for (const email of ['admin@relais.test', 'support@relais.test', 'partenaire@relais.test']) {
        await login(page, baseUrl, email);
        await page.getByTestId('home-pages').waitFor();
        await shot(page, `home-${email.split('@')[0]}-${size}`);
        if (size === 'phone') {
          await page.getByRole('button', { name: 'Ouvrir le menu' }).click();
          await page
            .getByRole('navigation', { name: 'Navigation principale' })
            .getByRole('link', { name: 'Clients', exact: true })
            .waitFor();
          await shot(page, `menu-${email.split('@')[0]}-${size}`);
          await page.getByRole('button', { name: 'Ouvrir le menu' }).click();
        }
        await logout(page);
      }
      await page.close();
    }
  });
});

describe('admin screens', () => {
  it('show users, partners, tokens, company, rights and audit log, desktop and phone', async () => {
    const pages: [string, string][] = [
      ['/admin/utilisateurs', 'Utilisateurs'],
      ['/admin/partenaires', 'Partenaires'],
      ['/admin/jetons', 'Jetons d’API'],
      ['/admin/societe', 'Société'],
      ['/admin/droits', 'Droits'],
      ['/admin/journal', 'Journal d’audit'],
      ['/admin/messages', 'Messages sortants'],
    ];
    for (const [size, viewport] of [
      ['desktop', desktop],
      ['phone', phone],
    ] as const) {
      const page = await browser.newPage({ viewport });
      await login(page, baseUrl, 'admin@relais.test');
      // A reset link is emailed through the outbox; without SMTP it stays there, readable.
      await page.evaluate(async () => {
        const users = (await (await fetch('/api/v1/users?q=support')).json()).items;
        await fetch(`/api/v1/users/${users[0].id}/reset-link`, {
          method: 'POST',
          headers: { 'x-relais-csrf': '1' },
        });
      });
      for (const [path, title] of pages) {
        await page.goto(`${baseUrl}${path}`);
        await page.getByRole('heading', { level: 2 }).first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.getByRole('heading', { level: 2 }).first().innerText()).toContain(
          title.split(' ')[0],
        );
        await shot(page, `admin${path.replaceAll('/', '-')}-${size}`);
      }
      await page.getByTestId('outbox-row').first().click();
      await page.getByText('Version texte').waitFor();
      await page.waitForTimeout(600); // let the drawer finish sliding in
      await shot(page, `admin-outbox-message-${size}`);
      await page.goto(`${baseUrl}/clients`);
      await page
        .getByTestId('client-row')
        .first()
        .locator('a')
        .first()
        .click()
        .catch(async () => {
          await page.getByTestId('client-row').first().click();
        });
      await page.waitForURL((u) => /\/clients\/[0-9a-f-]{36}$/.test(u.pathname));
      await page.waitForLoadState('networkidle');
      await shot(page, `client-record-${size}`);
      await page.close();
    }
  });
});
