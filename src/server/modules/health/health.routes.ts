import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../../shared/zod.ts';

const check = z.enum(['ok', 'error']);

/** A readiness check that does not answer within this time counts as failed. */
const checkTimeoutMs = 3_000;

async function probe(run: () => Promise<boolean>): Promise<'ok' | 'error'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), checkTimeoutMs);
  });
  try {
    return (await Promise.race([run(), timeout])) ? 'ok' : 'error';
  } catch {
    return 'error';
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, database, jobs, events } = app.deps;
  app.get(
    '/health',
    {
      schema: {
        tags: ['Plateforme'],
        summary: 'État du service',
        description: 'Le processus répond et la base aussi (sonde de vie).',
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

  const readiness = z.object({
    status: z.enum(['ready', 'unavailable']),
    checks: z.object({ database: check, jobs: check, events: check }),
  });
  app.get(
    '/ready',
    {
      schema: {
        tags: ['Plateforme'],
        summary: 'Prêt à servir',
        description:
          'La base, la file de tâches et le hub d’événements temps réel répondent (sonde de disponibilité) ; 503 sinon, avec le détail.',
        response: { 200: readiness, 503: readiness },
      },
      config: { permission: 'public', rateLimit: false },
    },
    async (_req, reply) => {
      const [databaseCheck, jobsCheck, eventsCheck] = await Promise.all([
        probe(async () => {
          await db.execute(sql`SELECT 1`);
          return true;
        }),
        probe(() => jobs.ready()),
        probe(async () => events.listening),
      ]);
      const checks = { database: databaseCheck, jobs: jobsCheck, events: eventsCheck };
      const ready = Object.values(checks).every((c) => c === 'ok');
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
    },
  );
};
