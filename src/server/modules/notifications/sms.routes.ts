import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { smsQuotaOut, smsSendBody, smsSentOut } from '../../../shared/schemas/sms.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { getMessageOrThrow } from './outbox.service.ts';
import { getSmsQuota, sendSmsByHand } from './sms.service.ts';

const route = routeOptions('SMS');

/**
 * SMS typed by hand. Permission `clients:read`: texting a client's contact is part of following the
 * client (support, technicians, a partner for its own clients all read clients); the client given
 * must be within the user's scope, and each user has an hourly quota.
 */
export const smsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  app.post(
    '/sms',
    route('clients:read+user', 'Envoyer un SMS (quota par utilisateur et par heure glissante)', {
      body: smsSendBody,
      response: { 201: smsSentOut },
    }),
    async (req, reply) => {
      const { id, quota } = await sendSmsByHand(db, jobs, ctxOf(req), req.body, config.smsQuotaPerHour);
      const m = await getMessageOrThrow(db, id);
      return reply.status(201).send({
        id: m.id,
        recipient: m.recipient,
        body: m.body,
        encoding: m.smsEncoding as 'GSM-7' | 'UCS-2',
        segments: m.smsSegments ?? 0,
        status: m.status,
        createdAt: m.createdAt.toISOString(),
        quota,
      });
    },
  );
  app.get(
    '/sms/quota',
    route('clients:read', 'SMS que l’utilisateur peut encore envoyer dans l’heure', {
      response: { 200: smsQuotaOut },
    }),
    async (req) => getSmsQuota(db, ctxOf(req), config.smsQuotaPerHour),
  );
};
