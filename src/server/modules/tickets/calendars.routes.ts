import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import { calendarCreate, calendarOut, calendarUpdate } from '../../../shared/schemas/sla.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentCalendar } from './calendars.presenter.ts';
import * as service from './calendars.service.ts';

const route = routeOptions('SLA');

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/sla/calendars',
    route('tickets:read', 'Calendriers ouvrés des SLA', { response: { 200: z.array(calendarOut) } }),
    async () => (await service.listCalendars(db)).map(presentCalendar),
  );
  app.post(
    '/sla/calendars',
    route('administration:create', 'Créer un calendrier', {
      body: calendarCreate,
      response: { 201: calendarOut },
    }),
    async (req, reply) =>
      reply.status(201).send(presentCalendar(await service.createCalendar(db, ctxOf(req), req.body))),
  );
  app.patch(
    '/sla/calendars/:id',
    route(
      'administration:update',
      'Modifier un calendrier (les échéances des tickets ouverts sont recalculées)',
      { params: idParam, body: calendarUpdate, response: { 200: calendarOut } },
    ),
    async (req) => presentCalendar(await service.updateCalendar(db, ctxOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/sla/calendars/:id',
    route('administration:delete', 'Supprimer un calendrier inutilisé', { params: idParam }),
    async (req, reply) => {
      await service.deleteCalendar(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
