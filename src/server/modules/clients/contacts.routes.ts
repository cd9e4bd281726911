import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientIdParam,
  contactBody,
  contactPatch,
  contactRecordOut,
  recordParams,
} from '../../../shared/schemas/client-records.ts';
import { ctxOf } from '../../infra/context.ts';
import { presentContact } from './contacts.presenter.ts';
import * as service from './contacts.service.ts';

const tags = ['Clients'];

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:clientId/contacts',
    {
      schema: {
        tags,
        summary: 'Contacts d’un client',
        params: clientIdParam,
        response: { 200: contactRecordOut.array() },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => (await service.listContacts(db, ctxOf(req), req.params.clientId)).map(presentContact),
  );
  app.post(
    '/clients/:clientId/contacts',
    {
      schema: {
        tags,
        summary: 'Ajouter un contact',
        params: clientIdParam,
        body: contactBody,
        response: { 201: contactRecordOut },
      },
      config: { permission: 'clients:create' },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentContact(await service.createContact(db, ctxOf(req), req.params.clientId, req.body))),
  );
  app.patch(
    '/clients/:clientId/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Modifier un contact',
        params: recordParams,
        body: contactPatch,
        response: { 200: contactRecordOut },
      },
      config: { permission: 'clients:update' },
    },
    async (req) =>
      presentContact(
        await service.updateContact(db, ctxOf(req), req.params.clientId, req.params.id, req.body),
      ),
  );
  app.delete(
    '/clients/:clientId/contacts/:id',
    {
      schema: { tags, summary: 'Supprimer un contact', params: recordParams },
      config: { permission: 'clients:delete' },
    },
    async (req, reply) => {
      await service.deleteContact(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
};
