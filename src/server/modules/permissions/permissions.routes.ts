import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { matrixOut, matrixSchema } from '../../../shared/schemas/admin.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { presentMatrix } from './permissions.presenter.ts';
import { getFreshMatrix, resetMatrixToDefault, saveMatrixOrThrow } from './permissions.service.ts';

const tags = ['Droits'];

export const permissionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
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
    async () => presentMatrix(await getFreshMatrix(db)),
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
    async (req) => presentMatrix(await saveMatrixOrThrow(db, ctxOf(req), req.body.matrix)),
  );
  app.post(
    '/permissions/matrix/reset',
    {
      schema: { tags, summary: 'Revenir à la matrice par défaut', response: { 200: matrixOut } },
      config: { permission: 'administration:update' },
    },
    async (req) => presentMatrix(await resetMatrixToDefault(db, ctxOf(req))),
  );
};
