import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import {
  savedFilterBody,
  savedFilterListQuery,
  savedFilterOut,
} from '../../../shared/schemas/saved-filters.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import * as service from './saved-filters.service.ts';

const route = routeOptions('Filtres enregistrés');

/** A user's own saved list filters (« Mes filtres »): nobody else sees or deletes them. */
export const savedFilterRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/saved-filters',
    route('authenticated', 'Mes filtres enregistrés d’une liste', {
      querystring: savedFilterListQuery,
      response: { 200: z.object({ items: z.array(savedFilterOut) }) },
    }),
    async (req) => ({
      items: (await service.listSavedFilters(db, ctxOf(req), req.query.list)).map(service.presentSavedFilter),
    }),
  );
  app.post(
    '/saved-filters',
    route('authenticated', 'Enregistrer un filtre (nom unique par utilisateur et par liste)', {
      querystring: savedFilterListQuery,
      body: savedFilterBody,
      response: { 201: savedFilterOut },
    }),
    async (req, reply) => {
      const row = await service.createSavedFilter(db, ctxOf(req), req.query.list, req.body);
      return reply.status(201).send(service.presentSavedFilter(row));
    },
  );
  app.delete(
    '/saved-filters/:id',
    route('authenticated', 'Supprimer un de mes filtres', { params: idParam }),
    async (req, reply) => {
      await service.deleteSavedFilter(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
