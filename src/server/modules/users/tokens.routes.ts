import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createTokenBody, tokenOut } from '../../../shared/schemas/admin.ts';
import { idParam } from '../../../shared/schemas/common.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import * as tokens from './tokens.service.ts';

const route = routeOptions('Jetons d’API');
type Row = Awaited<ReturnType<typeof tokens.getTokenOrThrow>>;
const present = (r: Row) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  role: r.role as z.infer<typeof tokenOut>['role'],
  partnerId: r.partnerId,
  partnerName: r.partnerName,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/api-tokens',
    route('administration:read', 'Lister les jetons d’API', {
      response: { 200: z.object({ items: z.array(tokenOut), nextCursor: z.null() }) },
    }),
    async () => ({ items: (await tokens.listTokens(db)).map(present), nextCursor: null }),
  );
  app.post(
    '/api-tokens',
    route('administration:create', 'Créer un jeton (affiché une seule fois)', {
      body: createTokenBody,
      response: { 201: tokenOut.extend({ token: z.string() }) },
    }),
    async (req, reply) => {
      const { token, id } = await tokens.createToken(db, ctxOf(req), req.body);
      return reply.status(201).send({ ...present(await tokens.getTokenOrThrow(db, id)), token });
    },
  );
  app.delete(
    '/api-tokens/:id',
    route('administration:delete', 'Révoquer un jeton', { params: idParam }),
    async (req, reply) => {
      await tokens.revokeToken(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
