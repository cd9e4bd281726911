import { describe, expect, it } from 'vitest';
import { desktop, login, phone, shot } from './browser.ts';
import { serverWithMail, until } from './mail-server.ts';

/**
 * « Mot de passe oublié »: from the login page, a person asks for a link, reads it in the email
 * (a real SMTP receiver), chooses a new password and signs in with it.
 */
const env = serverWithMail();
const { smtp } = env;

describe('mot de passe oublié', () => {
  it('sends a link from the login page, which sets a new password that signs in', async () => {
    const page = await env.browser.newPage({ viewport: desktop });
    await page.goto(`${env.server.url}/connexion`);
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
    const other = await env.browser.newPage({ viewport: phone });
    await other.goto(`${env.server.url}/mot-de-passe-oublie`);
    await other.getByRole('button', { name: 'Recevoir un lien' }).waitFor();
    await shot(other, 'forgot-form-phone');
    await other.getByLabel('Adresse e-mail').fill('personne@relais.test');
    await other.getByRole('button', { name: 'Recevoir un lien' }).click();
    await other.getByText('Demande enregistrée').waitFor();
    await shot(other, 'forgot-sent-phone');
    await other.goto(`${env.server.url}/connexion`);
    await other.getByRole('link', { name: 'Mot de passe oublié ?' }).waitFor();
    await shot(other, 'forgot-login-phone');
    await other.close();

    const mail = await until(() => smtp.received.find((m) => m.to === 'commercial@relais.test'));
    const token = /\/reinitialiser-mot-de-passe#([A-Za-z0-9_-]+)/.exec(mail.raw.replace(/=\r?\n/g, ''))?.[1];
    expect(token).toBeTruthy();
    await page.goto(`${env.server.url}/reinitialiser-mot-de-passe#${token}`);
    const newPassword = 'Tournesol bleu sur la colline de Fourvière';
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirmation du nouveau mot de passe').fill(newPassword);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Mot de passe modifié').waitFor();
    await login(page, env.server.url, 'commercial@relais.test', newPassword);
    expect(new URL(page.url()).pathname).not.toBe('/connexion');
    expect(smtp.received.filter((m) => m.to === 'personne@relais.test')).toHaveLength(0);
    await page.close();
  });
});
