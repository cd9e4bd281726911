import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { smsQuotaOut } from '../../../shared/schemas/sms.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { getSmsQuota } from './sms.service.ts';

const route = routeOptions('SMS');

/**
 * The quota of SMS typed by hand (`POST /sms` itself is declared by clients, which checks the
 * client named: `clients/sms.routes.ts`).
 */
export const smsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.get(
    '/sms/quota',
    route('clients:read', 'SMS que l’utilisateur peut encore envoyer dans l’heure', {
      response: { 200: smsQuotaOut },
    }),
    async (req) => getSmsQuota(db, ctxOf(req), config.smsQuotaPerHour),
  );
};
