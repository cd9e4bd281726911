/**
 * Sending a quote and its public acceptance: the e-mail (real SMTP receiver) carries the PDF and the
 * link; the page answers only to its token, without an account; accepting keeps the time, IP,
 * signature, the SHA-256 of the PDF sent and a signed copy; twice, after expiry or on an older
 * version: 409 in French.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, parisDate } from '../../../shared/paris-time.ts';
import { auditLog, quotes, storedFiles } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { until } from '../../test/harness.ts';
import { tinyPng } from '../../test/field-fixtures.ts';
import { smtpReceiver } from '../../test/smtp.ts';
import { quoteSuite } from './quotes.fixture.ts';

const smtp = smtpReceiver();
const s = quoteSuite(async () => ({
  config: { smtpUrl: `smtp://127.0.0.1:${await smtp.listen()}`, jobRetryDelaySeconds: 1 },
}));
afterAll(() => smtp.close());

const signature = `data:image/png;base64,${tinyPng.toString('base64')}`;

/** A quote for the direct client, sent; its id, number and the token of the e-mailed link. */
async function sentQuote() {
  const res = await s.f.commercial.post('/api/v1/quotes', {
    clientId: s.f.direct.clientId,
    billingSiteId: s.f.direct.siteId,
    contactId: s.f.direct.contactId,
    lines: [
      { productId: s.f.phone.id, quantity: 3 },
      { productId: s.f.licence.id, quantity: 3 },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  const q = res.json();
  const sent = await s.f.commercial.post(`/api/v1/quotes/${q.id}/send`);
  expect(sent.statusCode, sent.body).toBe(200);
  const mail = await until(() => smtp.received.find((m) => m.raw.includes(q.number)));
  const token = /devis\/acceptation#([A-Za-z0-9_-]{43})/.exec(mail.raw.replace(/=\r?\n/g, ''))?.[1];
  expect(token).toBeDefined();
  return { id: q.id as string, number: q.number as string, token: token!, mail };
}

const publicCall = (method: 'GET' | 'POST', url: string, payload?: object) =>
  s.t.app.inject({ method, url: `/api/v1/public/quotes/${url}`, ...(payload ? { payload } : {}) });

describe('sending a quote', () => {
  it('e-mails the PDF and the acceptance link to the contact, once', async () => {
    const { id, number, token, mail } = await sentQuote();
    expect(mail.to).toBe('achats@example.test');
    expect(mail.raw).toContain(`Devis-${number}.pdf`);
    expect(mail.raw).toMatch(/Content-Type: application\/pdf/i);
    expect(token).toHaveLength(43);
    const again = await s.f.commercial.post(`/api/v1/quotes/${id}/send`);
    expect(again.statusCode).toBe(409);
    const [row] = await s.f.db.select().from(quotes).where(eq(quotes.id, id));
    expect(row!.publicTokenHash).not.toContain(token);
    expect(row!.status).toBe('envoye');
  });

  it('refuses to send a quote without a contact that has an e-mail address', async () => {
    const q = (
      await s.f.commercial.post('/api/v1/quotes', {
        clientId: s.f.direct.clientId,
        lines: [{ label: 'Audit', quantity: 1, unitPriceCents: 50_000 }],
      })
    ).json();
    const res = await s.f.commercial.post(`/api/v1/quotes/${q.id}/send`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: 'contactId', message: 'Choisissez un contact du client qui a une adresse e-mail.' },
    ]);
  });
});

describe('the public acceptance page', () => {
  it('answers only to its token, without an account, and never shows a purchase cost', async () => {
    const { number, token } = await sentQuote();
    const page = await publicCall('GET', token);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ number, status: 'envoye', latest: true });
    expect(page.body).not.toMatch(/purchase|11250|partnerId/i);
    // Another well-formed token: its last character changed (never to itself: 1 token in 64 ends in A).
    const other = `${token.slice(0, 42)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await publicCall('GET', other)).statusCode).toBe(404);
    const bad = await publicCall('GET', 'abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].message).toBe('Lien de devis invalide.');
    const pdf = await publicCall('GET', `${token}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('accepts once with the name and signature, keeping time, IP, the PDF’s hash and a signed copy', async () => {
    const { id, token } = await sentQuote();
    const noSig = await publicCall('POST', `${token}/accept`, {
      signerName: 'Claire Martin',
      signaturePng: '',
    });
    expect(noSig.statusCode).toBe(400);
    expect(noSig.json().error.details[0].message).toBe('Signez dans le cadre avant de valider.');
    const ok = await publicCall('POST', `${token}/accept`, {
      signerName: 'Claire Martin',
      signaturePng: signature,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'accepte', signerName: 'Claire Martin' });
    const [row] = await s.f.db.select().from(quotes).where(eq(quotes.id, id));
    const files = await s.f.db.select().from(storedFiles).where(eq(storedFiles.ownerId, id));
    const sent = files.find((f) => f.purpose === 'devis')!;
    expect(row!.documentSha256).toBe(sent.sha256);
    expect(row!.decisionIp).toBeTruthy();
    expect(row!.decidedAt).toBeInstanceOf(Date);
    expect(files.map((f) => f.purpose).sort()).toEqual(['devis', 'devis-signe', 'signature']);
    const [entry] = await s.f.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'quote.accept')));
    expect(entry!.actorLabel).toBe('Claire Martin (client)');

    const twice = await publicCall('POST', `${token}/accept`, {
      signerName: 'Claire Martin',
      signaturePng: signature,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toMatch(/a déjà été accepté/);
    const download = await s.f.commercial.get(`/api/v1/quotes/${id}/pdf`);
    expect(download.headers['content-disposition']).toContain('-signe.pdf');
  });

  it('refuses an acceptance after expiry or on an older version, and takes a refusal with its reason', async () => {
    const expired = await sentQuote();
    const yesterday = addDays(parisDate(clock.now()), -1);
    await s.f.db.update(quotes).set({ validUntil: yesterday }).where(eq(quotes.id, expired.id));
    expect((await publicCall('GET', expired.token)).json().status).toBe('expire');
    const late = await publicCall('POST', `${expired.token}/accept`, {
      signerName: 'Claire Martin',
      signaturePng: signature,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('a expiré le');

    const old = await sentQuote();
    const v2 = await s.f.commercial.patch(`/api/v1/quotes/${old.id}`, { conditions: 'Nouvelle remise' });
    expect(v2.json().version).toBe(2);
    expect((await publicCall('GET', old.token)).json().latest).toBe(false);
    const stale = await publicCall('POST', `${old.token}/accept`, {
      signerName: 'Claire Martin',
      signaturePng: signature,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/version plus récente/);

    const other = await sentQuote();
    const refused = await publicCall('POST', `${other.token}/refuse`, { reason: 'Budget reporté à 2027.' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: 'refuse', refusalReason: 'Budget reporté à 2027.' });
  });
});
