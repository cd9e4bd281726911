import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { packRoutes } from './packs.routes.ts';
import { priceListRoutes } from './price-lists.routes.ts';
import { productRoutes } from './products.routes.ts';

/** The catalogue of the orders module: articles, packs, partner price lists. */
export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(productRoutes);
  await app.register(packRoutes);
  await app.register(priceListRoutes);
};
