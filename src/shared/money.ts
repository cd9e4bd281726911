/**
 * Money in integer cents and rates in basis points (1 % = 100 bp), for the server and the web app.
 * Rounding is half-up on the cent (0,5 c → 1 c): a discount or a VAT amount never drifts by more
 * than half a cent per line, and the server and the browser compute the same figures.
 */

/** The French VAT rates (TVA), in basis points: 20 %, 10 %, 5,5 %, 2,1 %. No other rate is accepted. */
export const vatRates = [2000, 1000, 550, 210] as const;
export type VatRateBp = (typeof vatRates)[number];
export const defaultVatRate: VatRateBp = 2000;

export const isVatRate = (bp: number): bp is VatRateBp => (vatRates as readonly number[]).includes(bp);

/** `a × b / c` rounded half-up, for non-negative integers (cents × basis points stays below 2^53). */
function mulDivHalfUp(a: number, b: number, c: number): number {
  return Math.floor((a * b + Math.floor(c / 2)) / c);
}

/** The amount after a discount of `discountBp` (0–10 000), rounded half-up on the cent. */
export function applyDiscount(cents: number, discountBp: number): number {
  if (discountBp <= 0) return cents;
  if (discountBp >= 10_000) return 0;
  return mulDivHalfUp(cents, 10_000 - discountBp, 10_000);
}

/** The VAT on an amount excl. VAT, rounded half-up on the cent. */
export const vatOf = (cents: number, vatRateBp: number): number => mulDivHalfUp(cents, vatRateBp, 10_000);

/** The margin of a sale price over a purchase cost, in basis points of the price (null: unknown). */
export function marginBp(priceCents: number, costCents: number | null): number | null {
  if (costCents === null || priceCents <= 0) return null;
  return Math.round(((priceCents - costCents) * 10_000) / priceCents);
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const percent = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** « 1 234,56 € » (French spacing and comma), « — » for no amount. */
export function formatCents(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '—' : euros.format(cents / 100);
}

/** « 5,5 % » from 550 basis points. */
export const formatBp = (bp: number): string => `${percent.format(bp / 100)} %`;

/**
 * The cents of an amount typed in euros (« 12,5 », « 1 234,56 », « 12.50 € »), or null when the text
 * is not an amount with at most two decimals.
 */
export function parseEuros(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The text of an amount for an input field: « 12,50 » (no currency, no thousands separator). */
export const centsToInput = (cents: number | null | undefined): string =>
  cents === null || cents === undefined ? '' : (cents / 100).toFixed(2).replace('.', ',');
