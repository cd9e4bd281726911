import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  callEventBody,
  callEventOut,
  callLookupOut,
  callLookupQuery,
} from '../../../shared/schemas/search.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { lookupForActor, receiveCallEvent } from './calls.service.ts';

const route = routeOptions('Appels');

/**
 * Caller identification. `GET /calls/lookup` (`clients:read`, within the user's scope) and
 * `POST /calls/events`: `clients:read` too, but only for an API token whose role reads every client
 * (e.g. a token with the role « Support » named after the platform); the agent gets the card live.
 */
export const callRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/calls/lookup',
    route('clients:read', 'Identifier un numéro (contacts, sites, clients, plages SDA)', {
      querystring: callLookupQuery,
      response: { 200: callLookupOut },
    }),
    async (req) => lookupForActor(db, ctxOf(req), req.query.number),
  );
  app.post(
    '/calls/events',
    route('clients:read+token', 'Appel entrant signalé par la plateforme téléphonique (jeton d’API)', {
      body: callEventBody,
      response: { 202: callEventOut },
    }),
    async (req, reply) => reply.status(202).send(await receiveCallEvent(db, ctxOf(req), req.body)),
  );
};
