import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, page } from '../../../shared/schemas/common.ts';
import {
  bulkResultOut,
  ticketBulkBody,
  ticketCountsOut,
  ticketCreateBody,
  ticketEscalateBody,
  ticketListQuery,
  ticketOut,
  ticketPatch,
  ticketStatusBody,
} from '../../../shared/schemas/tickets.ts';
import { detailActions } from '../../infra/action-routes.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { assignmentRoutes } from './assignment.routes.ts';
import { inboundRoutes } from './inbound.routes.ts';
import { ticketMessageRoutes } from './messages.routes.ts';
import { teamRoutes } from './teams.routes.ts';
import { presentTickets } from './tickets.presenter.ts';
import * as status from './status.service.ts';
import { getOrThrow } from './tickets.access.ts';
import * as service from './tickets.service.ts';
import './tickets.search.ts';
import './tickets.timeline.ts';

const route = routeOptions('Tickets');

export const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  const detail = async (req: Parameters<typeof ctxOf>[0], id: string) => {
    const ctx = ctxOf(req);
    return (await presentTickets(db, [await getOrThrow(db, ctx, id)], ctx))[0]!;
  };
  app.get(
    '/tickets',
    route('tickets:read', 'Files de tickets (mine, team, unassigned, escalated, at_risk, all) et filtres', {
      querystring: ticketListQuery,
      response: { 200: page(ticketOut) },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const res = await service.listTickets(db, ctx, req.query);
      return { items: await presentTickets(db, res.items, ctx), nextCursor: res.nextCursor };
    },
  );
  app.get(
    '/tickets/counts',
    route('tickets:read', 'Nombre de tickets par file', { response: { 200: ticketCountsOut } }),
    async (req) => service.countTickets(db, ctxOf(req)),
  );
  app.post(
    '/tickets',
    route('tickets:create', 'Ouvrir un ticket', { body: ticketCreateBody, response: { 201: ticketOut } }),
    async (req, reply) => {
      const row = await service.createTicket(db, ctxOf(req), req.body, fx);
      return reply.status(201).send(await detail(req, row.id));
    },
  );
  app.post(
    '/tickets/bulk',
    route('tickets:update', 'Attribuer ou changer le statut de plusieurs tickets (tout ou rien)', {
      body: ticketBulkBody,
      response: { 200: bulkResultOut },
    }),
    async (req) => service.bulkUpdate(db, ctxOf(req), req.body, fx),
  );
  app.get(
    '/tickets/:id',
    route('tickets:read', 'Un ticket', { params: idParam, response: { 200: ticketOut } }),
    async (req) => detail(req, req.params.id),
  );
  const action = detailActions(app, route, ticketOut, detail);
  action(
    'PATCH',
    '/tickets/:id',
    ['tickets:update', 'Modifier un ticket (avec sa version)'],
    ticketPatch,
    (ctx, id, body) => service.updateTicket(db, ctx, id, body, fx),
  );
  action(
    'POST',
    '/tickets/:id/status',
    ['tickets:update', 'Changer le statut (transitions permises seulement)'],
    ticketStatusBody,
    (ctx, id, body) => status.changeStatus(db, ctx, id, body, fx),
  );
  action(
    'POST',
    '/tickets/:id/escalate',
    ['tickets:update', 'Escalader au niveau suivant (le responsable d’équipe est prévenu)'],
    ticketEscalateBody,
    (ctx, id, body) => status.escalate(db, ctx, id, body.reason, fx),
  );
  await app.register(ticketMessageRoutes);
  await app.register(teamRoutes);
  await app.register(inboundRoutes);
  await app.register(assignmentRoutes);
};
