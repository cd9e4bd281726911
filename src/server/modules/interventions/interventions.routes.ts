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
  app.patch(
    '/interventions/:id',
    route('interventions:update', 'Modifier une intervention (avec sa version)', {
      params: idParam,
      body: interventionPatch,
      response: { 200: interventionOut },
    }),
    async (req) => {
      await service.updateIntervention(db, ctxOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    },
  );
  app.delete(
    '/interventions/:id',
    route('interventions:delete', 'Supprimer une intervention à planifier ou annulée', { params: idParam }),
    async (req, reply) => {
      await service.deleteIntervention(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/interventions/:id/status',
    route('interventions:update', 'Changer le statut (transitions permises seulement)', {
      params: idParam,
      body: statusBody,
      response: { 200: interventionOut },
    }),
    async (req) => {
      await service.changeStatus(db, ctxOf(req), req.params.id, req.body, fx);
      return detail(req, req.params.id);
    },
  );
  app.post(
    '/interventions/:id/rating',
    route('interventions:update', 'Noter une intervention terminée (1 à 5)', {
      params: idParam,
      body: ratingBody,
      response: { 200: interventionOut },
    }),
    async (req) => {
      await service.rateIntervention(db, ctxOf(req), req.params.id, req.body.rating);
      return detail(req, req.params.id);
    },
  );
  app.put(
    '/interventions/:id/schedule',
    route(
      'planning:update',
      'Planifier : techniciens et créneau (409 schedule_conflict sauf motif de forçage)',
      { params: idParam, body: scheduleBody, response: { 200: interventionOut } },
    ),
    async (req) => {
      await scheduling.schedule(db, ctxOf(req), req.params.id, req.body, fx);
      return detail(req, req.params.id);
    },
  );
  app.delete(
    '/interventions/:id/schedule',
    route('planning:update', 'Retirer du planning (retour à planifier)', {
      params: idParam,
      response: { 200: interventionOut },
    }),
    async (req) => {
      await scheduling.unschedule(db, ctxOf(req), req.params.id, fx);
      return detail(req, req.params.id);
    },
  );
};
