import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launch, login, phone, shot } from './browser.ts';
import { startServer } from './server.ts';

// A server of its own: the admin enrols in 2FA here, whatever other journeys did to theirs.
let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
beforeAll(async () => {
  server = await startServer({ RATE_LIMIT_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const previewSubject = (page: Page) => page.getByTestId('preview-subject');

async function waitSubject(page: Page, expected: string | RegExp) {
  await expect
    .poll(async () => (await previewSubject(page).textContent()) ?? '', { timeout: 10_000 })
    .toMatch(expected);
}

async function openTemplates(page: Page) {
  await login(page, server.url, 'admin@relais.test');
  await page.goto(`${server.url}/admin/modeles`);
  await page.getByRole('heading', { name: 'Modèles de messages' }).waitFor();
}

describe('message templates', () => {
  it('an admin edits the password-reset subject, sees the preview change live, saves and resets', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, server.url, 'admin@relais.test');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Modèles de messages' })
      .click();
    await page.getByRole('heading', { name: 'Lien de choix du mot de passe' }).waitFor();
    await waitSubject(page, 'Choisissez votre mot de passe Relais');

    // Live preview of the unsaved draft, on a real user chosen in the list.
    const subject = page.getByLabel('Objet');
    await subject.fill('Bienvenue ');
    await page.getByRole('button', { name: 'Insérer user.name' }).click();
    await expect.poll(() => subject.inputValue()).toBe('Bienvenue {{ user.name }}');
    await page.getByRole('combobox', { name: /Aperçu sur la fiche/ }).click();
    await page.getByRole('option', { name: /commercial@relais\.test/ }).click();
    const commercial: { name: string } = await page.evaluate(
      async () => (await (await fetch('/api/v1/users?q=commercial')).json()).items[0],
    );
    await waitSubject(page, `Bienvenue ${commercial.name}`);
    const frame = page.frameLocator('iframe[title="Aperçu de l’e-mail"]');
    await expect.poll(() => frame.locator('body').textContent()).toContain(`Bonjour ${commercial.name}`);

    // An unknown variable is pointed out, with its line, before any save.
    await subject.fill('Bienvenue {{ user.nom }}');
    await page.getByText('Objet, ligne 1 : variable inconnue « user.nom »').first().waitFor();
    await shot(page, 'templates-error-desktop');
    await subject.fill('Bienvenue {{ user.name }} chez {{ company.legalName }}');
    await waitSubject(page, `Bienvenue ${commercial.name} chez Relais Intégration Télécom`);

    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Modèle enregistré : les prochains messages l’utiliseront.').waitFor();
    await page.getByText(/^Modifié le .* par /).waitFor();
    const saved = await page.evaluate(async () => (await fetch('/api/v1/templates/password-reset')).json());
    expect(saved).toMatchObject({
      customized: true,
      subject: 'Bienvenue {{ user.name }} chez {{ company.legalName }}',
    });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'templates-desktop');

    await page.getByRole('button', { name: 'Rétablir le modèle par défaut' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rétablir le modèle par défaut ?' });
    await dialog.getByRole('button', { name: 'Rétablir le modèle par défaut' }).click();
    await page.getByText('Le modèle par défaut est rétabli.').waitFor();
    await expect.poll(() => subject.inputValue()).toBe('Choisissez votre mot de passe Relais');
    await waitSubject(page, 'Choisissez votre mot de passe Relais');
    const reset = await page.evaluate(async () => (await fetch('/api/v1/templates/password-reset')).json());
    expect(reset.customized).toBe(false);

    // The notification message has an SMS version with its counter.
    await page.getByTestId('template-event').filter({ hasText: 'Notification' }).click();
    await page.getByRole('heading', { name: 'Notification' }).waitFor();
    await page.getByLabel('Texte du SMS').fill('Nouvelle fenêtre : {{ notification.title }}');
    await expect
      .poll(() => page.getByTestId('sms-counter').textContent(), { timeout: 10_000 })
      .toContain('UCS-2');
    await page.getByLabel('Texte du SMS').fill('Alerte : {{ notification.title }}');
    await expect
      .poll(() => page.getByTestId('sms-counter').textContent(), { timeout: 10_000 })
      .toContain('GSM-7');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'templates-sms-desktop');
    await page.close();
  });

  it('is usable on a phone', async () => {
    const page = await browser.newPage({ viewport: phone });
    await openTemplates(page);
    await waitSubject(page, 'Choisissez votre mot de passe Relais');
    const frame = page.frameLocator('iframe[title="Aperçu de l’e-mail"]');
    await expect.poll(() => frame.locator('body').textContent()).toContain('Choisir mon mot de passe');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(phone.width);
    await shot(page, 'templates-phone');
    // The preview, scrolled into view (an off-screen sandboxed frame is not painted in a full-page shot).
    await page.locator('iframe[title="Aperçu de l’e-mail"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/templates-phone-preview.png' });
    await page.close();
  });
});
