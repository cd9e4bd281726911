import { marginBp } from '../../../shared/money.ts';
import type {
  BillingPeriod,
  ProductCategory,
  ProductKind,
  ProductOut,
  ProductUnit,
} from '../../../shared/schemas/catalogue.ts';
import { priceFor, type PriceRules } from './pricing.ts';
import type { ProductRow } from './products.repo.ts';

/** How the caller sees the catalogue: at whose prices, with purchase costs or not, editable or not. */
export type CatalogueView = { rules: PriceRules | null; costs: boolean; edit: boolean };

/** An article as it leaves the server; purchase cost and margin only for those who see them. */
export function presentProduct(p: ProductRow, view: CatalogueView): ProductOut {
  return {
    id: p.id,
    kind: p.kind as ProductKind,
    reference: p.reference,
    name: p.name,
    description: p.description,
    category: p.category as ProductCategory,
    unit: p.unit as ProductUnit,
    priceCents: p.priceCents,
    partnerPriceCents: view.rules ? priceFor(view.rules, p) : null,
    ...(view.costs
      ? { purchaseCostCents: p.purchaseCostCents, marginBp: marginBp(p.priceCents, p.purchaseCostCents) }
      : {}),
    vatRateBp: p.vatRateBp,
    active: p.active,
    brand: p.brand,
    model: p.model,
    manufacturerRef: p.manufacturerRef,
    hasSerial: p.hasSerial,
    hasMac: p.hasMac,
    billingPeriod: p.billingPeriod as BillingPeriod | null,
    commitmentMonths: p.commitmentMonths,
    updatedAt: p.updatedAt.toISOString(),
    abilities: { update: view.edit, delete: view.edit },
  };
}
