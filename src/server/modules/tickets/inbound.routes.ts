import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inboundEmailBody, inboundIgnoredOut, inboundResultOut } from '../../../shared/schemas/tickets.ts';
import { ctxOf } from '../../infra/context.ts';
import { parseFrom, receiveInboundEmail } from './inbound.service.ts';

export const inboundRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  const ownAddress = parseFrom(config.mailFrom).email;
  app.post(
    '/tickets/inbound-email',
    {
      bodyLimit: 40 * 1024 * 1024,
      schema: {
        tags: ['Tickets'],
        summary: 'Webhook de la passerelle e-mail : nouveau ticket ou réponse à un ticket',
        description:
          'Pour un jeton d’API de la passerelle de messagerie (droit tickets:create). Un sujet contenant la référence d’un ticket entre crochets (« Re: [T-2026-000123] Panne standard ») ajoute le message à ce ticket (200) si l’expéditeur en est le contact, un contact du client, un utilisateur de son partenaire ou le demandeur (sinon 403) ; un ticket en attente du client repasse en cours, un ticket résolu est rouvert. Tout autre e-mail ouvre un ticket, canal e-mail, avec l’e-mail et ses pièces jointes pour premier message (201) : pour le client du contact qui écrit (reconnu par son adresse), sinon « à qualifier », sans client. Les réponses automatiques (`Auto-Submitted` autre que `no`), les envois en nombre (`Precedence: bulk`, `list`, `junk`) et nos propres e-mails sont ignorés (202, avec le motif). Chaque `messageId` (Message-ID de l’e-mail) n’est pris qu’une fois : un renvoi du même e-mail reçoit la même réponse sans rien ajouter.',
        body: inboundEmailBody,
        response: { 200: inboundResultOut, 201: inboundResultOut, 202: inboundIgnoredOut },
      },
      config: { permission: 'tickets:create' },
    },
    async (req, reply) => {
      const result = await receiveInboundEmail(db, ctxOf(req), req.body, fx, ownAddress);
      return reply.code('ignored' in result ? 202 : result.created ? 201 : 200).send(result);
    },
  );
};
