import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientSegmentBody,
  clientSegmentOut,
  type ClientSegmentOut,
} from '../../../shared/schemas/clients.ts';
import { idParam } from '../../../shared/schemas/common.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import * as service from './segments.service.ts';

const route = routeOptions('Clients');
const present = (
  s: { id: string; name: string; createdAt: Date },
  clientCount: number,
): ClientSegmentOut => ({
  id: s.id,
  name: s.name,
  clientCount,
  createdAt: s.createdAt.toISOString(),
});

/** /client-segments: everyone who reads clients lists them (client form); admins maintain them. */
export const clientSegmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/client-segments',
    route('clients:read', 'Lister les segments de clients', {
      response: { 200: z.object({ items: z.array(clientSegmentOut) }) },
    }),
    async (req) => ({
      items: (await service.listSegments(db, ctxOf(req))).map((s) => present(s, s.clientCount)),
    }),
  );
  app.post(
    '/client-segments',
    route('administration:create', 'Créer un segment de clients', {
      body: clientSegmentBody,
      response: { 201: clientSegmentOut },
    }),
    async (req, reply) =>
      reply.status(201).send(present(await service.createSegment(db, ctxOf(req), req.body.name), 0)),
  );
  app.patch(
    '/client-segments/:id',
    route('administration:update', 'Renommer un segment de clients', {
      params: idParam,
      body: clientSegmentBody,
      response: { 200: clientSegmentOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const row = await service.renameSegment(db, ctx, req.params.id, req.body.name);
      const listed = (await service.listSegments(db, ctx)).find((s) => s.id === row.id);
      return present(row, listed?.clientCount ?? 0);
    },
  );
  app.delete(
    '/client-segments/:id',
    route('administration:delete', 'Supprimer un segment de clients inutilisé', { params: idParam }),
    async (req, reply) => {
      await service.deleteSegment(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
