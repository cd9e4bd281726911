import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  packBody,
  packLinesOut,
  packLinesQuery,
  packOut,
  packPatch,
} from '../../../shared/schemas/catalogue.ts';
import { idParam } from '../../../shared/schemas/common.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { routeOptions } from '../../infra/routes.ts';
import { callerRules, maintainsCatalogue } from './catalogue.access.ts';
import { presentPack } from './packs.presenter.ts';
import type { PackRow } from './packs.repo.ts';
import * as service from './packs.service.ts';

const route = routeOptions('Catalogue');

async function present(db: Db, ctx: RequestContext, rows: PackRow[]) {
  const { rules } = await callerRules(db, ctx);
  return rows.map((p) => presentPack(p, rules, maintainsCatalogue(ctx)));
}

export const packRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const one = async (ctx: RequestContext, row: PackRow) => (await present(db, ctx, [row]))[0]!;
  app.get(
    '/packs',
    route('orders:read', 'Packs du catalogue, totaux aux prix de l’appelant', {
      response: { 200: z.object({ items: z.array(packOut) }) },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      return { items: await present(db, ctx, await service.listPacks(db, ctx)) };
    },
  );
  app.get(
    '/packs/:id',
    route('orders:read', 'Un pack du catalogue', { params: idParam, response: { 200: packOut } }),
    async (req) => one(ctxOf(req), await service.getPackOrThrow(db, ctxOf(req), req.params.id)),
  );
  app.get(
    '/packs/:id/lines',
    route('orders:read', 'Les lignes modifiables d’un pack, aux prix de l’appelant', {
      params: idParam,
      querystring: packLinesQuery,
      response: { 200: packLinesOut },
    }),
    async (req) => ({
      items: await service.packLines(db, ctxOf(req), req.params.id, req.query.partnerId),
    }),
  );
  app.post(
    '/packs',
    route('orders:catalog+staff', 'Créer un pack', { body: packBody, response: { 201: packOut } }),
    async (req, reply) =>
      reply.status(201).send(await one(ctxOf(req), await service.createPack(db, ctxOf(req), req.body))),
  );
  app.patch(
    '/packs/:id',
    route('orders:catalog+staff', 'Modifier un pack (ses articles remplacés si donnés)', {
      params: idParam,
      body: packPatch,
      response: { 200: packOut },
    }),
    async (req) => one(ctxOf(req), await service.updatePack(db, ctxOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/packs/:id',
    route('orders:catalog+staff', 'Supprimer un pack', { params: idParam }),
    async (req, reply) => {
      await service.deletePack(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
