import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import {
  absenceBody,
  absenceDecisionBody,
  absenceListQuery,
  absenceOut,
} from '../../../shared/schemas/technicians.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentAbsence } from './absences.presenter.ts';
import * as service from './absences.service.ts';

const route = routeOptions('Techniciens');

export const absenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  app.get(
    '/absences',
    route('planning:read', 'Absences des techniciens visibles', {
      querystring: absenceListQuery,
      response: { 200: z.object({ items: z.array(absenceOut) }) },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      return { items: (await service.listAbsences(db, ctx, req.query)).map((r) => presentAbsence(r, ctx)) };
    },
  );
  // Declared `planning:read+own`: a technician (terrain or interne) requests his own leave; the service
  // lets the office create approved absences for anyone.
  app.post(
    '/absences',
    route('planning:read+own', 'Demander ou saisir une absence', {
      body: absenceBody,
      response: { 201: absenceOut },
    }),
    async (req, reply) => {
      const ctx = ctxOf(req);
      return reply.status(201).send(presentAbsence(await service.createAbsence(db, ctx, req.body, fx), ctx));
    },
  );
  const decision = (
    path: string,
    summary: string,
    permission: 'planning:update' | 'planning:read+own',
    run: typeof service.approveAbsence,
  ) =>
    app.post(
      path,
      route(permission, summary, {
        params: idParam,
        body: absenceDecisionBody,
        response: { 200: absenceOut },
      }),
      async (req) => {
        const ctx = ctxOf(req);
        return presentAbsence(await run(db, ctx, req.params.id, req.body.note ?? null, fx), ctx);
      },
    );
  decision(
    '/absences/:id/approve',
    'Approuver une demande d’absence',
    'planning:update',
    service.approveAbsence,
  );
  decision(
    '/absences/:id/refuse',
    'Refuser une demande d’absence (avec motif)',
    'planning:update',
    service.refuseAbsence,
  );
  decision('/absences/:id/cancel', 'Annuler une absence', 'planning:read+own', service.cancelAbsence);
};
