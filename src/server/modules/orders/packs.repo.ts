import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { productPackItems, productPacks, products } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { deleteRow, insertRow, updateRow } from '../../infra/rows.ts';
import type { ProductRow } from './products.repo.ts';

export type PackBase = typeof productPacks.$inferSelect;
/** A pack with its articles, in the pack's order. */
export type PackRow = PackBase & { items: { quantity: number; product: ProductRow }[] };

async function withItems(db: Db, packs: PackBase[]): Promise<PackRow[]> {
  if (packs.length === 0) return [];
  const rows = await db
    .select({ packId: productPackItems.packId, quantity: productPackItems.quantity, product: products })
    .from(productPackItems)
    .innerJoin(products, eq(products.id, productPackItems.productId))
    .where(
      inArray(
        productPackItems.packId,
        packs.map((p) => p.id),
      ),
    )
    .orderBy(asc(productPackItems.position));
  return packs.map((p) => ({
    ...p,
    items: rows.filter((r) => r.packId === p.id).map(({ quantity, product }) => ({ quantity, product })),
  }));
}

/** The packs by name (French collation), active ones only when asked. */
export async function listPacks(db: Db, opts: { activeOnly: boolean }): Promise<PackRow[]> {
  const where: SQL[] = opts.activeOnly ? [eq(productPacks.active, true)] : [];
  const packs = await db
    .select()
    .from(productPacks)
    .where(and(...where))
    .orderBy(sql`${productPacks.name} COLLATE "fr-FR"`);
  return withItems(db, packs);
}

export async function findPack(db: Db, id: string): Promise<PackRow | undefined> {
  const [pack] = await db.select().from(productPacks).where(eq(productPacks.id, id));
  return pack ? (await withItems(db, [pack]))[0] : undefined;
}

/** The pack of that reference, whatever its case. */
export async function findPackByReference(db: Db, reference: string): Promise<PackBase | undefined> {
  const [row] = await db
    .select()
    .from(productPacks)
    .where(sql`lower(${productPacks.reference}) = lower(${reference})`);
  return row;
}

/** Replaces the articles of a pack, in the order given. */
export async function replaceItems(
  db: Db,
  packId: string,
  items: readonly { productId: string; quantity: number }[],
): Promise<void> {
  await db.delete(productPackItems).where(eq(productPackItems.packId, packId));
  if (items.length > 0)
    await db
      .insert(productPackItems)
      .values(
        items.map((i, position) => ({ packId, productId: i.productId, quantity: i.quantity, position })),
      );
}

export const insertPack = (db: Db, values: typeof productPacks.$inferInsert) =>
  insertRow(db, productPacks, values);
export const updatePack = (db: Db, id: string, set: Partial<typeof productPacks.$inferInsert>) =>
  updateRow(db, productPacks, id, set);
export const deletePack = (db: Db, id: string) => deleteRow(db, productPacks, id);
