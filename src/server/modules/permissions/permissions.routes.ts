import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { matrixOut, matrixSchema } from '../../../shared/schemas/admin.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentMatrix } from './permissions.presenter.ts';
import { getFreshMatrix, resetMatrixToDefault, saveMatrixOrThrow } from './permissions.service.ts';

const route = routeOptions('Droits');

export const permissionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/permissions/matrix',
    route('administration:read', 'Matrice des droits (rôles × modules × actions)', {
      response: { 200: matrixOut },
    }),
    async () => presentMatrix(await getFreshMatrix(db)),
  );
  app.put(
    '/permissions/matrix',
    route('administration:update', 'Enregistrer la matrice des droits', {
      body: z.strictObject({ matrix: matrixSchema }),
      response: { 200: matrixOut },
    }),
    async (req) => presentMatrix(await saveMatrixOrThrow(db, ctxOf(req), req.body.matrix)),
  );
  app.post(
    '/permissions/matrix/reset',
    route('administration:update', 'Revenir à la matrice par défaut', { response: { 200: matrixOut } }),
    async (req) => presentMatrix(await resetMatrixToDefault(db, ctxOf(req))),
  );
};
