import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPhone } from '../src/shared/phone.ts';
import { launch, login, shot } from './browser.ts';
import { startServer } from './server.ts';

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };
const apiKey = 'xkeysib-e2e';

/** A local HTTP server playing Brevo's transactional SMS API (see sms.test.ts for the strict one). */
const received: { recipient: string; content: string }[] = [];
const brevo = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
  req.on('end', () => {
    const ok = req.url === '/v3/transactionalSMS/send' && req.headers['api-key'] === apiKey;
    if (ok) received.push(JSON.parse(raw));
    res.writeHead(ok ? 201 : 400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { messageId: received.length } : { code: 'invalid_parameter' }));
  });
});

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let clientId: string;
let contactNumber: string;

beforeAll(async () => {
  await new Promise<void>((r) => brevo.listen(0, '127.0.0.1', () => r()));
  server = await startServer({
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    SMS_PROVIDER: 'brevo',
    SMS_API_KEY: apiKey,
    SMS_API_URL: `http://127.0.0.1:${(brevo.address() as AddressInfo).port}`,
    SMS_QUOTA_PER_HOUR: '3',
  });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  brevo.closeAllConnections();
  await new Promise((r) => brevo.close(r));
});

const until = async <T>(fn: () => T | undefined, ms = 20_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** A client of the demo whose first contact has a mobile number. */
async function findClient(page: Page): Promise<{ id: string; phone: string }> {
  return page.evaluate(async () => {
    const list = (await (await fetch('/api/v1/clients?limit=50')).json()).items as { id: string }[];
    for (const c of list) {
      const d = await (await fetch(`/api/v1/clients/${c.id}`)).json();
      const contact = d.contacts.find((x: { mobile: string | null }) => x.mobile?.startsWith('06'));
      if (contact && d.contacts[0] === contact) return { id: c.id, phone: contact.mobile as string };
    }
    throw new Error('no client with a mobile contact');
  });
}

async function openDialog(page: Page) {
  await page.getByRole('button', { name: 'Envoyer un SMS' }).click();
  await page.getByRole('dialog').getByLabel('Message').waitFor();
  await page.getByTestId('sms-quota').waitFor();
}

describe('a support agent texts a client, an admin sees it in the outbox', () => {
  it('sends an SMS from the client record with a live counter, and hits the hourly quota', async () => {
    const page = await browser.newPage({ viewport: desktop });
    await login(page, server.url, 'support@relais.test');
    ({ id: clientId, phone: contactNumber } = await findClient(page));
    await page.goto(`${server.url}/clients/${clientId}`);
    await openDialog(page);
    const dialog = page.getByRole('dialog');
    // Shown the French way, whatever was typed (issue 15 item 6).
    expect(await dialog.getByLabel('Destinataire').inputValue()).toContain(formatPhone(contactNumber));
    await expect
      .poll(() => dialog.getByTestId('sms-quota').innerText())
      .toContain('Il vous reste 3 SMS sur 3');

    // An accent outside the GSM alphabet switches to UCS-2, and the counter says why.
    await dialog.getByLabel('Message').fill('Votre fenêtre de passage est confirmée demain entre 9h et 12h.');
    const counter = dialog.getByTestId('sms-counter');
    await expect.poll(() => counter.innerText()).toContain('UCS-2 · 1 SMS');
    expect(await counter.innerText()).toContain('« ê »');
    await page.waitForTimeout(300);
    await shot(page, 'sms-dialog-ucs2-desktop');

    const text = 'Votre passage est confirme demain entre 9h et 12h. Le support Relais';
    await dialog.getByLabel('Message').fill(text);
    await expect.poll(() => counter.innerText()).toContain(`${text.length} caractères · GSM-7 · 1 SMS`);
    await dialog.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.getByText(/SMS envoyé au 06 /).waitFor();
    const sms = await until(() => received.find((r) => r.content === text));
    expect(sms.recipient).toMatch(/^336\d{8}$/);

    // A typed number that is not one is caught before sending.
    await openDialog(page);
    await dialog.getByLabel('Destinataire').click();
    await page.getByRole('option', { name: 'Autre numéro…' }).click();
    await dialog.getByLabel('Numéro').fill('06 12');
    await dialog.getByText('Numéro invalide').waitFor();
    await dialog.getByLabel('Message').fill('Test');
    expect(await dialog.getByRole('button', { name: 'Envoyer', exact: true }).isDisabled()).toBe(true);
    await dialog.getByLabel('Numéro').fill('07 81 23 45 67');
    await dialog.getByText('Sera envoyé au 07 81 23 45 67').waitFor();
    await dialog.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.getByText('SMS envoyé au 07 81 23 45 67').waitFor();

    // Third SMS uses the last slot; the fourth is refused with the time it becomes possible again.
    await openDialog(page);
    await dialog.getByLabel('Message').fill('Troisième');
    await dialog.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page
      .getByText(/SMS envoyé au/)
      .last()
      .waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await openDialog(page);
    await expect
      .poll(() => dialog.getByTestId('sms-quota').innerText())
      .toMatch(/Limite atteinte.*\d\d h \d\d/);
    await dialog.getByLabel('Message').fill('Quatrième');
    await dialog.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').innerText()).toMatch(
      /limite de 3 SMS par heure\. Vous pourrez en envoyer de nouveau à \d\d h \d\d/,
    );
    await page.waitForTimeout(300);
    await shot(page, 'sms-dialog-quota-desktop');
    expect(received.filter((r) => r.content === 'Quatrième')).toHaveLength(0);
    await page.close();
  });

  it('shows the dialog full screen on a phone', async () => {
    const page = await browser.newPage({ viewport: phone });
    await login(page, server.url, 'tech.interne@relais.test');
    await page.goto(`${server.url}/clients/${clientId}`);
    await openDialog(page);
    await page
      .getByRole('dialog')
      .getByLabel('Message')
      .fill(
        'Bonjour, je serai chez vous à 14h pour la mise en service du standard. Merci de prévoir l’accès à la baie.',
      );
    await expect.poll(() => page.getByTestId('sms-counter').innerText()).toContain('UCS-2 · 2 SMS');
    await page.waitForTimeout(300);
    await shot(page, 'sms-dialog-phone');
    await page.close();
  });

  it('lets the admin read the SMS in the outbox, with encoding and parts', async () => {
    for (const [size, viewport] of [
      ['desktop', desktop],
      ['phone', phone],
    ] as const) {
      const page = await browser.newPage({ viewport });
      await login(page, server.url, 'admin@relais.test');
      await page.goto(`${server.url}/admin/messages`);
      const row = page.getByTestId('outbox-row').filter({ hasText: 'Votre passage est confirme' });
      await row.waitFor();
      await expect.poll(() => row.innerText()).toMatch(/envoyé/i);
      expect(await row.innerText()).toContain('SMS');
      expect(await row.innerText()).toContain('GSM-7 · 1 SMS');
      await page.waitForLoadState('networkidle');
      await shot(page, `sms-outbox-${size}`);
      await row.click();
      await page.getByTestId('sms-parts').waitFor();
      expect(await page.getByTestId('sms-parts').innerText()).toMatch(
        /Encodage GSM-7 · 1 SMS · \d+ caractères/,
      );
      await page.getByText('Remis au fournisseur SMS').waitFor();
      await page.waitForTimeout(600);
      await shot(page, `sms-outbox-message-${size}`);
      await page.close();
    }
  });
});
