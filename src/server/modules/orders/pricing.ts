/**
 * Prices of the catalogue for a partner, pure: its own price for an article wins, else its discount
 * on the article's category (`applyDiscount`, half-up on the cent), else the list price. Shared by
 * the article list, the packs and, later, the quote lines.
 */
import { applyDiscount } from '../../../shared/money.ts';
import type { BillingPeriod, CatalogueLineOut } from '../../../shared/schemas/catalogue.ts';

/** A partner's price rules, as its price list holds them. */
export type PriceRules = {
  prices: ReadonlyMap<string, number>;
  discounts: ReadonlyMap<string, number>;
};

export const noRules: PriceRules = { prices: new Map(), discounts: new Map() };

/** The unit price excl. VAT a partner pays for an article (the list price without rules). */
export function priceFor(rules: PriceRules, p: { id: string; category: string; priceCents: number }): number {
  const own = rules.prices.get(p.id);
  if (own !== undefined) return own;
  return applyDiscount(p.priceCents, rules.discounts.get(p.category) ?? 0);
}

/** Whether the partner's rules change this article's price (an own price or a category discount). */
export const hasRule = (rules: PriceRules, p: { id: string; category: string }): boolean =>
  rules.prices.has(p.id) || rules.discounts.has(p.category);

/** Totals of lines excl. VAT: one-off (hardware, services) apart from the monthly and yearly ones. */
export function totalsOf(
  lines: readonly { quantity: number; unitPriceCents: number; billingPeriod: BillingPeriod | null }[],
): { oneOffCents: number; monthlyCents: number; yearlyCents: number } {
  const out = { oneOffCents: 0, monthlyCents: 0, yearlyCents: 0 };
  for (const l of lines) {
    const amount = l.quantity * l.unitPriceCents;
    if (l.billingPeriod === 'mensuel') out.monthlyCents += amount;
    else if (l.billingPeriod === 'annuel') out.yearlyCents += amount;
    else out.oneOffCents += amount;
  }
  return out;
}

type PricedProduct = {
  id: string;
  reference: string;
  kind: string;
  name: string;
  category: string;
  unit: string;
  priceCents: number;
  vatRateBp: number;
  billingPeriod: string | null;
  commitmentMonths: number | null;
};

/**
 * A pack expanded into the lines of a quote or an order, at the partner's prices: one line per
 * article with the pack's quantity, the article's name as label, no discount. The lines are copies:
 * the quote edits them freely, the pack does not change.
 */
export function expandPack(
  items: readonly { quantity: number; product: PricedProduct }[],
  rules: PriceRules,
): CatalogueLineOut[] {
  return items.map(({ quantity, product: p }) => ({
    productId: p.id,
    reference: p.reference,
    kind: p.kind as CatalogueLineOut['kind'],
    label: p.name,
    quantity,
    unit: p.unit as CatalogueLineOut['unit'],
    unitPriceCents: priceFor(rules, p),
    discountBp: 0,
    vatRateBp: p.vatRateBp,
    billingPeriod: p.billingPeriod as BillingPeriod | null,
    commitmentMonths: p.commitmentMonths,
  }));
}
