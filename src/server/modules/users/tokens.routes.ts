import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createTokenBody, tokenOut } from '../../../shared/schemas/admin.ts';
import { idParam } from '../../../shared/schemas/common.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import * as tokens from './tokens.service.ts';

const tags = ['Jetons d’API'];
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
    {
      schema: {
        tags,
        summary: 'Lister les jetons d’API',
        response: { 200: z.object({ items: z.array(tokenOut), nextCursor: z.null() }) },
      },
      config: { permission: 'administration:read' },
    },
    async () => ({ items: (await tokens.listTokens(db)).map(present), nextCursor: null }),
  );
  app.post(
    '/api-tokens',
    {
      schema: {
        tags,
        summary: 'Créer un jeton (affiché une seule fois)',
        body: createTokenBody,
        response: { 201: tokenOut.extend({ token: z.string() }) },
      },
      config: { permission: 'administration:create' },
    },
    async (req, reply) => {
      const { token, id } = await tokens.createToken(db, ctxOf(req), req.body);
      return reply.status(201).send({ ...present(await tokens.getTokenOrThrow(db, id)), token });
    },
  );
  app.delete(
    '/api-tokens/:id',
    {
      schema: { tags, summary: 'Révoquer un jeton', params: idParam },
      config: { permission: 'administration:delete' },
    },
    async (req, reply) => {
      await tokens.revokeToken(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
