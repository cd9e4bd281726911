import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { partnerIdParam, priceListBody, priceListOut } from '../../../shared/schemas/catalogue.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { maintainsCatalogue } from './catalogue.access.ts';
import { presentPriceList } from './price-lists.presenter.ts';
import * as service from './price-lists.service.ts';

const route = routeOptions('Catalogue');

export const priceListRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/partners/:partnerId/price-list',
    route('orders:read', 'Tarifs d’un partenaire (un partenaire : les siens)', {
      params: partnerIdParam,
      response: { 200: priceListOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      return presentPriceList(
        await service.getPriceList(db, ctx, req.params.partnerId),
        maintainsCatalogue(ctx),
      );
    },
  );
  app.put(
    '/partners/:partnerId/price-list',
    route('orders:catalog+staff', 'Remplacer les tarifs d’un partenaire (prix, remises, commission)', {
      params: partnerIdParam,
      body: priceListBody,
      response: { 200: priceListOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const detail = await service.putPriceList(db, ctx, req.params.partnerId, req.body);
      return presentPriceList(detail, maintainsCatalogue(ctx));
    },
  );
};
