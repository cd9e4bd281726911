import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, page } from '../../../shared/schemas/common.ts';
import { timelineEntryOut, timelineQuery } from '../../../shared/schemas/timeline.ts';
import { ctxOf } from '../../infra/context.ts';
import { clientTimeline } from './timeline.ts';

const tags = ['Clients'];

export const clientTimelineRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Historique du client (le plus récent d’abord), toutes sources lisibles confondues',
        params: idParam,
        querystring: timelineQuery,
        response: { 200: page(timelineEntryOut) },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => clientTimeline(db, ctxOf(req), req.params.id, req.query),
  );
};
