/**
 * Quotes (devis) of the `orders` module: made by the commercial, ADV or a partner for one of its own
 * clients, at the prices of the client's partner (or list prices). A draft changes in place; a sent
 * quote changes into a new version (same number, `v2`), and only the last version can be sent,
 * accepted or refused. Every change is audited on the client's history.
 */
import { addDays, parisDate, parisParts } from '../../../shared/paris-time.ts';
import { defaultValidityDays, quoteNumber, type QuoteStatus, quoteTotals } from '../../../shared/quotes.ts';
import type { QuoteBody, QuotePatch, quoteListQuery } from '../../../shared/schemas/quotes.ts';
import type { z } from '../../../shared/zod.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, conflict, type ErrorDetail, notFound, validationFailed } from '../../infra/errors.ts';
import { cursorPart, decodeCursor, pageOf } from '../../infra/pagination.ts';
import type { RowOwner } from '../../policy/policy.ts';
import { type AuditAction, type AuditOrigin, recordAudit } from '../audit/audit.service.ts';
import { getClientNames, getClientParties } from '../clients/clients.read.ts';
import { foreignRecordsOf } from '../clients/records.shared.ts';
import { callerRules } from './catalogue.access.ts';
import { getPackOrThrow } from './packs.service.ts';
import { expandPack } from './pricing.ts';
import { lineOfPack, resolveLines } from './quote-lines.ts';
import * as repo from './quotes.repo.ts';
import type { QuoteBase, QuoteLineValues, QuoteRow } from './quotes.repo.ts';

export const ownerOf = (q: Pick<QuoteBase, 'partnerId'>): RowOwner => ({ partnerId: q.partnerId });

/** Today in Paris, the day validity dates are compared with. */
const today = () => parisDate(clock.now());

/** The status as shown: a sent quote past its validity date is « expiré ». */
export const shownStatus = (q: Pick<QuoteBase, 'status' | 'validUntil'>, day = today()): QuoteStatus =>
  q.status === 'envoye' && q.validUntil < day ? 'expire' : (q.status as QuoteStatus);

/** A quote with what its page shows: the client's parties and the versions of its number. */
export type QuoteView = {
  row: QuoteRow;
  status: QuoteStatus;
  parties: NonNullable<Awaited<ReturnType<typeof getClientParties>>>;
  versions: { id: string; version: number; status: QuoteStatus }[];
};

async function viewOf(db: Db, row: QuoteRow): Promise<QuoteView> {
  const parties = await getClientParties(db, row.clientId, {
    siteIds: [row.billingSiteId, row.installationSiteId],
    contactId: row.contactId,
  });
  const day = today();
  const versions = (await repo.listVersions(db, row.number)).map((v) => ({
    id: v.id,
    version: v.version,
    status: shownStatus(v, day),
  }));
  return { row, status: shownStatus(row, day), parties: parties!, versions };
}

/** A version with its parties, whoever asks (the public page and jobs check their own access). */
export async function loadQuoteView(db: Db, id: string): Promise<QuoteView | undefined> {
  const row = await repo.findQuote(db, id);
  return row ? viewOf(db, row) : undefined;
}

/** A quote the actor may see, or 404 (also when it exists outside the actor's scope). */
export async function getQuoteRowOrThrow(db: Db, ctx: RequestContext, id: string): Promise<QuoteRow> {
  const row = await repo.findQuote(db, id);
  if (!row || !ctx.policy.sees('orders', ownerOf(row))) throw notFound('Devis');
  return row;
}

export async function getQuoteOrThrow(db: Db, ctx: RequestContext, id: string): Promise<QuoteView> {
  return viewOf(db, await getQuoteRowOrThrow(db, ctx, id));
}

/** The last version of each quote of the actor's scope, newest first, with the clients' names. */
export async function listQuotes(db: Db, ctx: RequestContext, q: z.output<typeof quoteListQuery>) {
  const after = decodeCursor<[string, string]>(
    q.cursor,
    2,
    ([at, id]) => cursorPart.isoTime(at) && cursorPart.uuid(id),
  );
  const rows = await repo.listQuotes(db, ctx.policy.scopeFor('orders'), {
    q: q.q,
    statuses: q.status,
    clientId: q.clientId,
    today: today(),
    after,
    limit: q.limit,
  });
  const page = pageOf(rows, q.limit, (r) => [r.createdAt.toISOString(), r.id]);
  const names = await getClientNames(
    db,
    page.items.map((r) => r.clientId),
  );
  return { ...page, names };
}

/** The client of a new quote: one the actor sees in orders (a partner's own), else 400. */
async function clientOrThrow(db: Db, ctx: RequestContext, clientId: string) {
  const parties = await getClientParties(db, clientId, { siteIds: [], contactId: null });
  if (!parties || !ctx.policy.sees('orders', { partnerId: parties.client.partnerId }))
    throw validationFailed([{ path: 'clientId', message: 'Client inconnu.' }]);
  return parties.client;
}

type Refs = { billingSiteId: string | null; installationSiteId: string | null; contactId: string | null };

/** The sites and the contact must be the client's; the validity date must not be past. */
async function checkRefsOrThrow(db: Db, clientId: string, refs: Refs, validUntil: string) {
  const details: ErrorDetail[] = [
    ...(await foreignRecordsOf(db, clientId, { siteId: refs.billingSiteId, contactId: refs.contactId })).map(
      (d) => (d.path === 'siteId' ? { ...d, path: 'billingSiteId' } : d),
    ),
    ...(await foreignRecordsOf(db, clientId, { siteId: refs.installationSiteId })).map((d) => ({
      ...d,
      path: 'installationSiteId',
    })),
  ];
  if (validUntil < today())
    details.push({ path: 'validUntil', message: 'La date de validité est déjà passée.' });
  if (details.length > 0) throw validationFailed(details);
}

/** The totals kept on the quote's row for the lists (excl. VAT). */
function totalsColumns(lines: readonly QuoteLineValues[]) {
  const t = quoteTotals(
    lines.map((l) => ({
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      discountBp: l.discountBp ?? 0,
      vatRateBp: l.vatRateBp,
      billingPeriod: (l.billingPeriod ?? null) as 'mensuel' | 'annuel' | null,
    })),
  );
  return { oneOffCents: t.oneOff.netCents, monthlyCents: t.monthly.netCents, yearlyCents: t.yearly.netCents };
}

/** What the audit log keeps of a version. */
function snapshot(row: QuoteRow, status = row.status) {
  return {
    number: row.number,
    version: row.version,
    status,
    clientId: row.clientId,
    validUntil: row.validUntil,
    oneOffCents: row.oneOffCents,
    monthlyCents: row.monthlyCents,
    yearlyCents: row.yearlyCents,
    lines: row.lines.map((l) => ({ label: l.label, quantity: l.quantity, unitPriceCents: l.unitPriceCents })),
  };
}

async function audit(
  tx: Db,
  ctx: RequestContext | AuditOrigin,
  action: AuditAction,
  row: QuoteRow,
  before?: QuoteRow,
) {
  await recordAudit(tx, ctx, {
    category: 'business',
    action,
    entityType: 'quote',
    entityId: row.id,
    clientId: row.clientId,
    partnerId: row.partnerId,
    ...(before ? { before: snapshot(before) } : {}),
    after: snapshot(row),
  });
}

/** Creates a draft `D-<year>-<rank>` v1 for a client of the actor, its lines at the client's prices. */
export async function createQuote(db: Db, ctx: RequestContext, body: QuoteBody): Promise<QuoteView> {
  const client = await clientOrThrow(db, ctx, body.clientId);
  ctx.policy.authorizeOrThrow('orders', 'create', { partnerId: client.partnerId });
  const refs: Refs = {
    billingSiteId: body.billingSiteId ?? null,
    installationSiteId: body.installationSiteId ?? null,
    contactId: body.contactId ?? null,
  };
  const validUntil = body.validUntil ?? addDays(today(), defaultValidityDays);
  await checkRefsOrThrow(db, client.id, refs, validUntil);
  const { rules } = await callerRules(db, ctx, client.partnerId);
  const lines = await resolveLines(db, rules, body.lines);
  const id = await db.transaction(async (tx) => {
    const now = clock.now();
    const year = parisParts(now).year;
    const number = quoteNumber(year, await repo.nextDocumentNumber(tx, 'quote', year));
    const row = await repo.insertQuote(tx, {
      number,
      clientId: client.id,
      partnerId: client.partnerId,
      ...refs,
      validUntil,
      conditions: body.conditions ?? null,
      ...totalsColumns(lines),
      createdBy: ctx.actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.replaceLines(tx, row.id, lines);
    await audit(tx, ctx, 'create', (await repo.findQuote(tx, row.id))!);
    return row.id;
  });
  return getQuoteOrThrow(db, ctx, id);
}

/** Throws 409 unless `row` is the last version of its quote. */
function latestOrThrow(row: QuoteBase, verb: string) {
  if (!row.latest)
    throw conflict(
      `Le devis ${row.number} a une version plus récente que la v${row.version} : seule la dernière peut être ${verb}.`,
    );
}

/**
 * Changes a quote: a draft in place; a sent, refused or expired one becomes a new version (a draft
 * `v<n+1>` of the same number, the old version kept as it was sent). An accepted quote no longer
 * changes (409).
 */
async function reviseQuote(
  db: Db,
  ctx: RequestContext,
  id: string,
  fields: Omit<QuotePatch, 'lines'>,
  lines: (before: QuoteRow) => Promise<QuoteLineValues[] | undefined>,
): Promise<QuoteView> {
  const before = await getQuoteRowOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('orders', 'update', ownerOf(before));
  latestOrThrow(before, 'modifiée');
  if (before.status === 'accepte')
    throw conflict(`Le devis ${before.number} est accepté : il ne peut plus être modifié.`);
  const refs: Refs = {
    billingSiteId: fields.billingSiteId !== undefined ? fields.billingSiteId : before.billingSiteId,
    installationSiteId:
      fields.installationSiteId !== undefined ? fields.installationSiteId : before.installationSiteId,
    contactId: fields.contactId !== undefined ? fields.contactId : before.contactId,
  };
  const draft = before.status === 'brouillon';
  // A new version of an expired quote needs a new date: it starts again from today.
  const validUntil =
    fields.validUntil ??
    (!draft && before.validUntil < today() ? addDays(today(), defaultValidityDays) : before.validUntil);
  await checkRefsOrThrow(db, before.clientId, refs, validUntil);
  const newLines = await lines(before);
  const kept = newLines ?? before.lines.map(({ id: _, quoteId: __, position: ___, ...l }) => l);
  const values = {
    ...refs,
    validUntil,
    conditions: fields.conditions !== undefined ? (fields.conditions ?? null) : before.conditions,
    ...totalsColumns(kept),
    updatedAt: clock.now(),
  };
  const savedId = await db.transaction(async (tx) => {
    if (draft) {
      await repo.updateQuote(tx, id, values);
      if (newLines) await repo.replaceLines(tx, id, newLines);
      await audit(tx, ctx, 'update', (await repo.findQuote(tx, id))!, before);
      return id;
    }
    await repo.retireVersions(tx, before.number);
    const row = await repo.insertQuote(tx, {
      number: before.number,
      version: before.version + 1,
      clientId: before.clientId,
      partnerId: before.partnerId,
      createdBy: ctx.actor.userId,
      createdAt: values.updatedAt,
      ...values,
    });
    await repo.replaceLines(tx, row.id, kept);
    await audit(tx, ctx, 'quote.version', (await repo.findQuote(tx, row.id))!, before);
    return row.id;
  });
  return getQuoteOrThrow(db, ctx, savedId);
}

/** Changes a quote (see `reviseQuote`); `lines`, when given, replace its lines. */
export async function updateQuote(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: QuotePatch,
): Promise<QuoteView> {
  const { lines, ...fields } = body;
  return reviseQuote(db, ctx, id, fields, async (before) => {
    if (!lines) return undefined;
    const { rules } = await callerRules(db, ctx, before.partnerId);
    return resolveLines(db, rules, lines);
  });
}

/** Adds the lines of a pack at the end of a quote, at the prices of the quote's client. */
export async function addPack(db: Db, ctx: RequestContext, id: string, packId: string): Promise<QuoteView> {
  return reviseQuote(db, ctx, id, {}, async (before) => {
    const pack = await getPackOrThrow(db, ctx, packId).catch((e) => {
      if (e instanceof AppError && e.code === 'not_found')
        throw validationFailed([{ path: 'packId', message: 'Pack introuvable.' }]);
      throw e;
    });
    const { rules } = await callerRules(db, ctx, before.partnerId);
    const current = before.lines.map(({ id: _, quoteId: __, position: ___, ...l }) => l);
    return [...current, ...expandPack(pack.items, rules).map(lineOfPack)];
  });
}

/** Deletes a draft; the version before it, if any, becomes the last again. */
export async function deleteQuote(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const before = await getQuoteRowOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('orders', 'delete', ownerOf(before));
  if (before.status !== 'brouillon')
    throw conflict(`Le devis ${before.number} a été envoyé : il ne peut plus être supprimé.`);
  latestOrThrow(before, 'supprimée');
  await db.transaction(async (tx) => {
    await repo.deleteQuote(tx, id);
    if (before.version > 1) await repo.restoreLatest(tx, before.number, before.version - 1);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'quote',
      entityId: id,
      clientId: before.clientId,
      partnerId: before.partnerId,
      before: snapshot(before),
    });
  });
}

/**
 * Marks the last version of a draft as sent (its validity date must not be past, and it must have
 * at least one line).
 */
export async function markSent(tx: Db, ctx: RequestContext, row: QuoteRow, extra: Partial<QuoteBase> = {}) {
  latestOrThrow(row, 'envoyée');
  if (row.status !== 'brouillon') throw conflict(`Le devis ${row.number} v${row.version} a déjà été envoyé.`);
  if (row.lines.length === 0)
    throw validationFailed([{ path: 'lines', message: 'Le devis n’a aucune ligne.' }]);
  if (row.validUntil < today())
    throw validationFailed([{ path: 'validUntil', message: 'La date de validité est déjà passée.' }]);
  const now = clock.now();
  await repo.updateQuote(tx, row.id, { status: 'envoye', sentAt: now, updatedAt: now, ...extra });
  await audit(tx, ctx, 'quote.send', { ...row, status: 'envoye' }, row);
}

export type Decision =
  | { accept: true; signerName: string; ip: string; documentSha256?: string | null }
  | { accept: false; reason: string; ip: string; signerName?: string | null };

/**
 * Records the client's decision on the last version of a sent quote: accepted once, never after its
 * validity date, never on an older version (409 with the reason in French).
 */
export async function decide(
  tx: Db,
  ctx: RequestContext | AuditOrigin,
  id: string,
  d: Decision,
): Promise<QuoteRow> {
  const row = await repo.lockQuote(tx, id);
  if (!row) throw notFound('Devis');
  latestOrThrow(row, d.accept ? 'acceptée' : 'refusée');
  const status = shownStatus(row);
  if (status === 'accepte') throw conflict(`Le devis ${row.number} a déjà été accepté.`);
  if (status === 'refuse') throw conflict(`Le devis ${row.number} a déjà été refusé.`);
  if (status === 'expire')
    throw conflict(
      `Le devis ${row.number} a expiré le ${row.validUntil.split('-').reverse().join('/')} : demandez-en un nouveau.`,
    );
  if (status !== 'envoye') throw conflict(`Le devis ${row.number} n’a pas encore été envoyé.`);
  const now = clock.now();
  await repo.updateQuote(tx, id, {
    status: d.accept ? 'accepte' : 'refuse',
    decidedAt: now,
    decisionIp: d.ip,
    signerName: d.signerName ?? null,
    refusalReason: d.accept ? null : d.reason,
    documentSha256: d.accept ? (d.documentSha256 ?? null) : null,
    updatedAt: now,
  });
  const after = (await repo.findQuote(tx, id))!;
  await audit(tx, ctx, d.accept ? 'quote.accept' : 'quote.refuse', after, { ...after, status: row.status });
  return after;
}

/** Staff or partner records the client's answer given outside the public page (a signed paper copy). */
export async function recordDecision(
  db: Db,
  ctx: RequestContext,
  id: string,
  d: { accept: true; signerName: string } | { accept: false; reason: string },
): Promise<QuoteView> {
  const row = await getQuoteRowOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('orders', 'update', ownerOf(row));
  await db.transaction((tx) => decide(tx, ctx, id, { ...d, ip: ctx.ip }));
  return getQuoteOrThrow(db, ctx, id);
}
