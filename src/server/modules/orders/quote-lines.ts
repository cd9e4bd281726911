/**
 * The lines of a quote as stored, from the lines a request gives: a line naming an article takes
 * from it (at the caller's prices) whatever the request leaves out; a free line has its label and
 * price. Also the lines a pack expands into, for a quote.
 */
import type { QuoteLineBody } from '../../../shared/schemas/quotes.ts';
import type { CatalogueLineOut } from '../../../shared/schemas/catalogue.ts';
import { defaultVatRate } from '../../../shared/money.ts';
import type { Db } from '../../infra/db.ts';
import { type ErrorDetail, validationFailed } from '../../infra/errors.ts';
import { priceFor, type PriceRules } from './pricing.ts';
import { findProducts } from './products.repo.ts';
import type { QuoteLineValues } from './quotes.repo.ts';

/** The lines to store, or a 400 naming each line whose article is unknown or withdrawn. */
export async function resolveLines(
  db: Db,
  rules: PriceRules,
  lines: readonly QuoteLineBody[],
): Promise<QuoteLineValues[]> {
  const ids = lines.flatMap((l) => (l.productId ? [l.productId] : []));
  const products = new Map((await findProducts(db, ids)).map((p) => [p.id, p]));
  const details: ErrorDetail[] = [];
  const out = lines.map((l, n): QuoteLineValues => {
    const p = l.productId ? products.get(l.productId) : undefined;
    if (l.productId && !p) details.push({ path: `lines.${n}.productId`, message: 'Article introuvable.' });
    // A withdrawn article stays on the lines that copy it, but gives nothing new.
    const takes = l.label === undefined || l.unitPriceCents === undefined;
    if (p && !p.active && takes)
      details.push({
        path: `lines.${n}.productId`,
        message: `L’article « ${p.name} » n’est plus au catalogue.`,
      });
    const billingPeriod =
      l.billingPeriod !== undefined
        ? l.billingPeriod
        : ((p?.billingPeriod ?? null) as QuoteLineValues['billingPeriod']);
    return {
      productId: p?.id ?? null,
      reference: p?.reference ?? null,
      kind: p?.kind ?? null,
      unit: p?.unit ?? null,
      label: l.label ?? p?.name ?? '',
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents ?? (p ? priceFor(rules, p) : 0),
      discountBp: l.discountBp ?? 0,
      vatRateBp: l.vatRateBp ?? p?.vatRateBp ?? defaultVatRate,
      billingPeriod,
      commitmentMonths:
        billingPeriod === null
          ? null
          : l.commitmentMonths !== undefined
            ? l.commitmentMonths
            : (p?.commitmentMonths ?? 0),
    };
  });
  if (details.length > 0) throw validationFailed(details);
  return out;
}

/** A line of an expanded pack as a quote's line to store. */
export const lineOfPack = (l: CatalogueLineOut): QuoteLineValues => ({
  productId: l.productId,
  reference: l.reference,
  kind: l.kind,
  unit: l.unit,
  label: l.label,
  quantity: l.quantity,
  unitPriceCents: l.unitPriceCents,
  discountBp: l.discountBp,
  vatRateBp: l.vatRateBp,
  billingPeriod: l.billingPeriod,
  commitmentMonths: l.billingPeriod ? (l.commitmentMonths ?? 0) : null,
});
