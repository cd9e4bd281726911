import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { matrixOut, matrixSchema } from '../../../shared/schemas/admin.ts';
import { actions, isLockedRight, type Matrix, modules, roles } from '../../../shared/permissions.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { validationFailed } from '../../infra/errors.ts';
import {
  defaultMatrix,
  getMatrix,
  invalidateMatrixCache,
  normaliseCell,
  resetMatrix,
  saveMatrix,
} from '../../policy/matrix.service.ts';
import { recordAudit } from '../audit/audit.service.ts';

const tags = ['Droits'];

function isDefault(m: Matrix): boolean {
  return roles.every((r) =>
    modules.every(
      (mod) =>
        JSON.stringify(normaliseCell(mod, m[r][mod])) ===
        JSON.stringify(normaliseCell(mod, defaultMatrix[r][mod])),
    ),
  );
}

export const permissionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const out = async () => {
    invalidateMatrixCache();
    const matrix = await getMatrix(db);
    return { matrix, defaults: defaultMatrix, isDefault: isDefault(matrix) };
  };

  app.get(
    '/permissions/matrix',
    {
      schema: {
        tags,
        summary: 'Matrice des droits (rôles × modules × actions)',
        response: { 200: matrixOut },
      },
      config: { permission: 'administration:read' },
    },
    out,
  );
  app.put(
    '/permissions/matrix',
    {
      schema: {
        tags,
        summary: 'Enregistrer la matrice des droits',
        body: z.strictObject({ matrix: matrixSchema }),
        response: { 200: matrixOut },
      },
      config: { permission: 'administration:update' },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const before = await getMatrix(db);
      const next = structuredClone(before);
      for (const [role, row] of Object.entries(req.body.matrix)) {
        for (const [module, cell] of Object.entries(row ?? {})) {
          if (cell) next[role as keyof Matrix][module as keyof Matrix['admin']] = cell;
        }
      }
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
      return out();
    },
  );
  app.post(
    '/permissions/matrix/reset',
    {
      schema: { tags, summary: 'Revenir à la matrice par défaut', response: { 200: matrixOut } },
      config: { permission: 'administration:update' },
    },
    async (req) => {
      const before = await getMatrix(db);
      await db.transaction(async (tx) => {
        await resetMatrix(tx);
        await recordAudit(tx, ctxOf(req), {
          category: 'security',
          action: 'matrix.reset',
          entityType: 'permission_matrix',
          before,
          after: defaultMatrix,
        });
      });
      return out();
    },
  );
};
