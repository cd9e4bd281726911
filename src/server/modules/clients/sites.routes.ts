import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientIdParam,
  recordParams,
  siteBody,
  sitePatch,
  siteRecordOut,
  unplacedSiteOut,
} from '../../../shared/schemas/client-records.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { geocodeQueue } from './geocoder.ts';
import { presentSite, presentUnplacedSite } from './sites.presenter.ts';
import * as service from './sites.service.ts';

const route = routeOptions('Clients');

export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs } = app.deps;
  await jobs.defineQueue(geocodeQueue);
  app.get(
    '/clients/:clientId/sites',
    route('clients:read', 'Sites d’un client', {
      params: clientIdParam,
      response: { 200: siteRecordOut.array() },
    }),
    async (req) => (await service.listSites(db, ctxOf(req), req.params.clientId)).map(presentSite),
  );
  app.post(
    '/clients/:clientId/sites',
    route('clients:create', 'Ajouter un site (géocodé en arrière-plan)', {
      params: clientIdParam,
      body: siteBody,
      response: { 201: siteRecordOut },
    }),
    async (req, reply) =>
      reply
        .status(201)
        .send(presentSite(await service.createSite(db, ctxOf(req), jobs, req.params.clientId, req.body))),
  );
  app.patch(
    '/clients/:clientId/sites/:id',
    route('clients:update', 'Modifier un site (une nouvelle adresse est géocodée à nouveau)', {
      params: recordParams,
      body: sitePatch,
      response: { 200: siteRecordOut },
    }),
    async (req) =>
      presentSite(
        await service.updateSite(db, ctxOf(req), jobs, req.params.clientId, req.params.id, req.body),
      ),
  );
  app.post(
    '/clients/:clientId/sites/:id/geocode',
    route('clients:update', 'Géocoder à nouveau un site (adresse inchangée)', {
      params: recordParams,
      response: { 200: siteRecordOut },
    }),
    async (req) =>
      presentSite(await service.regeocodeSite(db, ctxOf(req), jobs, req.params.clientId, req.params.id)),
  );
  app.delete(
    '/clients/:clientId/sites/:id',
    route('clients:delete', 'Supprimer un site', { params: recordParams }),
    async (req, reply) => {
      await service.deleteSite(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/sites/unplaced',
    route('clients:read', 'Sites que le géocodeur n’a pas localisés', {
      response: { 200: unplacedSiteOut.array() },
    }),
    async (req) => (await service.listUnplacedSites(db, ctxOf(req))).map(presentUnplacedSite),
  );
};
