import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const desktop = { width: 1366, height: 850 };
export const phone = { width: 390, height: 844 };
export const shotsDir = path.resolve('test-results/screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A screenshot of the whole page; `fullPage: false` for an open popover or menu (a full-page capture
 * resizes the viewport, which moves floating elements away from their anchor).
 */
export async function shot(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: opts.fullPage ?? true });
}

/**
 * TOTP secrets of the accounts enrolled on a server, in a file per server port: every journey file
 * talking to the same server (they run one after another) shares them.
 */
export function totpFile(baseUrl: string): string {
  return path.join(os.tmpdir(), `relais-e2e-totp-${new URL(baseUrl).port}.json`);
}
type Known = { secret: string; lastStep: number };
const readSecrets = (baseUrl: string): Record<string, Known> => {
  try {
    return JSON.parse(fs.readFileSync(totpFile(baseUrl), 'utf8'));
  } catch {
    return {};
  }
};
const saveSecret = (baseUrl: string, email: string, known: Known) =>
  fs.writeFileSync(totpFile(baseUrl), JSON.stringify({ ...readSecrets(baseUrl), [email]: known }));

function code(secret: string, step: number) {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({
    timestamp: step * 30_000,
  });
}

/** Types a 6-digit code into Mantine's PinInput. */
async function typeCode(page: Page, value: string) {
  await page.getByLabel('Code de vérification').first().click();
  await page.keyboard.type(value, { delay: 30 });
}

/**
 * Logs in through the login page. A role that must use 2FA enrols on the account page the first
 * time (reading the secret shown there) and gives a fresh code on later logins.
 */
export async function login(page: Page, baseUrl: string, email: string, password = 'demo-relais-2026') {
  await page.goto(`${baseUrl}/connexion`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const known = readSecrets(baseUrl)[email];
  if (known) {
    await page.getByText('Code de vérification').first().waitFor();
    // Each code works once; the server accepts the next time step too, so no waiting is needed.
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(now, known.lastStep + 1);
    if (step > now + 1) await page.waitForTimeout((step - 1) * 30_000 - Date.now() + 200);
    known.lastStep = step;
    saveSecret(baseUrl, email, known);
    await typeCode(page, code(known.secret, step));
    await page.getByRole('button', { name: 'Vérifier et se connecter' }).click();
  }
  await page.waitForURL((u) => !u.pathname.startsWith('/connexion'));
  if (new URL(page.url()).pathname === '/compte' && !known) {
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    const step = Math.floor(Date.now() / 30_000);
    saveSecret(baseUrl, email, { secret, lastStep: step });
    await typeCode(page, code(secret, step));
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await page.waitForURL((u) => u.pathname === '/');
  }
}

export async function logout(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/connexion'));
}

const monthsFr = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/**
 * Picks a day (YYYY-MM-DD) in a Mantine date field (`DayField`, `DateTimeField`): opens its calendar,
 * walks the months with « Mois précédent / suivant » and clicks the day (named « 1 juin 2026 »).
 */
export async function pickDay(page: Page, field: Locator, day: string) {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // The calendar of a field picked just before may still be closing: wait until none shows, so
  // that the month read below is this field's.
  const calendars = page.getByRole('button', { name: 'Choisir le mois' }).locator('visible=true');
  await calendars.first().waitFor({ state: 'hidden' });
  await field.click();
  const cell = page
    .getByRole('button', { name: `${d} ${monthsFr[m - 1]} ${y}`, exact: true })
    .locator('visible=true')
    .first();
  // The visible calendar only: a field picked before may leave its closed calendar in the page.
  const shown = page.getByRole('button', { name: 'Choisir le mois' }).locator('visible=true').first();
  for (let i = 0; i < 60 && !(await cell.isVisible()); i++) {
    const [month = '', year = ''] = ((await shown.textContent()) ?? '').trim().toLowerCase().split(' ');
    const ahead = y * 12 + m - (Number(year) * 12 + monthsFr.indexOf(month) + 1);
    // The right month is shown but its day not drawn yet (a slow machine): wait, never walk away.
    if (ahead === 0) {
      await cell.waitFor();
      break;
    }
    await page
      .getByRole('button', { name: ahead > 0 ? 'Mois suivant' : 'Mois précédent' })
      .locator('visible=true')
      .first()
      .click();
  }
  await cell.click();
}

/** Picks a Paris wall-clock time (day YYYY-MM-DD, « HH:MM ») in a `DateTimeField`, then confirms it. */
export async function pickDateTime(page: Page, field: Locator, day: string, hhmm: string) {
  await pickDay(page, field, day);
  const [h, m] = hhmm.split(':');
  await page.getByRole('spinbutton', { name: 'Heures' }).fill(h!);
  await page.getByRole('spinbutton', { name: 'Minutes' }).fill(m!);
  await page.getByRole('button', { name: 'Valider la date et l’heure' }).click();
}
