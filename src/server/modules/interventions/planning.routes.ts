import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  boardOut,
  boardQuery,
  planningCandidatesBody,
  planningCandidatesOut,
  planningCheckBody,
  planningCheckOut,
} from '../../../shared/schemas/interventions.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { checkSchedule } from './scheduling.service.ts';
import { board } from './planning.service.ts';
import { rankTechniciansForDraft } from './candidates.service.ts';

const route = routeOptions('Planning');

export const planningRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/planning/board',
    route('planning:read', 'Tableau de planning : techniciens, interventions, absences, file à planifier', {
      querystring: boardQuery,
      response: { 200: boardOut },
    }),
    async (req) => board(db, ctxOf(req), req.query),
  );
  app.post(
    '/planning/check',
    route('planning:read', 'Conflits d’un créneau, sans enregistrer', {
      body: planningCheckBody,
      response: { 200: planningCheckOut },
    }),
    async (req) => checkSchedule(db, ctxOf(req), req.body),
  );
  app.post(
    '/planning/candidates',
    route(
      'planning:update',
      'Techniciens classés pour une intervention en cours de saisie, avec leurs conflits',
      {
        body: planningCandidatesBody,
        response: { 200: planningCandidatesOut },
      },
    ),
    async (req) => rankTechniciansForDraft(db, ctxOf(req), req.body),
  );
};
