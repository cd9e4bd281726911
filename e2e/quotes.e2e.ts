import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatCents } from '../src/shared/money.ts';
import { quoteTotals } from '../src/shared/quotes.ts';
import type { CatalogueLineOut } from '../src/shared/schemas/catalogue.ts';
import type { ClientDetailOut, ClientOut } from '../src/shared/schemas/clients.ts';
import { desktop, login, phone, shot } from './browser.ts';
import { serverWithMail, until } from './mail-server.ts';

/**
 * Issue 17, quotes: a commercial builds a quote from « Pack pharmacie 3 postes » for a demo client,
 * sees its totals follow the lines, sends it; the client opens the e-mailed link on a phone, signs
 * on the screen and accepts; the quote reads « Accepté » back in the app.
 */
const env = serverWithMail();
const { smtp } = env;

const apiGet = async <T>(page: Page, path: string): Promise<T> => {
  const res = await page.request.get(`${env.server.url}/api/v1${path}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
};

/** A direct demo pharmacy whose contact has an e-mail address (the quote goes to it). */
async function demoPharmacy(page: Page) {
  const { items } = await apiGet<{ items: ClientOut[] }>(page, '/clients?q=Pharmacie&limit=50');
  for (const c of items.filter((i) => i.partnerId === null)) {
    const detail = await apiGet<ClientDetailOut>(page, `/clients/${c.id}`);
    const contact = detail.contacts.find((k) => k.email);
    if (contact) return { client: detail, contact };
  }
  throw new Error('no demo pharmacy with an e-mailed contact');
}

/** « Total TTC » of the one-off lines, then of the monthly ones, as the editor writes them. */
const grossTexts = (lines: CatalogueLineOut[]) => {
  const t = quoteTotals(lines);
  return [formatCents(t.oneOff.grossCents), formatCents(t.monthly.grossCents)];
};

type Box = { x: number; y: number; width: number; height: number };

/** A stroke drawn on the signature pad by a finger (CDP touch events: pointers of type touch). */
async function touchStroke(page: Page, box: Box) {
  const cdp = await page.context().newCDPSession(page);
  const at = (f: number) => ({
    x: box.x + box.width * (0.2 + 0.6 * f),
    y: box.y + box.height * (0.3 + 0.3 * Math.sin(f * 6)),
  });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(0)] });
  for (let i = 1; i <= 12; i++)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(i / 12)] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** A zigzag drawn with the mouse. */
async function mouseStroke(page: Page, box: Box) {
  await page.mouse.move(box.x + 30, box.y + box.height - 40);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++)
    await page.mouse.move(box.x + 30 + i * 20, box.y + box.height - 40 - (i % 2) * 50, { steps: 2 });
  await page.mouse.up();
}

describe('devis (issue 17)', () => {
  it('a commercial builds a quote from a pack and sends it; the client signs it on a phone', async () => {
    const page = await env.browser.newPage({ viewport: desktop });
    await login(page, env.server.url, 'commercial@relais.test');
    const { client, contact } = await demoPharmacy(page);
    const packs = await apiGet<{ items: { id: string; name: string }[] }>(page, '/packs');
    const pack = packs.items.find((p) => p.name === 'Pack pharmacie 3 postes')!;
    const packLines = (await apiGet<{ items: CatalogueLineOut[] }>(page, `/packs/${pack.id}/lines`)).items;

    await page.getByRole('link', { name: 'Devis', exact: true }).first().click();
    await page.waitForURL((u) => u.pathname === '/devis');
    await page.getByRole('heading', { name: 'Devis' }).waitFor();

    await page.getByRole('link', { name: 'Nouveau devis' }).click();
    await page.waitForURL((u) => u.pathname === '/devis/nouveau');
    await page.getByRole('combobox', { name: 'Client' }).fill(client.name);
    await page
      .getByRole('option', { name: new RegExp(client.name) })
      .first()
      .click();
    await page.getByRole('combobox', { name: 'Contact' }).click();
    await page
      .getByRole('option', { name: `${contact.firstName} ${contact.lastName}` })
      .first()
      .click();
    await page.getByRole('combobox', { name: 'Pack', exact: true }).click();
    await page.getByRole('option', { name: 'Pack pharmacie 3 postes' }).click();
    await page.getByRole('button', { name: 'Ajouter un pack' }).click();
    const totals = page.getByLabel('Totaux du devis');
    const [oneOff, monthly] = grossTexts(packLines);
    await totals.getByText(oneOff!).waitFor();
    await totals.getByText(monthly!).waitFor();
    await page.getByText('Mensualités et abonnements').waitFor();

    // One more phone: the totals follow at once, computed as the server does.
    const quantity = page.getByLabel('Quantité').first();
    const first = packLines[0]!;
    await quantity.fill(String(first.quantity + 1));
    const [oneOff2, monthly2] = grossTexts([
      { ...first, quantity: first.quantity + 1 },
      ...packLines.slice(1),
    ]);
    await totals.getByText(first.billingPeriod === null ? oneOff2! : monthly2!).waitFor();
    await shot(page, 'quote-editor-desktop');

    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.waitForURL((u) => /^\/devis\/[0-9a-f-]{36}$/.test(u.pathname));
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText(/Devis D-\d{4}-\d{6} envoyé/).waitFor();
    await page.getByText('Envoyé', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Nouvelle version' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Télécharger le PDF' }).count()).toBe(1);
    await shot(page, 'quote-sent-desktop');
    const quoteUrl = page.url();

    const mail = await until(() => smtp.received.find((m) => m.to === contact.email));
    const token = /\/devis\/acceptation#([A-Za-z0-9_-]{43})/.exec(mail.raw.replace(/=\r?\n/g, ''))?.[1];
    expect(token).toBeTruthy();

    // The client, on a phone, without an account.
    const phoneContext = await env.browser.newContext({ viewport: phone, hasTouch: true, isMobile: true });
    const client1 = await phoneContext.newPage();
    await client1.goto(`${env.server.url}/devis/acceptation#${'x'.repeat(43)}`);
    await client1.getByText('Lien inconnu').waitFor();
    await client1.goto(`${env.server.url}/devis/acceptation#${token}`);
    await client1.reload();
    await client1.getByRole('heading', { name: /Devis D-\d{4}-\d{6}/ }).waitFor();
    await client1.getByText('Frais de mise en service').first().waitFor();
    expect(await client1.getByRole('link', { name: 'Télécharger le devis (PDF)' }).count()).toBe(1);
    await shot(client1, 'quote-public-phone');
    const pad = client1.getByTestId('signature-pad');
    await pad.scrollIntoViewIfNeeded();
    let box = (await pad.boundingBox())!;
    await mouseStroke(client1, box);
    await client1.getByRole('button', { name: 'Effacer' }).click();
    await client1.getByLabel('Nom et prénom').fill(`${contact.firstName} ${contact.lastName}`);
    await client1.getByRole('button', { name: 'Accepter et signer' }).click();
    await client1.getByText('Signez dans le cadre avant de valider.').waitFor();
    box = (await pad.boundingBox())!;
    await touchStroke(client1, box);
    await mouseStroke(client1, box);
    await shot(client1, 'quote-public-signed-phone');
    await client1.getByRole('button', { name: 'Accepter et signer' }).click();
    await client1.getByText('Devis accepté').waitFor();
    await shot(client1, 'quote-public-accepted-phone');

    // Refusing now is no longer offered; the same link on a desktop says it was accepted.
    const desk = await env.browser.newPage({ viewport: desktop });
    await desk.goto(`${env.server.url}/devis/acceptation#${token}`);
    await desk.getByText('Devis accepté').waitFor();
    expect(await desk.getByRole('button', { name: 'Refuser' }).count()).toBe(0);
    await shot(desk, 'quote-public-desktop');
    await desk.close();
    await phoneContext.close();

    await page.goto(quoteUrl);
    await page.getByText('Accepté', { exact: true }).first().waitFor();
    await page.getByText(`Signé par ${contact.firstName} ${contact.lastName}`, { exact: false }).waitFor();
    await page.goto(`${env.server.url}/devis`);
    await page.getByText('Accepté', { exact: true }).first().waitFor();
    await shot(page, 'quotes-list-desktop');
    await page.close();
  });

  it('the client refuses with a reason; the commercial makes a new version, a draft again', async () => {
    const page = await env.browser.newPage({ viewport: desktop });
    await login(page, env.server.url, 'commercial@relais.test');
    const { client, contact } = await demoPharmacy(page);
    const products = await apiGet<{ items: { id: string; reference: string }[] }>(
      page,
      '/products?q=INST-SITE',
    );
    const created = await page.evaluate(
      async (body) => {
        const res = await fetch('/api/v1/quotes', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-relais-csrf': '1' },
          body: JSON.stringify(body),
        });
        return (await res.json()) as { id: string };
      },
      {
        clientId: client.id,
        contactId: contact.id,
        lines: [{ productId: products.items[0]!.id, quantity: 1 }],
      },
    );
    await page.goto(`${env.server.url}/devis/${created.id}`);
    const mailsBefore = smtp.received.filter((m) => m.to === contact.email).length;
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText(/Devis D-\d{4}-\d{6} envoyé/).waitFor();
    const mail = await until(() => smtp.received.filter((m) => m.to === contact.email)[mailsBefore]);
    const token = /\/devis\/acceptation#([A-Za-z0-9_-]{43})/.exec(mail.raw.replace(/=\r?\n/g, ''))?.[1];

    const phonePage = await env.browser.newPage({ viewport: phone });
    await phonePage.goto(`${env.server.url}/devis/acceptation#${token}`);
    await phonePage.getByRole('button', { name: 'Refuser' }).click();
    await phonePage.getByRole('button', { name: 'Refuser le devis' }).click();
    await phonePage.getByText('Indiquez le motif du refus.').waitFor();
    await phonePage.getByLabel('Motif du refus').fill('Budget reporté au prochain exercice.');
    await shot(phonePage, 'quote-public-refusing-phone');
    await phonePage.getByRole('button', { name: 'Refuser le devis' }).click();
    await phonePage.getByText('Devis refusé').waitFor();
    await phonePage.getByText(/Motif : Budget reporté au prochain exercice\./).waitFor();
    await phonePage.close();

    await page.reload();
    await page.getByText('Refusé', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Nouvelle version' }).click();
    await page.getByLabel('Quantité').first().fill('2');
    // A price that is not an amount: the server's French message under the field.
    await page.getByLabel('Prix unitaire HT').first().fill('trois cents');
    await page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
    await page.getByText('Prix unitaire : montant attendu.').first().waitFor();
    await page.getByLabel('Prix unitaire HT').first().fill('350');
    await page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
    await page.getByRole('heading', { name: /Devis D-\d{4}-\d{6} v2/ }).waitFor();
    await page.getByText('Brouillon', { exact: true }).first().waitFor();
    await page.getByText('700,00 €').first().waitFor();
    expect(await page.getByRole('button', { name: 'Envoyer' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'v1' }).count()).toBe(1);
    await shot(page, 'quote-v2-desktop');
    await page.close();
  });

  it('the list and the editor on a phone', async () => {
    const page = await env.browser.newPage({ viewport: phone });
    await login(page, env.server.url, 'commercial@relais.test');
    await page.goto(`${env.server.url}/devis`);
    await expect.poll(() => page.getByText(/^D-\d{4}-\d{6}/).count()).toBeGreaterThan(0);
    await shot(page, 'quotes-list-phone');
    await page.getByText('Accepté', { exact: true }).first().click();
    await page.getByRole('heading', { name: /Devis D-\d{4}-\d{6} v1/ }).waitFor();
    await page.getByText('Devis accepté').waitFor();
    await shot(page, 'quote-page-phone');
    await page.goto(`${env.server.url}/devis/nouveau`);
    await page.getByRole('combobox', { name: 'Pack', exact: true }).click();
    await page.getByRole('option', { name: 'Pack pharmacie 3 postes' }).click();
    await page.getByRole('button', { name: 'Ajouter un pack' }).click();
    await page.getByText('Mensualités et abonnements').waitFor();
    await shot(page, 'quote-editor-phone');
    await page.close();
  });
});
