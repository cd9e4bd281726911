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
import { geocodeQueue } from './geocoder.ts';
import { presentSite, presentUnplacedSite } from './sites.presenter.ts';
import * as service from './sites.service.ts';

const tags = ['Clients'];

export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs } = app.deps;
  await jobs.defineQueue(geocodeQueue);
  app.get(
    '/clients/:clientId/sites',
    {
      schema: {
        tags,
        summary: 'Sites d’un client',
        params: clientIdParam,
        response: { 200: siteRecordOut.array() },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => (await service.listSites(db, ctxOf(req), req.params.clientId)).map(presentSite),
  );
  app.post(
    '/clients/:clientId/sites',
    {
      schema: {
        tags,
        summary: 'Ajouter un site (géocodé en arrière-plan)',
        params: clientIdParam,
        body: siteBody,
        response: { 201: siteRecordOut },
      },
      config: { permission: 'clients:create' },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentSite(await service.createSite(db, ctxOf(req), jobs, req.params.clientId, req.body))),
  );
  app.patch(
    '/clients/:clientId/sites/:id',
    {
      schema: {
        tags,
        summary: 'Modifier un site (une nouvelle adresse est géocodée à nouveau)',
        params: recordParams,
        body: sitePatch,
        response: { 200: siteRecordOut },
      },
      config: { permission: 'clients:update' },
    },
    async (req) =>
      presentSite(
        await service.updateSite(db, ctxOf(req), jobs, req.params.clientId, req.params.id, req.body),
      ),
  );
  app.post(
    '/clients/:clientId/sites/:id/geocode',
    {
      schema: {
        tags,
        summary: 'Géocoder à nouveau un site (adresse inchangée)',
        params: recordParams,
        response: { 200: siteRecordOut },
      },
      config: { permission: 'clients:update' },
    },
    async (req) =>
      presentSite(await service.regeocodeSite(db, ctxOf(req), jobs, req.params.clientId, req.params.id)),
  );
  app.delete(
    '/clients/:clientId/sites/:id',
    {
      schema: { tags, summary: 'Supprimer un site', params: recordParams },
      config: { permission: 'clients:delete' },
    },
    async (req, reply) => {
      await service.deleteSite(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/sites/unplaced',
    {
      schema: {
        tags,
        summary: 'Sites que le géocodeur n’a pas localisés',
        response: { 200: unplacedSiteOut.array() },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => (await service.listUnplacedSites(db, ctxOf(req))).map(presentUnplacedSite),
  );
};
