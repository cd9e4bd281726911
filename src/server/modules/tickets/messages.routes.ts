import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ticketMessageBody, ticketMessageOut } from '../../../shared/schemas/tickets.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { defaultMaxFileBytes, sendFile } from '../../infra/files.ts';
import { routeOptions } from '../../infra/routes.ts';
import { type UploadSpec, uploadsOf } from '../../infra/uploads.ts';
import { attachmentOf, listMessages, postMessage } from './messages.service.ts';

/** Attachments of a reply: 10 files of 10 MB at most. */
const attachmentUpload: UploadSpec = {
  field: 'attachments',
  maxFiles: 10,
  maxFileBytes: defaultMaxFileBytes,
};

const fileParams = z.strictObject({
  id: z.uuid('Identifiant invalide.'),
  fileId: z.uuid('Identifiant invalide.'),
});
const idParam = z.strictObject({ id: z.uuid('Identifiant invalide.') });

export const ticketMessageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  const route = routeOptions('Tickets');
  app.get(
    '/tickets/:id/messages',
    route('tickets:read', 'La conversation d’un ticket (partenaires : réponses publiques seulement)', {
      params: idParam,
      response: { 200: z.object({ items: z.array(ticketMessageOut) }) },
    }),
    async (req) => ({ items: await listMessages(db, ctxOf(req), req.params.id) }),
  );
  app.post(
    '/tickets/:id/messages',
    route(
      'tickets:update',
      'Répondre (publique : envoyée par e-mail au contact) ou ajouter une note interne ; pièces jointes en formulaire multipart, 10 Mo chacune',
      {
        consumes: ['application/json', 'multipart/form-data'],
        params: idParam,
        body: ticketMessageBody,
        response: { 201: ticketMessageOut },
      },
      { upload: attachmentUpload },
    ),
    async (req, reply) =>
      reply.status(201).send(await postMessage(db, ctxOf(req), req.params.id, req.body, uploadsOf(req), fx)),
  );
  app.get(
    '/tickets/:id/attachments/:fileId',
    route('tickets:read', 'Télécharger une pièce jointe (toujours en téléchargement)', {
      params: fileParams,
    }),
    async (req, reply) =>
      sendFile(reply, await attachmentOf(db, ctxOf(req), req.params.id, req.params.fileId)),
  );
};
