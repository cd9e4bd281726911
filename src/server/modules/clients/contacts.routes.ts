import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contactBody, contactPatch, contactRecordOut } from '../../../shared/schemas/client-records.ts';
import { presentContact } from './contacts.presenter.ts';
import * as service from './contacts.service.ts';
import { clientRecordRoutes } from './records.routes.ts';

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  clientRecordRoutes(app, {
    path: 'contacts',
    out: contactRecordOut,
    list: [
      'clients:read',
      'Contacts d’un client',
      async (ctx, clientId) => (await service.listContacts(db, ctx, clientId)).map(presentContact),
    ],
    create: [
      'clients:create',
      'Ajouter un contact',
      contactBody,
      async (ctx, clientId, body) => presentContact(await service.createContact(db, ctx, clientId, body)),
    ],
    update: [
      'clients:update',
      'Modifier un contact',
      contactPatch,
      async (ctx, { clientId, id }, body) =>
        presentContact(await service.updateContact(db, ctx, clientId, id, body)),
    ],
    remove: [
      'clients:delete',
      'Supprimer un contact',
      (ctx, { clientId, id }) => service.deleteContact(db, ctx, clientId, id),
    ],
  });
};
