import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { calendarCreate, calendarOut, calendarUpdate } from '../../../shared/schemas/sla.ts';
import { catalogRoutes } from '../../infra/catalog-routes.ts';
import { presentCalendar } from './calendars.presenter.ts';
import * as service from './calendars.service.ts';

export const calendarRoutes: FastifyPluginAsyncZod = async (app) =>
  catalogRoutes(app, {
    tag: 'SLA',
    path: '/sla/calendars',
    out: calendarOut,
    present: (_db, row) => presentCalendar(row),
    list: [
      'tickets:read',
      'Calendriers ouvrés des SLA',
      async (db) => (await service.listCalendars(db)).map(presentCalendar),
    ],
    create: ['administration:create', 'Créer un calendrier', calendarCreate, service.createCalendar],
    update: [
      'administration:update',
      'Modifier un calendrier (les échéances des tickets ouverts sont recalculées)',
      calendarUpdate,
      service.updateCalendar,
    ],
    remove: ['administration:delete', 'Supprimer un calendrier inutilisé', service.deleteCalendar],
  });
