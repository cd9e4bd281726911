import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../../shared/zod.ts';
import {
  accountManagerOut,
  clientBulkBody,
  clientBulkResultOut,
  clientDetailOut,
  clientOwnerChoicesOut,
  clientListQuery,
  clientOut,
  clientPatch,
  companyLookupOut,
  companyLookupQuery,
} from '../../../shared/schemas/clients.ts';
import { idParam, page } from '../../../shared/schemas/common.ts';
import { clientCreateBody } from '../../../shared/schemas/client-import.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentClient, presentClientDetail } from './clients.presenter.ts';
import { getClientOrThrow } from './clients.read.ts';
import { lookupCompanies } from './company-lookup.ts';
import * as service from './clients.service.ts';

const route = routeOptions('Clients');

export const clientRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const effects = { jobs, publicUrl: config.publicUrl };
  app.get(
    '/clients',
    route('clients:read', 'Lister les clients visibles', {
      querystring: clientListQuery,
      response: { 200: page(clientOut) },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const res = await service.listClients(db, ctx, req.query);
      return { items: res.items.map((c) => presentClient(c, ctx)), nextCursor: res.nextCursor };
    },
  );
  app.get(
    '/clients/account-managers',
    route('clients:read', 'Chargés de compte des clients visibles (filtre de la liste)', {
      response: { 200: z.object({ items: z.array(accountManagerOut) }) },
    }),
    async (req) => ({ items: await service.listAccountManagers(db, ctxOf(req)) }),
  );
  app.get(
    '/clients/partners',
    route('clients:read', 'Partenaires des clients visibles (filtre de la liste)', {
      response: { 200: z.object({ items: z.array(accountManagerOut) }) },
    }),
    async (req) => ({ items: await service.listClientPartners(db, ctxOf(req)) }),
  );
  app.get(
    '/clients/owner-choices',
    route('clients:update+staff', 'Partenaires et chargés de compte que l’on peut choisir (personnel)', {
      response: { 200: clientOwnerChoicesOut },
    }),
    async (req) => service.ownerChoices(db, ctxOf(req)),
  );
  app.get(
    '/clients/company-lookup',
    route('clients:create', 'Chercher une entreprise (SIRET, SIREN ou nom) dans le répertoire public', {
      querystring: companyLookupQuery,
      response: { 200: companyLookupOut },
    }),
    async (req) => lookupCompanies(config.companyLookupUrl, req.query.q),
  );
  app.post(
    '/clients/bulk',
    route('clients:update', 'Changer le partenaire ou le chargé de compte de plusieurs clients', {
      body: clientBulkBody,
      response: { 200: clientBulkResultOut },
    }),
    async (req) => service.bulkAssignClients(db, ctxOf(req), req.body, effects),
  );
  app.get(
    '/clients/:id',
    route('clients:read', 'Fiche client avec sites et contacts', {
      params: idParam,
      response: { 200: clientDetailOut },
    }),
    async (req) =>
      presentClientDetail(await service.getClientDetail(db, ctxOf(req), req.params.id), ctxOf(req)),
  );
  app.post(
    '/clients',
    route('clients:create', 'Créer un client', { body: clientCreateBody, response: { 201: clientOut } }),
    async (req, reply) => {
      const ctx = ctxOf(req);
      const row = await service.createClient(db, ctx, req.body, effects);
      return reply.status(201).send(presentClient(await getClientOrThrow(db, ctx, row.id), ctx));
    },
  );
  app.patch(
    '/clients/:id',
    route('clients:update', 'Modifier un client', {
      params: idParam,
      body: clientPatch,
      response: { 200: clientOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      await service.updateClient(db, ctx, req.params.id, req.body, effects);
      return presentClient(await getClientOrThrow(db, ctx, req.params.id), ctx);
    },
  );
  app.delete(
    '/clients/:id',
    route('clients:delete', 'Supprimer un client', { params: idParam }),
    async (req, reply) => {
      await service.deleteClient(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
