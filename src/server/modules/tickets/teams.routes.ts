import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import { assigneeOut, teamBody, teamOut, teamPatch } from '../../../shared/schemas/tickets.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { presentTeam } from './teams.presenter.ts';
import * as service from './teams.service.ts';

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['Tickets'];
  const detail = async (id: string) => presentTeam(await service.getTeamOrThrow(db, id));
  app.get(
    '/teams',
    {
      schema: {
        tags,
        summary: 'Les équipes de support',
        response: { 200: z.object({ items: z.array(teamOut) }) },
      },
      config: { permission: 'tickets:read' },
    },
    async (req) => ({ items: (await service.listTeams(db, ctxOf(req))).map(presentTeam) }),
  );
  app.get(
    '/tickets/assignees',
    {
      schema: {
        tags,
        summary: 'Les personnes à qui un ticket peut être attribué',
        response: { 200: z.object({ items: z.array(assigneeOut) }) },
      },
      config: { permission: 'tickets:update' },
    },
    async (req) => ({ items: await service.listAssignees(db, ctxOf(req)) }),
  );
  app.post(
    '/teams',
    {
      schema: { tags, summary: 'Créer une équipe', body: teamBody, response: { 201: teamOut } },
      config: { permission: 'administration:create' },
    },
    async (req, reply) => {
      const row = await service.createTeam(db, ctxOf(req), req.body);
      return reply.status(201).send(await detail(row.id));
    },
  );
  app.patch(
    '/teams/:id',
    {
      schema: {
        tags,
        summary: 'Modifier une équipe',
        params: idParam,
        body: teamPatch,
        response: { 200: teamOut },
      },
      config: { permission: 'administration:update' },
    },
    async (req) => {
      await service.updateTeam(db, ctxOf(req), req.params.id, req.body);
      return detail(req.params.id);
    },
  );
  app.delete(
    '/teams/:id',
    {
      schema: { tags, summary: 'Supprimer une équipe', params: idParam },
      config: { permission: 'administration:delete' },
    },
    async (req, reply) => {
      await service.deleteTeam(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
