import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchOut, searchQuery } from '../../../shared/schemas/search.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { search } from './search.service.ts';

const route = routeOptions('Recherche');

/**
 * Global search. `authenticated`: each source checks the read right of its module and applies its
 * row scope, so a user only ever finds what they could open.
 */
export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/search',
    route('authenticated', 'Recherche globale (clients, contacts, sites, plateformes, numéros)', {
      querystring: searchQuery,
      response: { 200: searchOut },
    }),
    async (req) => search(db, ctxOf(req), req.query),
  );
};
