import type { PriceListOut, ProductCategory } from '../../../shared/schemas/catalogue.ts';
import type { PriceListDetail } from './price-lists.service.ts';

/** A partner's price list; a partner without one reads empty terms (no commission, list prices). */
export function presentPriceList(d: PriceListDetail, edit: boolean): PriceListOut {
  return {
    partnerId: d.partnerId,
    commissionBp: d.list?.commissionBp ?? 0,
    notes: d.list?.notes ?? null,
    prices: d.prices,
    categoryDiscounts: [...d.rules.discounts].map(([category, discountBp]) => ({
      category: category as ProductCategory,
      discountBp,
    })),
    updatedAt: d.list?.updatedAt.toISOString() ?? null,
    abilities: { update: edit },
  };
}
