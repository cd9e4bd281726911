/**
 * Packs of the catalogue (« Pack pharmacie 3 postes »): read by whoever reads orders, maintained
 * by staff with `orders:catalog`. A pack expands into lines at the caller's prices (`expandPack`);
 * the lines are copies that the quote edits. Every change is audited with the pack's articles.
 */
import type { CatalogueLineOut, PackBody, PackPatch } from '../../../shared/schemas/catalogue.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { callerRules, maintainerOrThrow, maintainsCatalogue } from './catalogue.access.ts';
import * as repo from './packs.repo.ts';
import type { PackRow } from './packs.repo.ts';
import { expandPack } from './pricing.ts';
import { productsExistOrThrow } from './products.service.ts';

/** The packs; those who do not maintain the catalogue see active ones only. */
export const listPacks = (db: Db, ctx: RequestContext): Promise<PackRow[]> =>
  repo.listPacks(db, { activeOnly: !maintainsCatalogue(ctx) });

export async function getPackOrThrow(db: Db, ctx: RequestContext, id: string): Promise<PackRow> {
  const pack = await repo.findPack(db, id);
  if (!pack || (!pack.active && !maintainsCatalogue(ctx))) throw notFound('Pack');
  return pack;
}

/** The lines a pack expands into, at the caller's prices (staff: at `partnerId`'s when given). */
export async function packLines(
  db: Db,
  ctx: RequestContext,
  id: string,
  partnerId?: string,
): Promise<CatalogueLineOut[]> {
  const pack = await getPackOrThrow(db, ctx, id);
  return expandPack(pack.items, (await callerRules(db, ctx, partnerId)).rules);
}

async function checkInput(db: Db, body: PackPatch, exceptId?: string) {
  if (body.reference !== undefined) {
    const same = await repo.findPackByReference(db, body.reference);
    if (same && same.id !== exceptId)
      throw conflict(`La référence « ${same.reference} » est déjà celle du pack « ${same.name} ».`, [
        { path: 'reference', message: 'Référence déjà utilisée.' },
      ]);
  }
  if (body.items) await productsExistOrThrow(db, 'items', body.items);
}

const snapshot = (p: PackRow) => ({
  ...p,
  items: p.items.map((i) => ({ reference: i.product.reference, quantity: i.quantity })),
});

/** Creates a pack of existing articles (409 on a reference already used). */
export async function createPack(db: Db, ctx: RequestContext, body: PackBody): Promise<PackRow> {
  maintainerOrThrow(ctx);
  await checkInput(db, body);
  const { items, ...fields } = body;
  const id = await db.transaction(async (tx) => {
    const row = await repo.insertPack(tx, fields);
    await repo.replaceItems(tx, row.id, items);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'product_pack',
      entityId: row.id,
      after: snapshot((await repo.findPack(tx, row.id))!),
    });
    return row.id;
  });
  return getPackOrThrow(db, ctx, id);
}

/** Changes a pack; `items`, when given, replace its articles in the order given. */
export async function updatePack(db: Db, ctx: RequestContext, id: string, body: PackPatch): Promise<PackRow> {
  maintainerOrThrow(ctx);
  const before = await getPackOrThrow(db, ctx, id);
  await checkInput(db, body, id);
  const { items, ...fields } = body;
  await db.transaction(async (tx) => {
    await repo.updatePack(tx, id, { ...fields, updatedAt: clock.now() });
    if (items) await repo.replaceItems(tx, id, items);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'product_pack',
      entityId: id,
      before: snapshot(before),
      after: snapshot((await repo.findPack(tx, id))!),
    });
  });
  return getPackOrThrow(db, ctx, id);
}

export async function deletePack(db: Db, ctx: RequestContext, id: string): Promise<void> {
  maintainerOrThrow(ctx);
  const before = await getPackOrThrow(db, ctx, id);
  await db.transaction(async (tx) => {
    await repo.deletePack(tx, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'product_pack',
      entityId: id,
      before: snapshot(before),
    });
  });
}
