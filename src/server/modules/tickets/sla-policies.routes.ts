import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import { policyCreate, policyOut, policyUpdate, ticketSlaDetailOut } from '../../../shared/schemas/sla.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentPolicies, presentPolicy } from './sla-policies.presenter.ts';
import * as service from './sla-policies.service.ts';

const route = routeOptions('SLA');

export const slaPolicyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/sla/policies',
    route('tickets:read', 'Politiques SLA', { response: { 200: z.array(policyOut) } }),
    async (req) => presentPolicies(db, await service.listPolicies(db, ctxOf(req))),
  );
  app.post(
    '/sla/policies',
    route('administration:create', 'Créer une politique SLA', {
      body: policyCreate,
      response: { 201: policyOut },
    }),
    async (req, reply) =>
      reply.status(201).send(await presentPolicy(db, await service.createPolicy(db, ctxOf(req), req.body))),
  );
  app.patch(
    '/sla/policies/:id',
    route(
      'administration:update',
      'Modifier une politique SLA (les échéances des tickets ouverts sont recalculées)',
      { params: idParam, body: policyUpdate, response: { 200: policyOut } },
    ),
    async (req) => presentPolicy(db, await service.updatePolicy(db, ctxOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/sla/policies/:id',
    route('administration:delete', 'Supprimer une politique SLA', { params: idParam }),
    async (req, reply) => {
      await service.deletePolicy(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

/** A ticket's SLA clocks and history, for tickets readers in scope (a partner: its clients' only → 404). */
export const ticketSlaRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/tickets/:id/sla',
    route('tickets:read', 'Horloges SLA d’un ticket et leur historique', {
      params: idParam,
      response: { 200: ticketSlaDetailOut },
    }),
    async (req) => service.getTicketSla(db, ctxOf(req), req.params.id),
  );
};
