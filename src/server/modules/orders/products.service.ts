/**
 * Articles of the catalogue. Whoever reads orders reads it — a partner at its own prices, without
 * purchase costs; staff with `orders:catalog` (admin, ADV) maintain it and alone see inactive
 * articles, costs and margins. Every change is audited.
 */
import {
  type ProductBody,
  type ProductPatch,
  type productListQuery,
  productShapeIssues,
} from '../../../shared/schemas/catalogue.ts';
import type { z } from '../../../shared/zod.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { callerRules, maintainerOrThrow, maintainsCatalogue } from './catalogue.access.ts';
import type { CatalogueView } from './products.presenter.ts';
import * as repo from './products.repo.ts';
import type { ProductRow } from './products.repo.ts';

/** How this caller sees articles (prices of `partnerId` when staff asks for a partner's). */
export async function catalogueView(db: Db, ctx: RequestContext, partnerId?: string): Promise<CatalogueView> {
  const { partnerId: pid, rules } = await callerRules(db, ctx, partnerId);
  return { rules: pid ? rules : null, costs: ctx.policy.seesPurchaseCosts(), edit: maintainsCatalogue(ctx) };
}

/** The articles matching the filter; those who do not maintain the catalogue see active ones only. */
export async function listProducts(
  db: Db,
  ctx: RequestContext,
  q: z.output<typeof productListQuery>,
): Promise<ProductRow[]> {
  const active = maintainsCatalogue(ctx) ? q.active : true;
  return repo.listProducts(db, { q: q.q, kind: q.kind, category: q.category, active });
}

/** One article (an inactive one is 404 to those who do not maintain the catalogue). */
export async function getProductOrThrow(db: Db, ctx: RequestContext, id: string): Promise<ProductRow> {
  const row = await repo.findProduct(db, id);
  if (!row || (!row.active && !maintainsCatalogue(ctx))) throw notFound('Article');
  return row;
}

/** Throws 400 on each `field.N.productId` of `items` naming no article of the catalogue. */
export async function productsExistOrThrow(
  db: Db,
  field: string,
  items: readonly { productId: string }[],
): Promise<void> {
  const found = new Set(
    (
      await repo.findProducts(
        db,
        items.map((i) => i.productId),
      )
    ).map((p) => p.id),
  );
  const missing = items.flatMap((i, n) =>
    found.has(i.productId) ? [] : [{ path: `${field}.${n}.productId`, message: 'Article introuvable.' }],
  );
  if (missing.length > 0) throw validationFailed(missing);
}

async function assertReferenceFree(db: Db, reference: string, exceptId?: string) {
  const same = await repo.findProductByReference(db, reference);
  if (same && same.id !== exceptId)
    throw conflict(`La référence « ${same.reference} » est déjà celle de l’article « ${same.name} ».`, [
      { path: 'reference', message: 'Référence déjà utilisée.' },
    ]);
}

/** Adds an article to the catalogue (409 on a reference already used, whatever its case). */
export async function createProduct(db: Db, ctx: RequestContext, body: ProductBody): Promise<ProductRow> {
  maintainerOrThrow(ctx);
  await assertReferenceFree(db, body.reference);
  return db.transaction(async (tx) => {
    const row = await repo.insertProduct(tx, body);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'product',
      entityId: row.id,
      after: row,
    });
    return row;
  });
}

/**
 * Changes an article. The kind rules (hardware fields, subscription period and commitment) are
 * checked on the article as it will be, so that changing its kind says which fields to clear.
 */
export async function updateProduct(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: ProductPatch,
): Promise<ProductRow> {
  maintainerOrThrow(ctx);
  const before = await getProductOrThrow(db, ctx, id);
  const merged = { ...before, ...body } as Parameters<typeof productShapeIssues>[0];
  const issues = productShapeIssues(merged);
  if (issues.length > 0) throw validationFailed(issues);
  if (body.reference !== undefined) await assertReferenceFree(db, body.reference, id);
  return db.transaction(async (tx) => {
    const after = await repo.updateProduct(tx, id, { ...body, updatedAt: clock.now() });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'product',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/** Deletes an article no pack holds (409 otherwise: take it out of its packs, or deactivate it). */
export async function deleteProduct(db: Db, ctx: RequestContext, id: string): Promise<void> {
  maintainerOrThrow(ctx);
  const before = await getProductOrThrow(db, ctx, id);
  await db.transaction(async (tx) => {
    const packs = await repo.countPacksHolding(tx, id);
    if (packs > 0)
      throw conflict(
        `L’article « ${before.name} » figure dans ${packs > 1 ? `${packs} packs` : 'un pack'} : retirez-le d’abord, ou désactivez-le.`,
      );
    await repo.deleteProduct(tx, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'product',
      entityId: id,
      before,
    });
  });
}
