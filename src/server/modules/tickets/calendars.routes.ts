import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import { calendarCreate, calendarOut, calendarUpdate } from '../../../shared/schemas/sla.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { presentCalendar } from './calendars.presenter.ts';
import * as service from './calendars.service.ts';

const tags = ['SLA'];

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/sla/calendars',
    {
      schema: { tags, summary: 'Calendriers ouvrés des SLA', response: { 200: z.array(calendarOut) } },
      config: { permission: 'tickets:read' },
    },
    async () => (await service.listCalendars(db)).map(presentCalendar),
  );
  app.post(
    '/sla/calendars',
    {
      schema: { tags, summary: 'Créer un calendrier', body: calendarCreate, response: { 201: calendarOut } },
      config: { permission: 'administration:create' },
    },
    async (req, reply) =>
      reply.status(201).send(presentCalendar(await service.createCalendar(db, ctxOf(req), req.body))),
  );
  app.patch(
    '/sla/calendars/:id',
    {
      schema: {
        tags,
        summary: 'Modifier un calendrier (les échéances des tickets ouverts sont recalculées)',
        params: idParam,
        body: calendarUpdate,
        response: { 200: calendarOut },
      },
      config: { permission: 'administration:update' },
    },
    async (req) => presentCalendar(await service.updateCalendar(db, ctxOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/sla/calendars/:id',
    {
      schema: { tags, summary: 'Supprimer un calendrier inutilisé', params: idParam },
      config: { permission: 'administration:delete' },
    },
    async (req, reply) => {
      await service.deleteCalendar(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
