import { and, asc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  clientIdParam,
  formatRange,
  platformBody,
  platformOut,
  type PlatformOut,
  platformPatch,
  recordParams,
} from '../../../shared/schemas/client-records.ts';
import { clients, numberRanges, sites, telephonyPlatforms } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recordClientOrThrow } from './records.shared.ts';

type PlatformRow = typeof telephonyPlatforms.$inferSelect;
type RangeRow = typeof numberRanges.$inferSelect;
type PlatformInput = z.infer<typeof platformBody>;
type PlatformPatch = z.infer<typeof platformPatch>;
type RangeInput = NonNullable<PlatformInput['ranges']>[number];

/** Serialises SDA range writes so two concurrent changes cannot create overlapping ranges. */
const rangeLockKey = 4_780_901_200;

export function presentPlatform(p: PlatformRow, ranges: RangeRow[]): PlatformOut {
  return {
    id: p.id,
    clientId: p.clientId,
    siteId: p.siteId,
    kind: p.kind as PlatformOut['kind'],
    provider: p.provider,
    tenantId: p.tenantId,
    adminUrl: p.adminUrl,
    notes: p.notes,
    ranges: ranges
      .filter((r) => r.platformId === p.id)
      .sort((a, b) => a.startNum - b.startNum)
      .map((r) => ({
        id: r.id,
        startE164: r.startE164,
        endE164: r.endE164,
        count: r.endNum - r.startNum + 1,
        label: r.label,
      })),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function listPlatforms(db: Db, ctx: RequestContext, clientId: string) {
  await recordClientOrThrow(db, ctx, clientId, 'read');
  const platforms = await db
    .select()
    .from(telephonyPlatforms)
    .where(eq(telephonyPlatforms.clientId, clientId))
    .orderBy(asc(telephonyPlatforms.createdAt), asc(telephonyPlatforms.id));
  const ranges = await db.select().from(numberRanges).where(eq(numberRanges.clientId, clientId));
  return platforms.map((p) => presentPlatform(p, ranges));
}

async function platformOfClientOrThrow(db: Db, clientId: string, id: string) {
  const [row] = await db
    .select()
    .from(telephonyPlatforms)
    .where(and(eq(telephonyPlatforms.id, id), eq(telephonyPlatforms.clientId, clientId)));
  if (!row) throw notFound('Plateforme');
  return row;
}

async function checkSiteOrThrow(db: Db, clientId: string, siteId: string | null | undefined) {
  if (!siteId) return;
  const [s] = await db
    .select({ id: sites.id })
    .from(sites)
    .where(and(eq(sites.id, siteId), eq(sites.clientId, clientId)));
  if (!s) throw validationFailed([{ path: 'siteId', message: 'Ce site n’appartient pas à ce client.' }]);
}

/**
 * Ranges must not overlap each other nor any other platform's range (of any client): 409 naming
 * the owner when the actor may see that client, « déjà attribuée » otherwise.
 */
async function checkRangesOrThrow(
  tx: Db,
  ctx: RequestContext,
  ranges: RangeInput[],
  platformId: string | null,
) {
  for (let i = 0; i < ranges.length; i++) {
    for (let j = 0; j < i; j++) {
      if (ranges[i]!.startNum <= ranges[j]!.endNum && ranges[j]!.startNum <= ranges[i]!.endNum) {
        throw validationFailed([
          {
            path: `ranges.${i}.start`,
            message: `Cette plage chevauche la plage ${formatRange(ranges[j]!.startE164, ranges[j]!.endE164)} de la même plateforme.`,
          },
        ]);
      }
    }
  }
  for (const [i, r] of ranges.entries()) {
    const [hit] = await tx
      .select({ range: numberRanges, clientName: clients.name, partnerId: clients.partnerId })
      .from(numberRanges)
      .innerJoin(clients, eq(clients.id, numberRanges.clientId))
      .where(
        and(
          lte(numberRanges.startNum, r.endNum),
          gte(numberRanges.endNum, r.startNum),
          platformId ? ne(numberRanges.platformId, platformId) : undefined,
        ),
      )
      .limit(1);
    if (!hit) continue;
    const theirs = formatRange(hit.range.startE164, hit.range.endE164);
    const owner = ctx.policy.sees('clients', { partnerId: hit.partnerId })
      ? `au client « ${hit.clientName} » (${theirs})`
      : null;
    const message = owner
      ? `Ces numéros sont déjà attribués ${owner}.`
      : 'Ces numéros appartiennent à une plage déjà attribuée.';
    throw conflict(message, [{ path: `ranges.${i}.start`, message }]);
  }
}

async function writeRanges(tx: Db, platformId: string, clientId: string, ranges: RangeInput[]) {
  await tx.delete(numberRanges).where(eq(numberRanges.platformId, platformId));
  if (ranges.length) {
    await tx.insert(numberRanges).values(ranges.map((r) => ({ ...r, platformId, clientId })));
  }
  return tx.select().from(numberRanges).where(eq(numberRanges.platformId, platformId));
}

export async function createPlatform(db: Db, ctx: RequestContext, clientId: string, input: PlatformInput) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'create');
  await checkSiteOrThrow(db, clientId, input.siteId);
  const { ranges = [], ...fields } = input;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${rangeLockKey})`);
    await checkRangesOrThrow(tx, ctx, ranges, null);
    const [row] = await tx
      .insert(telephonyPlatforms)
      .values({ ...fields, clientId })
      .returning();
    const written = await writeRanges(tx, row!.id, clientId, ranges);
    const out = presentPlatform(row!, written);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'telephony_platform',
      entityId: row!.id,
      clientId,
      partnerId: client.partnerId,
      after: out,
    });
    return out;
  });
}

export async function updatePlatform(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  id: string,
  input: PlatformPatch,
) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'update');
  const beforeRow = await platformOfClientOrThrow(db, clientId, id);
  await checkSiteOrThrow(db, clientId, input.siteId);
  const { ranges, ...fields } = input;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${rangeLockKey})`);
    const beforeRanges = await tx.select().from(numberRanges).where(eq(numberRanges.platformId, id));
    const before = presentPlatform(beforeRow, beforeRanges);
    if (ranges) await checkRangesOrThrow(tx, ctx, ranges, id);
    const [row] = await tx
      .update(telephonyPlatforms)
      .set({ ...fields, updatedAt: clock.now() })
      .where(eq(telephonyPlatforms.id, id))
      .returning();
    const written = ranges ? await writeRanges(tx, id, clientId, ranges) : beforeRanges;
    const after = presentPlatform(row!, written);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'telephony_platform',
      entityId: id,
      clientId,
      partnerId: client.partnerId,
      before,
      after,
    });
    return after;
  });
}

export async function deletePlatform(db: Db, ctx: RequestContext, clientId: string, id: string) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'delete');
  const row = await platformOfClientOrThrow(db, clientId, id);
  await db.transaction(async (tx) => {
    const ranges = await tx
      .select()
      .from(numberRanges)
      .where(inArray(numberRanges.platformId, [id]));
    await tx.delete(telephonyPlatforms).where(eq(telephonyPlatforms.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'telephony_platform',
      entityId: id,
      clientId,
      partnerId: client.partnerId,
      before: presentPlatform(row, ranges),
    });
  });
}

const tags = ['Clients'];

export const platformRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:clientId/platforms',
    {
      schema: {
        tags,
        summary: 'Plateformes téléphoniques d’un client, avec leurs plages SDA',
        params: clientIdParam,
        response: { 200: platformOut.array() },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => listPlatforms(db, ctxOf(req), req.params.clientId),
  );
  app.post(
    '/clients/:clientId/platforms',
    {
      schema: {
        tags,
        summary: 'Ajouter une plateforme téléphonique (jamais de mot de passe)',
        params: clientIdParam,
        body: platformBody,
        response: { 201: platformOut },
      },
      config: { permission: 'clients:create' },
    },
    async (req, reply) =>
      reply.status(201).send(await createPlatform(db, ctxOf(req), req.params.clientId, req.body)),
  );
  app.patch(
    '/clients/:clientId/platforms/:id',
    {
      schema: {
        tags,
        summary: 'Modifier une plateforme (les plages données remplacent les anciennes)',
        params: recordParams,
        body: platformPatch,
        response: { 200: platformOut },
      },
      config: { permission: 'clients:update' },
    },
    async (req) => updatePlatform(db, ctxOf(req), req.params.clientId, req.params.id, req.body),
  );
  app.delete(
    '/clients/:clientId/platforms/:id',
    {
      schema: { tags, summary: 'Supprimer une plateforme et ses plages', params: recordParams },
      config: { permission: 'clients:delete' },
    },
    async (req, reply) => {
      await deletePlatform(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
};
