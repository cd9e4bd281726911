import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { smsSendBody, smsSentOut } from '../../../shared/schemas/sms.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { sendSmsToClient } from './sms.service.ts';

const route = routeOptions('SMS');

/**
 * `POST /sms`, an SMS typed by hand. Declared by clients because the client named is checked here;
 * `GET /sms/quota` and the sending are notifications' (`notifications/sms.*.ts`). Permission
 * `clients:read`: texting a client's contact is part of following the client (support, technicians,
 * a partner for its own clients all read clients); each user has an hourly quota.
 */
export const clientSmsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  app.post(
    '/sms',
    route('clients:read+user', 'Envoyer un SMS (quota par utilisateur et par heure glissante)', {
      body: smsSendBody,
      response: { 201: smsSentOut },
    }),
    async (req, reply) =>
      reply.status(201).send(await sendSmsToClient(db, jobs, ctxOf(req), req.body, config.smsQuotaPerHour)),
  );
};
