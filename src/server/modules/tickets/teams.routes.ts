import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import { assigneeOut, teamBody, teamOut, teamPatch } from '../../../shared/schemas/tickets.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentTeam } from './teams.presenter.ts';
import * as service from './teams.service.ts';

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const route = routeOptions('Tickets');
  const detail = async (id: string) => presentTeam(await service.getTeamOrThrow(db, id));
  app.get(
    '/teams',
    route('tickets:read', 'Les équipes de support', {
      response: { 200: z.object({ items: z.array(teamOut) }) },
    }),
    async (req) => ({ items: (await service.listTeams(db, ctxOf(req))).map(presentTeam) }),
  );
  app.get(
    '/tickets/assignees',
    route('tickets:update', 'Les personnes à qui un ticket peut être attribué', {
      response: { 200: z.object({ items: z.array(assigneeOut) }) },
    }),
    async (req) => ({ items: await service.listAssignees(db, ctxOf(req)) }),
  );
  app.post(
    '/teams',
    route('administration:create', 'Créer une équipe', { body: teamBody, response: { 201: teamOut } }),
    async (req, reply) => {
      const row = await service.createTeam(db, ctxOf(req), req.body);
      return reply.status(201).send(await detail(row.id));
    },
  );
  app.patch(
    '/teams/:id',
    route('administration:update', 'Modifier une équipe', {
      params: idParam,
      body: teamPatch,
      response: { 200: teamOut },
    }),
    async (req) => {
      await service.updateTeam(db, ctxOf(req), req.params.id, req.body);
      return detail(req.params.id);
    },
  );
  app.delete(
    '/teams/:id',
    route('administration:delete', 'Supprimer une équipe', { params: idParam }),
    async (req, reply) => {
      await service.deleteTeam(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
