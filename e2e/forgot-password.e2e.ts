import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpReceiver } from '../src/server/test/smtp.ts';
import { desktop, launch, login, phone, shot } from './browser.ts';
import { startServer } from './server.ts';

/**
 * « Mot de passe oublié »: from the login page, a person asks for a link, reads it in the email
 * (a real SMTP receiver), chooses a new password and signs in with it.
 */
const smtp = smtpReceiver();
let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  const port = await smtp.listen();
  server = await startServer({
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    SMTP_URL: `smtp://127.0.0.1:${port}`,
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp.close();
});

const until = async <T>(fn: () => T | undefined, ms = 30_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe('mot de passe oublié', () => {
  it('sends a link from the login page, which sets a new password that signs in', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await page.goto(`${server.url}/connexion`);
    await shot(page, 'forgot-login-desktop');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.waitForURL((u) => u.pathname === '/mot-de-passe-oublie');
    await page.getByRole('button', { name: 'Recevoir un lien' }).waitFor();
    await page.getByLabel('Adresse e-mail').fill('commercial@relais.test');
    await shot(page, 'forgot-form-desktop');
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText('Demande enregistrée').waitFor();
    expect(await page.getByText(/Si un compte actif correspond à commercial@relais\.test/).count()).toBe(1);
    await shot(page, 'forgot-sent-desktop');

    // An unknown address gets the very same page.
    const other = await browser.newPage({ viewport: phone });
    await other.goto(`${server.url}/mot-de-passe-oublie`);
    await other.getByRole('button', { name: 'Recevoir un lien' }).waitFor();
    await shot(other, 'forgot-form-phone');
    await other.getByLabel('Adresse e-mail').fill('personne@relais.test');
    await other.getByRole('button', { name: 'Recevoir un lien' }).click();
    await other.getByText('Demande enregistrée').waitFor();
    await shot(other, 'forgot-sent-phone');
    await other.goto(`${server.url}/connexion`);
    await other.getByRole('link', { name: 'Mot de passe oublié ?' }).waitFor();
    await shot(other, 'forgot-login-phone');
    await other.close();

    const mail = await until(() => smtp.received.find((m) => m.to === 'commercial@relais.test'));
    const token = /\/reinitialiser-mot-de-passe#([A-Za-z0-9_-]+)/.exec(mail.raw.replace(/=\r?\n/g, ''))?.[1];
    expect(token).toBeTruthy();
    await page.goto(`${server.url}/reinitialiser-mot-de-passe#${token}`);
    const newPassword = 'Tournesol bleu sur la colline de Fourvière';
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirmation du nouveau mot de passe').fill(newPassword);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Mot de passe modifié').waitFor();
    await login(page, server.url, 'commercial@relais.test', newPassword);
    expect(new URL(page.url()).pathname).not.toBe('/connexion');
    expect(smtp.received.filter((m) => m.to === 'personne@relais.test')).toHaveLength(0);
    await page.close();
  });
});
