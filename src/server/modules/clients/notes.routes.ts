import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clientIdParam, noteBody, noteOut, recordParams } from '../../../shared/schemas/client-records.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentNote } from './notes.presenter.ts';
import * as service from './notes.service.ts';

const route = routeOptions('Clients');

export const noteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:clientId/notes',
    route('clients:read', 'Notes internes d’un client (personnel uniquement)', {
      params: clientIdParam,
      response: { 200: noteOut.array() },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const { client, notes } = await service.listNotes(db, ctx, req.params.clientId);
      return notes.map((n) => presentNote(n, ctx, client));
    },
  );
  app.post(
    '/clients/:clientId/notes',
    route('clients:update+staff', 'Ajouter une note interne', {
      params: clientIdParam,
      body: noteBody,
      response: { 201: noteOut },
    }),
    async (req, reply) => {
      const ctx = ctxOf(req);
      const { client, note } = await service.createNote(db, ctx, req.params.clientId, req.body.body);
      return reply.status(201).send(presentNote(note, ctx, client));
    },
  );
  app.patch(
    '/clients/:clientId/notes/:id',
    route('clients:update+staff', 'Modifier une note interne', {
      params: recordParams,
      body: noteBody,
      response: { 200: noteOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const { client, note } = await service.updateNote(
        db,
        ctx,
        req.params.clientId,
        req.params.id,
        req.body.body,
      );
      return presentNote(note, ctx, client);
    },
  );
  app.delete(
    '/clients/:clientId/notes/:id',
    route('clients:delete+staff', 'Supprimer une note interne', { params: recordParams }),
    async (req, reply) => {
      await service.deleteNote(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
};
