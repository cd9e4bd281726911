import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, page } from '../../../shared/schemas/common.ts';
import {
  interventionCreateBody,
  interventionListQuery,
  interventionOut,
  interventionPatch,
  ratingBody,
  scheduleBody,
  statusBody,
} from '../../../shared/schemas/interventions.ts';
import { detailActions } from '../../infra/action-routes.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentIntervention } from './interventions.presenter.ts';
import * as service from './interventions.service.ts';
import * as scheduling from './scheduling.service.ts';
import './interventions.search.ts';
import './interventions.timeline.ts';

const route = routeOptions('Interventions');

export const interventionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  const detail = async (req: Parameters<typeof ctxOf>[0], id: string) => {
    const ctx = ctxOf(req);
    return presentIntervention(await service.getOrThrow(db, ctx, id), ctx);
  };
  app.get(
    '/interventions',
    route('interventions:read', 'Lister les interventions visibles', {
      querystring: interventionListQuery,
      response: { 200: page(interventionOut) },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const res = await service.listInterventions(db, ctx, req.query);
      return { items: res.items.map((r) => presentIntervention(r, ctx)), nextCursor: res.nextCursor };
    },
  );
  app.post(
    '/interventions',
    route('interventions:create', 'Créer une intervention', {
      body: interventionCreateBody,
      response: { 201: interventionOut },
    }),
    async (req, reply) => {
      const row = await service.createIntervention(db, ctxOf(req), req.body);
      return reply.status(201).send(await detail(req, row.id));
    },
  );
  app.get(
    '/interventions/:id',
    route('interventions:read', 'Une intervention', { params: idParam, response: { 200: interventionOut } }),
    async (req) => detail(req, req.params.id),
  );
  const action = detailActions(app, route, interventionOut, detail);
  action(
    'PATCH',
    '/interventions/:id',
    ['interventions:update', 'Modifier une intervention (avec sa version)'],
    interventionPatch,
    (ctx, id, body) => service.updateIntervention(db, ctx, id, body),
  );
  app.delete(
    '/interventions/:id',
    route('interventions:delete', 'Supprimer une intervention à planifier ou annulée', { params: idParam }),
    async (req, reply) => {
      await service.deleteIntervention(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  action(
    'POST',
    '/interventions/:id/status',
    ['interventions:update', 'Changer le statut (transitions permises seulement)'],
    statusBody,
    (ctx, id, body) => service.changeStatus(db, ctx, id, body, fx),
  );
  action(
    'POST',
    '/interventions/:id/rating',
    ['interventions:update', 'Noter une intervention terminée (1 à 5)'],
    ratingBody,
    (ctx, id, body) => service.rateIntervention(db, ctx, id, body.rating),
  );
  action(
    'PUT',
    '/interventions/:id/schedule',
    ['planning:update', 'Planifier : techniciens et créneau (409 schedule_conflict sauf motif de forçage)'],
    scheduleBody,
    (ctx, id, body) => scheduling.schedule(db, ctx, id, body, fx),
  );
  action(
    'DELETE',
    '/interventions/:id/schedule',
    ['planning:update', 'Retirer du planning (retour à planifier)'],
    null,
    (ctx, id) => scheduling.unschedule(db, ctx, id, fx),
  );
};
