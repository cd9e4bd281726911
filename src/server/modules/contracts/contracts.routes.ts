import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../../shared/zod.ts';
import { clientIdParam } from '../../../shared/schemas/client-records.ts';
import { idParam, page } from '../../../shared/schemas/common.ts';
import {
  contractCreate,
  contractListQuery,
  contractOut,
  contractUpdate,
} from '../../../shared/schemas/contracts.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import {
  createContract,
  deleteContract,
  getContract,
  listClientContracts,
  listContracts,
  updateContract,
} from './contracts.service.ts';

const route = routeOptions('Contrats');

export const contractRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:clientId/contracts',
    route('clients:read', 'Contrats de maintenance d’un client', {
      params: clientIdParam,
      response: { 200: z.array(contractOut) },
    }),
    async (req) => listClientContracts(db, ctxOf(req), req.params.clientId),
  );
  app.post(
    '/clients/:clientId/contracts',
    route('clients:create', 'Créer un contrat de maintenance (sites et plateformes du client)', {
      params: clientIdParam,
      body: contractCreate,
      response: { 201: contractOut },
    }),
    async (req, reply) =>
      reply.status(201).send(await createContract(db, ctxOf(req), req.params.clientId, req.body)),
  );
  app.get(
    '/contracts',
    route('clients:read', 'Contrats (ceux qui arrivent à échéance avec ?expiring=90)', {
      querystring: contractListQuery,
      response: { 200: page(contractOut) },
    }),
    async (req) => listContracts(db, ctxOf(req), req.query),
  );
  app.get(
    '/contracts/:id',
    route('clients:read', 'Un contrat de maintenance', { params: idParam, response: { 200: contractOut } }),
    async (req) => getContract(db, ctxOf(req), req.params.id),
  );
  app.patch(
    '/contracts/:id',
    route('clients:update', 'Modifier un contrat (les sites et plateformes donnés remplacent les anciens)', {
      params: idParam,
      body: contractUpdate,
      response: { 200: contractOut },
    }),
    async (req) => updateContract(db, ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/contracts/:id',
    route('clients:delete', 'Supprimer un contrat sans ticket', { params: idParam }),
    async (req, reply) => {
      await deleteContract(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
