import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { noteBody, noteOut } from '../../../shared/schemas/client-records.ts';
import { presentNote } from './notes.presenter.ts';
import * as service from './notes.service.ts';
import { clientRecordRoutes } from './records.routes.ts';

/** A client's internal notes: staff only (`+staff`), never shown to a partner. */
export const noteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  clientRecordRoutes(app, {
    path: 'notes',
    out: noteOut,
    list: [
      'clients:read',
      'Notes internes d’un client (personnel uniquement)',
      async (ctx, clientId) => {
        const { client, notes } = await service.listNotes(db, ctx, clientId);
        return notes.map((n) => presentNote(n, ctx, client));
      },
    ],
    create: [
      'clients:update+staff',
      'Ajouter une note interne',
      noteBody,
      async (ctx, clientId, body) => {
        const { client, note } = await service.createNote(db, ctx, clientId, body.body);
        return presentNote(note, ctx, client);
      },
    ],
    update: [
      'clients:update+staff',
      'Modifier une note interne',
      noteBody,
      async (ctx, { clientId, id }, body) => {
        const { client, note } = await service.updateNote(db, ctx, clientId, id, body.body);
        return presentNote(note, ctx, client);
      },
    ],
    remove: [
      'clients:delete+staff',
      'Supprimer une note interne',
      (ctx, { clientId, id }) => service.deleteNote(db, ctx, clientId, id),
    ],
  });
};
