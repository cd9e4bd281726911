import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../../shared/zod.ts';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, database } = app.deps;
  app.get(
    '/health',
    {
      schema: {
        tags: ['Plateforme'],
        summary: 'État du service',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgresql']),
            version: z.string(),
          }),
        },
      },
      config: { permission: 'public', rateLimit: false },
    },
    async () => {
      await db.execute(sql`SELECT 1`);
      return {
        status: 'ok' as const,
        database: database.kind,
        version: process.env.npm_package_version ?? '0.1.0',
      };
    },
  );
};
