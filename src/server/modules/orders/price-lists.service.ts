/**
 * Partner price lists: a partner's own price per article, its discount per category, and its
 * commission rate (for its statements, later). A partner reads its own list only (another's is 404);
 * staff who read orders read any; staff with `orders:catalog` write them. Every change is audited
 * with the partner.
 */
import type { PriceListBody } from '../../../shared/schemas/catalogue.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { partnerExists } from '../partners/partners.read.ts';
import { maintainerOrThrow } from './catalogue.access.ts';
import * as repo from './price-lists.repo.ts';
import type { PriceRules } from './pricing.ts';
import { productsExistOrThrow } from './products.service.ts';

export type PriceListDetail = {
  partnerId: string;
  list: repo.PriceListRow | undefined;
  prices: Awaited<ReturnType<typeof repo.listOwnPrices>>;
  rules: PriceRules;
};

async function partnerOrThrow(db: Db, ctx: RequestContext, partnerId: string): Promise<void> {
  // A partner is priced by its own list only: asking for another's reveals nothing.
  if (ctx.policy.priceListPartner(partnerId) !== partnerId) throw notFound('Partenaire');
  if (!(await partnerExists(db, partnerId))) throw notFound('Partenaire');
}

async function detailOf(db: Db, partnerId: string): Promise<PriceListDetail> {
  return {
    partnerId,
    list: await repo.findPriceList(db, partnerId),
    prices: await repo.listOwnPrices(db, partnerId),
    rules: await repo.findPriceRules(db, partnerId),
  };
}

/** A partner's price list (empty terms when it has none yet). */
export async function getPriceList(db: Db, ctx: RequestContext, partnerId: string): Promise<PriceListDetail> {
  await partnerOrThrow(db, ctx, partnerId);
  return detailOf(db, partnerId);
}

const snapshot = (d: PriceListDetail) => ({
  commissionBp: d.list?.commissionBp ?? 0,
  notes: d.list?.notes ?? null,
  prices: d.prices.map((p) => ({ reference: p.reference, priceCents: p.priceCents })),
  categoryDiscounts: Object.fromEntries(d.rules.discounts),
});

/** Replaces a partner's whole price list: its commission, own prices and category discounts. */
export async function putPriceList(
  db: Db,
  ctx: RequestContext,
  partnerId: string,
  body: PriceListBody,
): Promise<PriceListDetail> {
  maintainerOrThrow(ctx);
  await partnerOrThrow(db, ctx, partnerId);
  await productsExistOrThrow(db, 'prices', body.prices);
  return db.transaction(async (tx) => {
    const before = await detailOf(tx, partnerId);
    await repo.replacePriceList(tx, partnerId, { ...body, notes: body.notes ?? null }, clock.now());
    const after = await detailOf(tx, partnerId);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: before.list ? 'update' : 'create',
      entityType: 'partner_price_list',
      entityId: partnerId,
      partnerId,
      before: before.list ? snapshot(before) : undefined,
      after: snapshot(after),
    });
    return after;
  });
}
