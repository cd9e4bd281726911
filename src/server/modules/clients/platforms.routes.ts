import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientIdParam,
  platformBody,
  platformOut,
  platformPatch,
  recordParams,
} from '../../../shared/schemas/client-records.ts';
import { ctxOf } from '../../infra/context.ts';
import { presentPlatform } from './platforms.presenter.ts';
import * as service from './platforms.service.ts';

const tags = ['Clients'];

export const platformRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:clientId/platforms',
    {
      schema: {
        tags,
        summary: 'Plateformes téléphoniques d’un client, avec leurs plages SDA',
        params: clientIdParam,
        response: { 200: platformOut.array() },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => {
      const { platforms, ranges } = await service.listPlatforms(db, ctxOf(req), req.params.clientId);
      return platforms.map((p) => presentPlatform(p, ranges));
    },
  );
  app.post(
    '/clients/:clientId/platforms',
    {
      schema: {
        tags,
        summary: 'Ajouter une plateforme téléphonique (jamais de mot de passe)',
        params: clientIdParam,
        body: platformBody,
        response: { 201: platformOut },
      },
      config: { permission: 'clients:create' },
    },
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
    {
      schema: {
        tags,
        summary: 'Modifier une plateforme (les plages données remplacent les anciennes)',
        params: recordParams,
        body: platformPatch,
        response: { 200: platformOut },
      },
      config: { permission: 'clients:update' },
    },
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
    {
      schema: { tags, summary: 'Supprimer une plateforme et ses plages', params: recordParams },
      config: { permission: 'clients:delete' },
    },
    async (req, reply) => {
      await service.deletePlatform(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
};
