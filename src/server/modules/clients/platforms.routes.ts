import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientIdParam,
  platformBody,
  platformOut,
  platformPatch,
  recordParams,
} from '../../../shared/schemas/client-records.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentPlatform } from './platforms.presenter.ts';
import * as service from './platforms.service.ts';

const route = routeOptions('Clients');

export const platformRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:clientId/platforms',
    route('clients:read', 'Plateformes téléphoniques d’un client, avec leurs plages SDA', {
      params: clientIdParam,
      response: { 200: platformOut.array() },
    }),
    async (req) => {
      const { platforms, ranges } = await service.listPlatforms(db, ctxOf(req), req.params.clientId);
      return platforms.map((p) => presentPlatform(p, ranges));
    },
  );
  app.post(
    '/clients/:clientId/platforms',
    route('clients:create', 'Ajouter une plateforme téléphonique (jamais de mot de passe)', {
      params: clientIdParam,
      body: platformBody,
      response: { 201: platformOut },
    }),
    async (req, reply) => {
      const { platform, ranges } = await service.createPlatform(
        db,
        ctxOf(req),
        req.params.clientId,
        req.body,
      );
      return reply.status(201).send(presentPlatform(platform, ranges));
    },
  );
  app.patch(
    '/clients/:clientId/platforms/:id',
    route('clients:update', 'Modifier une plateforme (les plages données remplacent les anciennes)', {
      params: recordParams,
      body: platformPatch,
      response: { 200: platformOut },
    }),
    async (req) => {
      const { platform, ranges } = await service.updatePlatform(
        db,
        ctxOf(req),
        req.params.clientId,
        req.params.id,
        req.body,
      );
      return presentPlatform(platform, ranges);
    },
  );
  app.delete(
    '/clients/:clientId/platforms/:id',
    route('clients:delete', 'Supprimer une plateforme et ses plages', { params: recordParams }),
    async (req, reply) => {
      await service.deletePlatform(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
};
