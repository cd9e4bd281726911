import type { matrixSchema } from '../../../shared/schemas/admin.ts';
import {
  actions,
  isLockedRight,
  isOfferedCell,
  type Matrix,
  modules,
  roleLabels,
  roles,
} from '../../../shared/permissions.ts';
import type { z } from '../../../shared/zod.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { validationFailed } from '../../infra/errors.ts';
import {
  defaultMatrix,
  getMatrix,
  invalidateMatrixCache,
  resetMatrix,
  saveMatrix,
} from '../../policy/matrix.service.ts';
import { recordAudit } from '../audit/audit.service.ts';

/**
 * The rights matrix as admins edit it. Its storage and cache are the policy's
 * (`policy/matrix.service.ts`); this module checks and audits the changes.
 */

/** The effective matrix, read afresh (not from this process's cache). */
export async function getFreshMatrix(db: Db): Promise<Matrix> {
  invalidateMatrixCache();
  return getMatrix(db);
}

/**
 * Saves the cells given over the current matrix, audited in the same transaction. Refused (400)
 * when the administrator would lose a locked right: nobody could manage the rights any more.
 */
export async function saveMatrixOrThrow(
  db: Db,
  ctx: RequestContext,
  cells: z.infer<typeof matrixSchema>,
): Promise<Matrix> {
  const before = await getMatrix(db);
  const next = structuredClone(before);
  const notOffered: { path: string; message: string }[] = [];
  for (const [role, row] of Object.entries(cells)) {
    for (const [module, cell] of Object.entries(row ?? {})) {
      if (!cell) continue;
      if (!isOfferedCell(role as keyof Matrix, module as keyof Matrix['admin'])) {
        if (cell.actions.length) {
          notOffered.push({
            path: `matrix.${role}.${module}`,
            message: `Ce droit n’existe pas pour le rôle « ${roleLabels[role as keyof Matrix]} ».`,
          });
        }
        continue;
      }
      next[role as keyof Matrix][module as keyof Matrix['admin']] = cell;
    }
  }
  if (notOffered.length) throw validationFailed(notOffered);
  const lockedLost = roles.some((role) =>
    modules.some((module) =>
      actions.some((a) => isLockedRight(role, module, a) && !next[role][module].actions.includes(a)),
    ),
  );
  if (lockedLost) {
    throw validationFailed([
      {
        path: 'matrix.admin.administration',
        message:
          'L’administrateur doit garder la lecture et la modification de l’administration, sinon personne ne pourrait plus gérer les droits.',
      },
    ]);
  }
  await db.transaction(async (tx) => {
    await saveMatrix(tx, next);
    await recordAudit(tx, ctx, {
      category: 'security',
      action: 'matrix.changed',
      entityType: 'permission_matrix',
      before,
      after: next,
    });
  });
  return getFreshMatrix(db);
}

/** Back to the default matrix (the admins' overrides deleted), audited. */
export async function resetMatrixToDefault(db: Db, ctx: RequestContext): Promise<Matrix> {
  const before = await getMatrix(db);
  await db.transaction(async (tx) => {
    await resetMatrix(tx);
    await recordAudit(tx, ctx, {
      category: 'security',
      action: 'matrix.reset',
      entityType: 'permission_matrix',
      before,
      after: defaultMatrix,
    });
  });
  return getFreshMatrix(db);
}
