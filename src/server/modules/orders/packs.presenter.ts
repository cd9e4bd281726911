import type { PackOut } from '../../../shared/schemas/catalogue.ts';
import { expandPack, type PriceRules, totalsOf } from './pricing.ts';
import type { PackRow } from './packs.repo.ts';

/** A pack with its articles and its totals at the caller's prices (list prices without rules). */
export function presentPack(p: PackRow, rules: PriceRules, edit: boolean): PackOut {
  return {
    id: p.id,
    reference: p.reference,
    name: p.name,
    description: p.description,
    active: p.active,
    items: p.items.map((i) => ({
      productId: i.product.id,
      reference: i.product.reference,
      name: i.product.name,
      quantity: i.quantity,
    })),
    ...totalsOf(expandPack(p.items, rules)),
    updatedAt: p.updatedAt.toISOString(),
    abilities: { update: edit, delete: edit },
  };
}
