import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import { policyCreate, policyOut, policyUpdate, ticketSlaDetailOut } from '../../../shared/schemas/sla.ts';
import { catalogRoutes } from '../../infra/catalog-routes.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentPolicies, presentPolicy } from './sla-policies.presenter.ts';
import * as service from './sla-policies.service.ts';

const route = routeOptions('SLA');

export const slaPolicyRoutes: FastifyPluginAsyncZod = async (app) =>
  catalogRoutes(app, {
    tag: 'SLA',
    path: '/sla/policies',
    out: policyOut,
    present: presentPolicy,
    list: [
      'tickets:read',
      'Politiques SLA',
      async (db, ctx) => presentPolicies(db, await service.listPolicies(db, ctx)),
    ],
    create: ['administration:create', 'Créer une politique SLA', policyCreate, service.createPolicy],
    update: [
      'administration:update',
      'Modifier une politique SLA (les échéances des tickets ouverts sont recalculées)',
      policyUpdate,
      service.updatePolicy,
    ],
    remove: ['administration:delete', 'Supprimer une politique SLA', service.deletePolicy],
  });

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
