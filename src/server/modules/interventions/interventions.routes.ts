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
import { presentIntervention } from './interventions.presenter.ts';
import * as service from './interventions.service.ts';
import * as scheduling from './scheduling.service.ts';
import './interventions.search.ts';
import './interventions.timeline.ts';

const tags = ['Interventions'];

export const interventionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  const detail = async (req: Parameters<typeof ctxOf>[0], id: string) => {
    const ctx = ctxOf(req);
    return presentIntervention(await service.getOrThrow(db, ctx, id), ctx);
  };
  app.get(
    '/interventions',
    {
      schema: {
        tags,
        summary: 'Lister les interventions visibles',
        querystring: interventionListQuery,
        response: { 200: page(interventionOut) },
      },
      config: { permission: 'interventions:read' },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const res = await service.listInterventions(db, ctx, req.query);
      return { items: res.items.map((r) => presentIntervention(r, ctx)), nextCursor: res.nextCursor };
    },
  );
  app.post(
    '/interventions',
    {
      schema: {
        tags,
        summary: 'Créer une intervention',
        body: interventionCreateBody,
        response: { 201: interventionOut },
      },
      config: { permission: 'interventions:create' },
    },
    async (req, reply) => {
      const row = await service.createIntervention(db, ctxOf(req), req.body);
      return reply.status(201).send(await detail(req, row.id));
    },
  );
  app.get(
    '/interventions/:id',
    {
      schema: { tags, summary: 'Une intervention', params: idParam, response: { 200: interventionOut } },
      config: { permission: 'interventions:read' },
    },
    async (req) => detail(req, req.params.id),
  );
  app.patch(
    '/interventions/:id',
    {
      schema: {
        tags,
        summary: 'Modifier une intervention (avec sa version)',
        params: idParam,
        body: interventionPatch,
        response: { 200: interventionOut },
      },
      config: { permission: 'interventions:update' },
    },
    async (req) => {
      await service.updateIntervention(db, ctxOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    },
  );
  app.delete(
    '/interventions/:id',
    {
      schema: { tags, summary: 'Supprimer une intervention à planifier ou annulée', params: idParam },
      config: { permission: 'interventions:delete' },
    },
    async (req, reply) => {
      await service.deleteIntervention(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/interventions/:id/status',
    {
      schema: {
        tags,
        summary: 'Changer le statut (transitions permises seulement)',
        params: idParam,
        body: statusBody,
        response: { 200: interventionOut },
      },
      config: { permission: 'interventions:update' },
    },
    async (req) => {
      await service.changeStatus(db, ctxOf(req), req.params.id, req.body, fx);
      return detail(req, req.params.id);
    },
  );
  app.post(
    '/interventions/:id/rating',
    {
      schema: {
        tags,
        summary: 'Noter une intervention terminée (1 à 5)',
        params: idParam,
        body: ratingBody,
        response: { 200: interventionOut },
      },
      config: { permission: 'interventions:update' },
    },
    async (req) => {
      await service.rateIntervention(db, ctxOf(req), req.params.id, req.body.rating);
      return detail(req, req.params.id);
    },
  );
  app.put(
    '/interventions/:id/schedule',
    {
      schema: {
        tags,
        summary: 'Planifier : techniciens et créneau (409 schedule_conflict sauf motif de forçage)',
        params: idParam,
        body: scheduleBody,
        response: { 200: interventionOut },
      },
      config: { permission: 'planning:update' },
    },
    async (req) => {
      await scheduling.schedule(db, ctxOf(req), req.params.id, req.body, fx);
      return detail(req, req.params.id);
    },
  );
  app.delete(
    '/interventions/:id/schedule',
    {
      schema: {
        tags,
        summary: 'Retirer du planning (retour à planifier)',
        params: idParam,
        response: { 200: interventionOut },
      },
      config: { permission: 'planning:update' },
    },
    async (req) => {
      await scheduling.unschedule(db, ctxOf(req), req.params.id);
      return detail(req, req.params.id);
    },
  );
};
