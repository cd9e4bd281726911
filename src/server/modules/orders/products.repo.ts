import { and, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import {
  type ProductCategory,
  type ProductKind,
  productCategories,
} from '../../../shared/schemas/catalogue.ts';
import { productPackItems, products } from '../../db/schema/index.ts';
import { type Db, likeContains } from '../../infra/db.ts';
import { deleteRow, insertRow, updateRow } from '../../infra/rows.ts';

export type ProductRow = typeof products.$inferSelect;
export type ProductInsert = typeof products.$inferInsert;

export type ProductFilter = {
  q?: string;
  kind?: ProductKind;
  category?: ProductCategory;
  active?: boolean;
};

/** The categories in the catalogue's order (phones first), for ORDER BY. */
const categoryOrder = sql`array_position(ARRAY[${sql.join(
  productCategories.map((c) => sql`${c}`),
  sql`, `,
)}]::text[], ${products.category})`;

/** The articles of the catalogue matching the filter, by category (in the catalogue's order) then name. */
export async function listProducts(db: Db, f: ProductFilter): Promise<ProductRow[]> {
  const where: SQL[] = [];
  if (f.kind) where.push(eq(products.kind, f.kind));
  if (f.category) where.push(eq(products.category, f.category));
  if (f.active !== undefined) where.push(eq(products.active, f.active));
  if (f.q) {
    const like = likeContains(f.q);
    where.push(
      or(
        ilike(products.reference, like),
        ilike(products.name, like),
        ilike(products.brand, like),
        ilike(products.model, like),
        ilike(products.manufacturerRef, like),
      )!,
    );
  }
  return db
    .select()
    .from(products)
    .where(and(...where))
    .orderBy(categoryOrder, sql`${products.name} COLLATE "fr-FR"`)
    .limit(1000);
}

export async function findProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  return row;
}

export async function findProducts(db: Db, ids: readonly string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(products)
    .where(inArray(products.id, [...ids]));
}

/** The article of that reference, whatever its case. */
export async function findProductByReference(db: Db, reference: string): Promise<ProductRow | undefined> {
  const [row] = await db
    .select()
    .from(products)
    .where(sql`lower(${products.reference}) = lower(${reference})`);
  return row;
}

/** How many packs hold the article. */
export async function countPacksHolding(db: Db, id: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(productPackItems)
    .where(eq(productPackItems.productId, id));
  return Number(r?.n ?? 0);
}

export const insertProduct = (db: Db, values: ProductInsert) => insertRow(db, products, values);
export const updateProduct = (db: Db, id: string, set: Partial<ProductInsert>) =>
  updateRow(db, products, id, set);
export const deleteProduct = (db: Db, id: string) => deleteRow(db, products, id);
