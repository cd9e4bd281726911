/**
 * Who maintains the catalogue and at which prices a caller reads it: the decisions are the
 * policy's (`orders:catalog` for staff, `priceListPartner`); the services of articles, packs and
 * price lists share these two steps.
 */
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { findPriceRules } from './price-lists.repo.ts';
import { noRules, type PriceRules } from './pricing.ts';

/** Throws 403 unless the actor is staff who maintains the catalogue (the route checked the action). */
export function maintainerOrThrow(ctx: RequestContext): void {
  ctx.policy.staffOnlyOrThrow('Le catalogue n’est tenu que par nos équipes.');
}

/** Whether the actor may change the catalogue, for `abilities` and for what it lists. */
export const maintainsCatalogue = (ctx: RequestContext): boolean => ctx.policy.staffCan('orders', 'catalog');

/**
 * The price rules that apply to this caller: its partner's (a partner), the partner it asks for
 * (staff), or none (`partnerId` null: list prices).
 */
export async function callerRules(
  db: Db,
  ctx: RequestContext,
  requested?: string | null,
): Promise<{ partnerId: string | null; rules: PriceRules }> {
  const partnerId = ctx.policy.priceListPartner(requested);
  return { partnerId, rules: partnerId ? await findPriceRules(db, partnerId) : noRules };
}
