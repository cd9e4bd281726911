import { eq } from 'drizzle-orm';
import type { ProductCategory } from '../../../shared/schemas/catalogue.ts';
import { partnerPriceLists, partnerPrices, products } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import type { PriceRules } from './pricing.ts';

export type PriceListRow = typeof partnerPriceLists.$inferSelect;

export async function findPriceList(db: Db, partnerId: string): Promise<PriceListRow | undefined> {
  const [row] = await db.select().from(partnerPriceLists).where(eq(partnerPriceLists.partnerId, partnerId));
  return row;
}

/** A partner's own prices, with the articles they price, by reference. */
export function listOwnPrices(db: Db, partnerId: string) {
  return db
    .select({
      productId: products.id,
      reference: products.reference,
      name: products.name,
      listPriceCents: products.priceCents,
      priceCents: partnerPrices.priceCents,
    })
    .from(partnerPrices)
    .innerJoin(products, eq(products.id, partnerPrices.productId))
    .where(eq(partnerPrices.partnerId, partnerId))
    .orderBy(products.reference)
    .then((rows) => rows.map((r) => ({ ...r, priceCents: r.priceCents ?? 0 })));
}

/** A partner's price rules: own prices by article, discounts by category (empty without a list). */
export async function findPriceRules(db: Db, partnerId: string): Promise<PriceRules> {
  const rows = await db.select().from(partnerPrices).where(eq(partnerPrices.partnerId, partnerId));
  const prices = new Map<string, number>();
  const discounts = new Map<string, number>();
  for (const r of rows) {
    if (r.productId && r.priceCents !== null) prices.set(r.productId, r.priceCents);
    else if (r.category && r.discountBp !== null) discounts.set(r.category, r.discountBp);
  }
  return { prices, discounts };
}

/** Writes the whole price list of a partner: its terms, then its rules replacing the old ones. */
export async function replacePriceList(
  db: Db,
  partnerId: string,
  list: {
    commissionBp: number;
    notes: string | null;
    prices: { productId: string; priceCents: number }[];
    categoryDiscounts: { category: ProductCategory; discountBp: number }[];
  },
  at: Date,
): Promise<PriceListRow> {
  const [row] = await db
    .insert(partnerPriceLists)
    .values({ partnerId, commissionBp: list.commissionBp, notes: list.notes, updatedAt: at })
    .onConflictDoUpdate({
      target: partnerPriceLists.partnerId,
      set: { commissionBp: list.commissionBp, notes: list.notes, updatedAt: at },
    })
    .returning();
  await db.delete(partnerPrices).where(eq(partnerPrices.partnerId, partnerId));
  const values = [
    ...list.prices.map((p) => ({ partnerId, productId: p.productId, priceCents: p.priceCents })),
    ...list.categoryDiscounts.map((d) => ({ partnerId, category: d.category, discountBp: d.discountBp })),
  ];
  if (values.length > 0) await db.insert(partnerPrices).values(values);
  return row!;
}
