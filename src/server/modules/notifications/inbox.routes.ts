import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import {
  notificationListQuery,
  notificationOut,
  notificationPage,
  notificationPreferencesBody,
  notificationPreferencesOut,
  unreadCountOut,
} from '../../../shared/schemas/notifications-inbox.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import {
  countUnread,
  getPreferences,
  listNotifications,
  markAllRead,
  markRead,
  savePreferences,
} from './inbox.service.ts';

const route = routeOptions('Notifications');

/**
 * The signed-in user's own notifications and preferences. Every route is `authenticated`: a
 * notification belongs to one user, and each user only ever reads or changes their own.
 */
export const inboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/notifications',
    route('authenticated', 'Mes notifications (les plus récentes d’abord) et le nombre de non lues', {
      querystring: notificationListQuery,
      response: { 200: notificationPage },
    }),
    async (req) => listNotifications(db, ctxOf(req), req.query),
  );
  app.post(
    '/notifications/:id/read',
    route('authenticated', 'Marquer une notification comme lue', {
      params: idParam,
      response: { 200: notificationOut },
    }),
    async (req) => markRead(db, ctxOf(req), req.params.id),
  );
  app.post(
    '/notifications/read-all',
    route('authenticated', 'Tout marquer comme lu', { response: { 200: unreadCountOut } }),
    async (req) => {
      const ctx = ctxOf(req);
      await markAllRead(db, ctx);
      return { unreadCount: await countUnread(db, ctx.actor.userId!) };
    },
  );
  app.get(
    '/notification-preferences',
    route('authenticated', 'Mes préférences de notification, par type', {
      response: { 200: notificationPreferencesOut },
    }),
    async (req) => getPreferences(db, ctxOf(req)),
  );
  app.put(
    '/notification-preferences',
    route('authenticated', 'Enregistrer mes préférences de notification', {
      body: notificationPreferencesBody,
      response: { 200: notificationPreferencesOut },
    }),
    async (req) => savePreferences(db, ctxOf(req), req.body.items),
  );
};
