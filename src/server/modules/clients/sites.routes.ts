import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  recordParams,
  siteBody,
  sitePatch,
  siteRecordOut,
  unplacedSiteOut,
} from '../../../shared/schemas/client-records.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { geocodeQueue } from './geocoder.ts';
import { clientRecordRoutes } from './records.routes.ts';
import { presentSite, presentUnplacedSite } from './sites.presenter.ts';
import * as service from './sites.service.ts';

const route = routeOptions('Clients');

export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs } = app.deps;
  await jobs.defineQueue(geocodeQueue);
  clientRecordRoutes(app, {
    path: 'sites',
    out: siteRecordOut,
    list: [
      'clients:read',
      'Sites d’un client',
      async (ctx, clientId) => (await service.listSites(db, ctx, clientId)).map(presentSite),
    ],
    create: [
      'clients:create',
      'Ajouter un site (géocodé en arrière-plan)',
      siteBody,
      async (ctx, clientId, body) => presentSite(await service.createSite(db, ctx, jobs, clientId, body)),
    ],
    update: [
      'clients:update',
      'Modifier un site (une nouvelle adresse est géocodée à nouveau)',
      sitePatch,
      async (ctx, { clientId, id }, body) =>
        presentSite(await service.updateSite(db, ctx, jobs, clientId, id, body)),
    ],
    remove: [
      'clients:delete',
      'Supprimer un site',
      (ctx, { clientId, id }) => service.deleteSite(db, ctx, clientId, id),
    ],
  });
  app.post(
    '/clients/:clientId/sites/:id/geocode',
    route('clients:update', 'Géocoder à nouveau un site (adresse inchangée)', {
      params: recordParams,
      response: { 200: siteRecordOut },
    }),
    async (req) =>
      presentSite(await service.regeocodeSite(db, ctxOf(req), jobs, req.params.clientId, req.params.id)),
  );
  app.get(
    '/sites/unplaced',
    route('clients:read', 'Sites que le géocodeur n’a pas localisés', {
      response: { 200: unplacedSiteOut.array() },
    }),
    async (req) => (await service.listUnplacedSites(db, ctxOf(req))).map(presentUnplacedSite),
  );
};
