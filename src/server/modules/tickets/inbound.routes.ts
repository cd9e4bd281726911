import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inboundEmailBody, inboundResultOut } from '../../../shared/schemas/tickets.ts';
import { ctxOf } from '../../infra/context.ts';
import { receiveInboundEmail } from './inbound.service.ts';

export const inboundRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  app.post(
    '/tickets/inbound-email',
    {
      bodyLimit: 40 * 1024 * 1024,
      schema: {
        tags: ['Tickets'],
        summary: 'Webhook de la passerelle e-mail : réponse d’un client à un ticket',
        description:
          'Pour un jeton d’API de la passerelle de messagerie (droit tickets:create). Le sujet doit contenir la référence du ticket entre crochets, par exemple « Re: [T-2026-000123] Panne standard ». L’expéditeur doit être le contact du ticket, un contact du client ou un utilisateur de son partenaire (sinon 403) ; ticket inconnu : 404. Le message est ajouté une seule fois par `messageId` (Message-ID de l’e-mail) : un renvoi du même e-mail reçoit la même réponse 200 sans rien ajouter. Un ticket en attente du client repasse en cours, un ticket résolu est rouvert.',
        body: inboundEmailBody,
        response: { 200: inboundResultOut },
      },
      config: { permission: 'tickets:create' },
    },
    async (req) => receiveInboundEmail(db, ctxOf(req), req.body, fx),
  );
};
