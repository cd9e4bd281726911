/**
 * Quotes (devis) for the server and the web app: statuses and their French labels, and the totals
 * of a quote's lines, computed the same way on both sides (live totals in the editor).
 *
 * Rounding (stated in ARCHITECTURE.md): a line's amount excl. VAT is `quantity × unit price`, less
 * its discount rounded half-up on the cent (`applyDiscount`). Lines are then summed per group
 * (one-off, monthly, yearly) and per VAT rate; the VAT of each rate is computed once on that base,
 * rounded half-up on the cent (`vatOf`) — never summed from rounded per-line VAT amounts.
 */
import { applyDiscount, vatOf } from './money.ts';
import { recordNumber } from './record-number.ts';
import type { BillingPeriod } from './schemas/catalogue.ts';

export const quoteStatuses = ['brouillon', 'envoye', 'accepte', 'refuse', 'expire'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];
export const quoteStatusLabels: Record<QuoteStatus, string> = {
  brouillon: 'Brouillon',
  envoye: 'Envoyé',
  accepte: 'Accepté',
  refuse: 'Refusé',
  expire: 'Expiré',
};

/** A quote's number: `D-2026-000123` (its rank among the year's quotes). */
export const quoteNumber = (year: number | string, rank: number): string => recordNumber('D', year, rank);

/** Days a new quote stays valid when no date is given. */
export const defaultValidityDays = 30;

export type QuoteLineAmounts = {
  quantity: number;
  unitPriceCents: number;
  discountBp: number;
  vatRateBp: number;
  billingPeriod: BillingPeriod | null;
  commitmentMonths?: number | null;
};

/** A line's amount excl. VAT after its discount, rounded half-up on the cent. */
export const lineNetCents = (
  l: Pick<QuoteLineAmounts, 'quantity' | 'unitPriceCents' | 'discountBp'>,
): number => applyDiscount(l.quantity * l.unitPriceCents, l.discountBp);

export type VatShare = { vatRateBp: number; baseCents: number; vatCents: number };
export type GroupTotals = { netCents: number; vatCents: number; grossCents: number; vat: VatShare[] };
export type QuoteTotals = {
  /** « Frais de mise en service »: hardware and one-off services. */
  oneOff: GroupTotals;
  /** « Mensualités »: monthly subscriptions. */
  monthly: GroupTotals;
  /** Yearly subscriptions. */
  yearly: GroupTotals;
  /** The longest commitment of the subscription lines, in months (null: no subscription). */
  commitmentMonths: number | null;
};

function groupTotals(lines: readonly QuoteLineAmounts[]): GroupTotals {
  const bases = new Map<number, number>();
  for (const l of lines) bases.set(l.vatRateBp, (bases.get(l.vatRateBp) ?? 0) + lineNetCents(l));
  const vat = [...bases]
    .sort(([a], [b]) => b - a)
    .map(([vatRateBp, baseCents]) => ({ vatRateBp, baseCents, vatCents: vatOf(baseCents, vatRateBp) }));
  const netCents = vat.reduce((s, v) => s + v.baseCents, 0);
  const vatCents = vat.reduce((s, v) => s + v.vatCents, 0);
  return { netCents, vatCents, grossCents: netCents + vatCents, vat };
}

/** The totals of a quote's lines: one-off apart from monthly and yearly, VAT per rate. */
export function quoteTotals(lines: readonly QuoteLineAmounts[]): QuoteTotals {
  const subscriptions = lines.filter((l) => l.billingPeriod !== null);
  const commitments = subscriptions.map((l) => l.commitmentMonths ?? 0);
  return {
    oneOff: groupTotals(lines.filter((l) => l.billingPeriod === null)),
    monthly: groupTotals(lines.filter((l) => l.billingPeriod === 'mensuel')),
    yearly: groupTotals(lines.filter((l) => l.billingPeriod === 'annuel')),
    commitmentMonths: commitments.length > 0 ? Math.max(...commitments) : null,
  };
}
