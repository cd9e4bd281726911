/**
 * Sending a quote and the client's answer on the public page. Sending stores the PDF as sent,
 * draws an unguessable link token (only its SHA-256 is kept) and queues the e-mail with the PDF and
 * the link, in the transaction that marks the quote sent. The link reads the quote until it is
 * decided, and accepts it only while it is the last version and still valid (`decide`): the
 * acceptance keeps the time, the IP, the drawn signature, the SHA-256 of the PDF the client was sent,
 * and a signed copy of the PDF.
 */
import { createHash, randomBytes } from 'node:crypto';
import { formatCents } from '../../../shared/money.ts';
import { longDateFr } from '../../../shared/paris-time.ts';
import type { PublicQuoteOut } from '../../../shared/schemas/quotes.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound, validationFailed } from '../../infra/errors.ts';
import { listFiles, putFile } from '../../infra/files.ts';
import type { Jobs } from '../../infra/jobs.ts';
import type { AuditOrigin } from '../audit/audit.service.ts';
import { queueEmail } from '../notifications/outbox.service.ts';
import { quoteFilename, quoteOwner, storedQuotePdf } from './quote-documents.ts';
import { quotePdfData, renderQuotePdf } from './quote-pdf.ts';
import { presentQuoteLine, totalsOfLines } from './quotes.presenter.ts';
import * as repo from './quotes.repo.ts';
import {
  decide,
  getQuoteOrThrow,
  loadQuoteView,
  markSent,
  ownerOf,
  type QuoteView,
} from './quotes.service.ts';

export type SendEffects = { jobs: Jobs; publicUrl: string };

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const day = (iso: string) => longDateFr(new Date(`${iso}T12:00:00Z`));

/**
 * The page where the client reads and signs the quote; the token after `#` never reaches a server's
 * logs nor a Referer (as the password reset link).
 */
export const acceptanceUrl = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/+$/, '')}/devis/acceptation#${token}`;

/**
 * Sends the last version of a draft to its contact: the PDF stored as sent and attached, the link
 * to the acceptance page in the e-mail (co-branded for a partner's client), once per version.
 */
export async function sendQuote(
  db: Db,
  ctx: RequestContext,
  fx: SendEffects,
  id: string,
): Promise<QuoteView> {
  const view = await getQuoteOrThrow(db, ctx, id);
  const { row, parties } = view;
  ctx.policy.authorizeOrThrow('orders', 'update', ownerOf(row));
  const to = parties.contact?.email;
  if (!to)
    throw validationFailed([
      { path: 'contactId', message: 'Choisissez un contact du client qui a une adresse e-mail.' },
    ]);
  const now = clock.now();
  const sent = { ...view, row: { ...row, sentAt: now } };
  const pdf = await renderQuotePdf(await quotePdfData(db, sent));
  const token = randomBytes(32).toString('base64url');
  const totals = totalsOfLines(row.lines);
  await db.transaction(async (tx) => {
    await markSent(tx, ctx, row, { publicTokenHash: hashOf(token), sentAt: now });
    const file = await putFile(tx, {
      ...quoteOwner(id),
      purpose: 'devis',
      filename: quoteFilename(row),
      content: pdf,
      allow: ['pdf'],
      createdBy: ctx.actor.userId,
    });
    await queueEmail(tx, fx.jobs, {
      event: 'quote.sent',
      to,
      data: {
        contact: { name: `${parties.contact!.firstName} ${parties.contact!.lastName}`.trim() },
        client: { name: parties.client.name },
        quote: {
          number: row.number,
          version: String(row.version),
          validUntil: day(row.validUntil),
          oneOff: formatCents(totals.oneOff.grossCents),
          monthly: formatCents(totals.monthly.grossCents),
        },
        link: { url: acceptanceUrl(fx.publicUrl, token) },
      },
      idempotencyKey: `quote-sent:${id}`,
      entityType: 'quote',
      entityId: id,
      clientId: row.clientId,
      partnerId: row.partnerId,
      audience: 'client',
      attachments: [{ fileId: file.id, filename: file.filename }],
    });
  });
  return getQuoteOrThrow(db, ctx, id);
}

/** The version a link's token opens, or 404 (an unknown token says nothing more). */
async function viewOfToken(db: Db, token: string): Promise<QuoteView> {
  const id = await repo.findQuoteIdByTokenHash(db, hashOf(token));
  const view = id ? await loadQuoteView(db, id) : undefined;
  if (!view) throw notFound('Devis');
  return view;
}

/** The quote as its client reads it: sale prices, totals, who it comes from; nothing internal. */
export async function publicQuote(db: Db, token: string): Promise<PublicQuoteOut> {
  const view = await viewOfToken(db, token);
  const { row } = view;
  const { branding } = await quotePdfData(db, view);
  return {
    number: row.number,
    version: row.version,
    latest: row.latest,
    status: view.status,
    issuer: { name: branding.brand.name, color: branding.brand.color, partnerOf: branding.partnerOf ?? null },
    client: { name: view.parties.client.name },
    validUntil: row.validUntil,
    conditions: row.conditions,
    lines: row.lines.map(presentQuoteLine),
    totals: totalsOfLines(row.lines),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    signerName: row.signerName,
    refusalReason: row.refusalReason,
  };
}

/** The PDF behind a link: the signed copy once accepted, else the one sent. */
export async function publicQuotePdf(db: Db, token: string) {
  const file = await storedQuotePdf(db, (await viewOfToken(db, token)).row.id);
  if (!file) throw notFound('Devis');
  return file;
}

/** The PNG of a signature sent as a data URL or bare base64. */
function signatureBytes(text: string): Buffer {
  return Buffer.from(text.replace(/^data:image\/png;base64,/, ''), 'base64');
}

/**
 * The client accepts through the link: its typed name and drawn signature, the time and IP, the
 * SHA-256 of the PDF it was sent; a signed copy of the PDF is stored. Twice, on an older version or
 * after the validity date: 409 in French (`decide`).
 */
export async function acceptByLink(
  db: Db,
  origin: AuditOrigin,
  token: string,
  body: { signerName: string; signaturePng: string },
): Promise<PublicQuoteOut> {
  const view = await viewOfToken(db, token);
  const id = view.row.id;
  const png = signatureBytes(body.signaturePng);
  const sent = (await listFiles(db, quoteOwner(id), 'devis')).at(-1);
  const at = clock.now();
  const signed = await renderQuotePdf(
    await quotePdfData(db, view, { signerName: body.signerName, at, signaturePng: png }),
  );
  await db.transaction(async (tx) => {
    await decide(tx, { ...origin, actorLabel: `${body.signerName} (client)` }, id, {
      accept: true,
      signerName: body.signerName,
      ip: origin.ip,
      documentSha256: sent?.sha256 ?? null,
    });
    const owner = { ...quoteOwner(id), createdBy: null };
    await putFile(tx, {
      ...owner,
      purpose: 'signature',
      filename: 'signature.png',
      content: png,
      allow: ['png'],
      maxBytes: 300_000,
    });
    await putFile(tx, {
      ...owner,
      purpose: 'devis-signe',
      filename: quoteFilename(view.row).replace('.pdf', '-signe.pdf'),
      content: signed,
      allow: ['pdf'],
    });
  });
  return publicQuote(db, token);
}

/** The client refuses through the link, with its reason (same rules as accepting). */
export async function refuseByLink(
  db: Db,
  origin: AuditOrigin,
  token: string,
  body: { signerName?: string | undefined; reason: string },
): Promise<PublicQuoteOut> {
  const view = await viewOfToken(db, token);
  await db.transaction((tx) =>
    decide(tx, { ...origin, actorLabel: `${body.signerName ?? 'Le client'} (client)` }, view.row.id, {
      accept: false,
      reason: body.reason,
      signerName: body.signerName ?? null,
      ip: origin.ip,
    }),
  );
  return publicQuote(db, token);
}
