import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientIdParam,
  contactBody,
  contactPatch,
  contactRecordOut,
  recordParams,
} from '../../../shared/schemas/client-records.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentContact } from './contacts.presenter.ts';
import * as service from './contacts.service.ts';

const route = routeOptions('Clients');

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:clientId/contacts',
    route('clients:read', 'Contacts d’un client', {
      params: clientIdParam,
      response: { 200: contactRecordOut.array() },
    }),
    async (req) => (await service.listContacts(db, ctxOf(req), req.params.clientId)).map(presentContact),
  );
  app.post(
    '/clients/:clientId/contacts',
    route('clients:create', 'Ajouter un contact', {
      params: clientIdParam,
      body: contactBody,
      response: { 201: contactRecordOut },
    }),
    async (req, reply) =>
      reply
        .status(201)
        .send(presentContact(await service.createContact(db, ctxOf(req), req.params.clientId, req.body))),
  );
  app.patch(
    '/clients/:clientId/contacts/:id',
    route('clients:update', 'Modifier un contact', {
      params: recordParams,
      body: contactPatch,
      response: { 200: contactRecordOut },
    }),
    async (req) =>
      presentContact(
        await service.updateContact(db, ctxOf(req), req.params.clientId, req.params.id, req.body),
      ),
  );
  app.delete(
    '/clients/:clientId/contacts/:id',
    route('clients:delete', 'Supprimer un contact', { params: recordParams }),
    async (req, reply) => {
      await service.deleteContact(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
};
