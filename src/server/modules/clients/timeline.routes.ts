import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, page } from '../../../shared/schemas/common.ts';
import { timelineEntryOut, timelineQuery } from '../../../shared/schemas/timeline.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { clientTimeline } from './timeline.ts';

const route = routeOptions('Clients');

export const clientTimelineRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:id/timeline',
    route(
      'clients:read',
      'Historique du client (le plus récent d’abord), toutes sources lisibles confondues',
      { params: idParam, querystring: timelineQuery, response: { 200: page(timelineEntryOut) } },
    ),
    async (req) => clientTimeline(db, ctxOf(req), req.params.id, req.query),
  );
};
