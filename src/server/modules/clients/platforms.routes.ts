import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { platformBody, platformOut, platformPatch } from '../../../shared/schemas/client-records.ts';
import { presentPlatform } from './platforms.presenter.ts';
import * as service from './platforms.service.ts';
import { clientRecordRoutes } from './records.routes.ts';

export const platformRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  clientRecordRoutes(app, {
    path: 'platforms',
    out: platformOut,
    list: [
      'clients:read',
      'Plateformes téléphoniques d’un client, avec leurs plages SDA',
      async (ctx, clientId) => {
        const { platforms, ranges } = await service.listPlatforms(db, ctx, clientId);
        return platforms.map((p) => presentPlatform(p, ranges));
      },
    ],
    create: [
      'clients:create',
      'Ajouter une plateforme téléphonique (jamais de mot de passe)',
      platformBody,
      async (ctx, clientId, body) => {
        const { platform, ranges } = await service.createPlatform(db, ctx, clientId, body);
        return presentPlatform(platform, ranges);
      },
    ],
    update: [
      'clients:update',
      'Modifier une plateforme (les plages données remplacent les anciennes)',
      platformPatch,
      async (ctx, { clientId, id }, body) => {
        const { platform, ranges } = await service.updatePlatform(db, ctx, clientId, id, body);
        return presentPlatform(platform, ranges);
      },
    ],
    remove: [
      'clients:delete',
      'Supprimer une plateforme et ses plages',
      (ctx, { clientId, id }) => service.deletePlatform(db, ctx, clientId, id),
    ],
  });
};
