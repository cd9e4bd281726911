import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  boardOut,
  boardQuery,
  planningCheckBody,
  planningCheckOut,
} from '../../../shared/schemas/interventions.ts';
import { ctxOf } from '../../infra/context.ts';
import { checkSchedule } from './scheduling.service.ts';
import { board } from './planning.service.ts';

const tags = ['Planning'];

export const planningRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/planning/board',
    {
      schema: {
        tags,
        summary: 'Tableau de planning : techniciens, interventions, absences, file à planifier',
        querystring: boardQuery,
        response: { 200: boardOut },
      },
      config: { permission: 'planning:read' },
    },
    async (req) => board(db, ctxOf(req), req.query),
  );
  app.post(
    '/planning/check',
    {
      schema: {
        tags,
        summary: 'Conflits d’un créneau, sans enregistrer',
        body: planningCheckBody,
        response: { 200: planningCheckOut },
      },
      config: { permission: 'planning:read' },
    },
    async (req) => checkSchedule(db, ctxOf(req), req.body),
  );
};
