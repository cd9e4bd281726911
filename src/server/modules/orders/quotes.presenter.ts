import { lineNetCents, quoteTotals } from '../../../shared/quotes.ts';
import type { BillingPeriod, ProductKind, ProductUnit } from '../../../shared/schemas/catalogue.ts';
import type { QuoteLineOut, QuoteOut, QuoteSummaryOut } from '../../../shared/schemas/quotes.ts';
import type { Policy } from '../../policy/policy.ts';
import type { QuoteLineRow, QuoteListRow } from './quotes.repo.ts';
import { ownerOf, type QuoteView } from './quotes.service.ts';

const siteOf = (s: QuoteView['parties']['sites'][number]) =>
  s ? { id: s.id, name: s.name, addressLine: s.addressLine, postalCode: s.postalCode, city: s.city } : null;

export function presentQuoteLine(l: QuoteLineRow): QuoteLineOut {
  return {
    id: l.id,
    productId: l.productId,
    reference: l.reference,
    kind: l.kind as ProductKind | null,
    label: l.label,
    quantity: l.quantity,
    unit: l.unit as ProductUnit | null,
    unitPriceCents: l.unitPriceCents,
    discountBp: l.discountBp,
    vatRateBp: l.vatRateBp,
    billingPeriod: l.billingPeriod as BillingPeriod | null,
    commitmentMonths: l.commitmentMonths,
    netCents: lineNetCents(l),
  };
}

/** The totals of a version's lines (`shared/quotes.ts`: VAT per rate, one-off apart from recurring). */
export const totalsOfLines = (lines: readonly QuoteLineRow[]) =>
  quoteTotals(lines.map((l) => ({ ...l, billingPeriod: l.billingPeriod as BillingPeriod | null })));

/**
 * A version of a quote. Its lines carry sale prices only: a quote never shows purchase costs. What
 * the caller may do depends on the version: only the last one changes, is sent, or is decided.
 */
export function presentQuote(v: QuoteView, policy: Policy): QuoteOut {
  const { row, parties } = v;
  const owner = ownerOf(row);
  const canUpdate = policy.can('orders', 'update', owner) && row.latest;
  const contact = parties.contact;
  return {
    id: row.id,
    number: row.number,
    version: row.version,
    latest: row.latest,
    status: v.status,
    client: { id: parties.client.id, name: parties.client.name },
    partnerId: row.partnerId,
    billingSite: siteOf(parties.sites[0] ?? null),
    installationSite: siteOf(parties.sites[1] ?? null),
    contact: contact
      ? { id: contact.id, name: `${contact.firstName} ${contact.lastName}`.trim(), email: contact.email }
      : null,
    validUntil: row.validUntil,
    conditions: row.conditions,
    lines: row.lines.map(presentQuoteLine),
    totals: totalsOfLines(row.lines),
    sentAt: row.sentAt?.toISOString() ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    signerName: row.signerName,
    refusalReason: row.refusalReason,
    versions: v.versions,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    abilities: {
      update: canUpdate && v.status !== 'accepte',
      delete: policy.can('orders', 'delete', owner) && row.latest && v.status === 'brouillon',
      send: canUpdate && v.status === 'brouillon',
      decide: canUpdate && v.status === 'envoye',
    },
  };
}

export function presentQuoteSummary(r: QuoteListRow, names: ReadonlyMap<string, string>): QuoteSummaryOut {
  return {
    id: r.id,
    number: r.number,
    version: r.version,
    status: r.status,
    client: { id: r.clientId, name: names.get(r.clientId) ?? '' },
    partnerId: r.partnerId,
    validUntil: r.validUntil,
    totals: { oneOffCents: r.oneOffCents, monthlyCents: r.monthlyCents, yearlyCents: r.yearlyCents },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
