import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../../shared/zod.ts';
import {
  mapCardOut,
  mapCardsAtOut,
  mapCardsAtQuery,
  mapLayers,
  mapPointLayers,
  type MapPointsOut,
  mapPointsOut,
  mapPointsQuery,
} from '../../../shared/schemas/map.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { mapCard, mapCardsAt, mapPoints } from './map.service.ts';

const route = routeOptions('Carte');
const cardParams = z.strictObject({
  layer: z.enum(mapLayers, 'Calque inconnu.'),
  id: z.uuid('Identifiant invalide.'),
});
const atParams = z.strictObject({
  layer: z.enum(
    mapPointLayers,
    'Calque inconnu (recherche par position : sites, installations, tickets ou interventions).',
  ),
});

/**
 * The France map. The route only asks for a signed-in actor: each layer is then read with its own
 * module's right and row scope (see map.service.ts), an unreadable layer coming back `null`.
 */
export const mapRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/map/points',
    route('authenticated', 'Points de la carte de France, par calque (colonnes compactes)', {
      querystring: mapPointsQuery,
      response: { 200: mapPointsOut },
    }),
    // The JSON text is built by the service (point layers straight from the database): sent as is.
    async (req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send((await mapPoints(db, ctxOf(req), req.query)) as unknown as MapPointsOut),
  );
  // Static `at` wins over `:id` in the router: a click on a point (the layers carry no ids).
  app.get(
    '/map/cards/:layer/at',
    route(
      'authenticated',
      'Fiches de tout ce qui se trouve à un point de la carte (mêmes filtres que les points)',
      { params: atParams, querystring: mapCardsAtQuery, response: { 200: mapCardsAtOut } },
    ),
    async (req) => mapCardsAt(db, ctxOf(req), req.params.layer, req.query),
  );
  app.get(
    '/map/cards/:layer/:id',
    route('authenticated', 'Fiche résumée d’un point de la carte', {
      params: cardParams,
      response: { 200: mapCardOut },
    }),
    async (req) => mapCard(db, ctxOf(req), req.params.layer, req.params.id),
  );
};
