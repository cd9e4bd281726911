import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './clients.repo.ts';

/**
 * Client segments (Pharmacie, Assurance…): a list admins maintain; clients reference it. Each
 * counts the clients the reader may see (a partner, its own).
 */
export const listSegments = (db: Db, ctx: RequestContext) =>
  repo.listSegments(db, ctx.policy.scopeFor('clients'));

async function checkNameFree(db: Db, name: string, exceptId?: string) {
  const same = await repo.findSegmentByName(db, name);
  if (same && same.id !== exceptId) {
    throw conflict(`Le segment « ${same.name} » existe déjà.`, [
      { path: 'name', message: 'Ce nom est déjà pris.' },
    ]);
  }
}

export async function createSegment(db: Db, ctx: RequestContext, name: string) {
  await checkNameFree(db, name);
  return db.transaction(async (tx) => {
    const row = await repo.insertSegment(tx, name);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'client_segment',
      entityId: row.id,
      after: row,
    });
    return row;
  });
}

export async function renameSegment(db: Db, ctx: RequestContext, id: string, name: string) {
  const before = await repo.findSegment(db, id);
  if (!before) throw notFound('Segment');
  await checkNameFree(db, name, id);
  return db.transaction(async (tx) => {
    const after = await repo.renameSegment(tx, id, name);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'client_segment',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/** Refused while clients use the segment: they must be moved to another one first. */
export async function deleteSegment(db: Db, ctx: RequestContext, id: string) {
  const before = await repo.findSegment(db, id);
  if (!before) throw notFound('Segment');
  await db.transaction(async (tx) => {
    const used = await repo.countClientsInSegment(tx, id);
    if (used > 0) {
      throw conflict(
        `Impossible de supprimer le segment « ${before.name} » : ${used} client${used > 1 ? 's l’utilisent' : ' l’utilise'}. Changez d’abord leur segment.`,
      );
    }
    await repo.deleteSegment(tx, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'client_segment',
      entityId: id,
      before,
    });
  });
}
