import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assigneeOut, teamBody, teamOut, teamPatch } from '../../../shared/schemas/tickets.ts';
import { z } from '../../../shared/zod.ts';
import { catalogRoutes } from '../../infra/catalog-routes.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentTeam } from './teams.presenter.ts';
import * as service from './teams.service.ts';

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  catalogRoutes(app, {
    tag: 'Tickets',
    path: '/teams',
    out: teamOut,
    items: true,
    // With its lead and members as they are after the change.
    present: async (db, row) => presentTeam(await service.getTeamOrThrow(db, row.id)),
    list: [
      'tickets:read',
      'Les équipes de support',
      async (db, ctx) => (await service.listTeams(db, ctx)).map(presentTeam),
    ],
    create: ['administration:create', 'Créer une équipe', teamBody, service.createTeam],
    update: ['administration:update', 'Modifier une équipe', teamPatch, service.updateTeam],
    remove: ['administration:delete', 'Supprimer une équipe', service.deleteTeam],
  });
  app.get(
    '/tickets/assignees',
    routeOptions('Tickets')('tickets:update', 'Les personnes à qui un ticket peut être attribué', {
      response: { 200: z.object({ items: z.array(assigneeOut) }) },
    }),
    async (req) => ({ items: await service.listAssignees(app.deps.db, ctxOf(req)) }),
  );
};
