import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, page } from '../../../shared/schemas/common.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { messageOut, outboxStatuses } from '../../../shared/schemas/notifications.ts';
import { getMessageOrThrow, listOutbox, type OutboundMessage, replayMessage } from './outbox.service.ts';

const route = routeOptions('Messages sortants');

const present = (m: OutboundMessage) => ({
  id: m.id,
  channel: m.channel,
  event: m.event,
  idempotencyKey: m.idempotencyKey,
  recipient: m.recipient,
  subject: m.subject,
  html: m.html,
  body: m.body,
  entityType: m.entityType,
  entityId: m.entityId,
  status: m.status as (typeof outboxStatuses)[number],
  attempts: m.attempts,
  smsEncoding: m.smsEncoding,
  smsSegments: m.smsSegments,
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
  possiblyDuplicated: m.possiblyDuplicated,
});

export const outboxRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs } = app.deps;
  app.get(
    '/outbox',
    route('administration:read', 'Messages sortants (e-mails, SMS) et leurs tentatives', {
      querystring: z.strictObject({
        status: z.enum(outboxStatuses).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.uuid().optional(),
      }),
      response: { 200: page(messageOut) },
    }),
    async (req) => {
      const rows = await listOutbox(db, {
        status: req.query.status,
        beforeId: req.query.cursor,
        limit: req.query.limit + 1,
      });
      const items = rows.slice(0, req.query.limit);
      return {
        items: items.map(present),
        nextCursor: rows.length > req.query.limit ? items[items.length - 1]!.id : null,
      };
    },
  );
  app.get(
    '/outbox/:id',
    route('administration:read', 'Lire un message sortant', {
      params: idParam,
      response: { 200: messageOut },
    }),
    async (req) => present(await getMessageOrThrow(db, req.params.id)),
  );
  app.post(
    '/outbox/:id/replay',
    route('administration:update', 'Renvoyer un message en échec définitif', {
      params: idParam,
      response: { 200: messageOut },
    }),
    async (req) => {
      await replayMessage(db, jobs, ctxOf(req), req.params.id);
      return present(await getMessageOrThrow(db, req.params.id));
    },
  );
};
