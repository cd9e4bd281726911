import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  productBody,
  productListQuery,
  productOut,
  productPatch,
} from '../../../shared/schemas/catalogue.ts';
import { idParam } from '../../../shared/schemas/common.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentProduct } from './products.presenter.ts';
import * as service from './products.service.ts';

const route = routeOptions('Catalogue');

export const productRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/products',
    route('orders:read', 'Articles du catalogue, aux prix de l’appelant', {
      querystring: productListQuery,
      response: { 200: z.object({ items: z.array(productOut) }) },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const view = await service.catalogueView(db, ctx, req.query.partnerId);
      return { items: (await service.listProducts(db, ctx, req.query)).map((p) => presentProduct(p, view)) };
    },
  );
  app.get(
    '/products/:id',
    route('orders:read', 'Un article du catalogue', { params: idParam, response: { 200: productOut } }),
    async (req) => {
      const ctx = ctxOf(req);
      const row = await service.getProductOrThrow(db, ctx, req.params.id);
      return presentProduct(row, await service.catalogueView(db, ctx));
    },
  );
  app.post(
    '/products',
    route('orders:catalog+staff', 'Ajouter un article au catalogue', {
      body: productBody,
      response: { 201: productOut },
    }),
    async (req, reply) => {
      const ctx = ctxOf(req);
      const row = await service.createProduct(db, ctx, req.body);
      return reply.status(201).send(presentProduct(row, await service.catalogueView(db, ctx)));
    },
  );
  app.patch(
    '/products/:id',
    route('orders:catalog+staff', 'Modifier un article du catalogue', {
      params: idParam,
      body: productPatch,
      response: { 200: productOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const row = await service.updateProduct(db, ctx, req.params.id, req.body);
      return presentProduct(row, await service.catalogueView(db, ctx));
    },
  );
  app.delete(
    '/products/:id',
    route('orders:catalog+staff', 'Supprimer un article qu’aucun pack ne contient', { params: idParam }),
    async (req, reply) => {
      await service.deleteProduct(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
