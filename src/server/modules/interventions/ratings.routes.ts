import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import { ratingsOut } from '../../../shared/schemas/technicians.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { getTechnicianRatings } from './ratings.service.ts';

const route = routeOptions('Techniciens');

/**
 * A technician's ratings, computed from his interventions: declared here, beside the facts they are
 * computed from, so that technicians does not import interventions (which reads technicians).
 */
export const technicianRatingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/technicians/:id/ratings',
    route('planning:read', 'Notes de performance (90 jours) avec leurs éléments de calcul', {
      params: idParam,
      response: { 200: ratingsOut },
    }),
    async (req) => getTechnicianRatings(db, ctxOf(req), req.params.id),
  );
};
