import { and, asc, eq, ne } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { departmentOf } from '../../../shared/geo.ts';
import {
  clientIdParam,
  recordParams,
  siteBody,
  sitePatch,
  siteRecordOut,
  type SiteRecordOut,
  unplacedSiteOut,
  type UnplacedSiteOut,
} from '../../../shared/schemas/client-records.ts';
import { toE164 } from '../../../shared/sms.ts';
import { clients, sites } from '../../db/schema/index.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere as whereOfScope } from '../../policy/scope-sql.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueueGeocode, geocodeQueue, hasAddress } from './geocoder.ts';
import { recordClientOrThrow } from './records.shared.ts';

type SiteRow = typeof sites.$inferSelect;
type SiteInput = z.infer<typeof siteBody>;
type SitePatch = z.infer<typeof sitePatch>;

export function presentSite(s: SiteRow): SiteRecordOut {
  return {
    id: s.id,
    clientId: s.clientId,
    name: s.name,
    addressLine: s.addressLine,
    postalCode: s.postalCode,
    city: s.city,
    department: s.department,
    latitude: s.latitude,
    longitude: s.longitude,
    geocodeStatus: s.geocodeStatus as SiteRecordOut['geocodeStatus'],
    geocodeScore: s.geocodeScore,
    geocodedAt: s.geocodedAt?.toISOString() ?? null,
    openingHours: s.openingHours ?? null,
    accessInstructions: s.accessInstructions,
    phone: s.phone,
    phoneE164: s.phoneE164,
    createdAt: s.createdAt.toISOString(),
  };
}

export async function listSites(db: Db, ctx: RequestContext, clientId: string) {
  await recordClientOrThrow(db, ctx, clientId, 'read');
  return db.select().from(sites).where(eq(sites.clientId, clientId)).orderBy(asc(sites.name), asc(sites.id));
}

async function siteOfClientOrThrow(db: Db, clientId: string, id: string) {
  const [row] = await db
    .select()
    .from(sites)
    .where(and(eq(sites.id, id), eq(sites.clientId, clientId)));
  if (!row) throw notFound('Site');
  return row;
}

/** Derived columns written with the typed ones: E.164 twin of the phone, département. */
function derived(v: { phone?: string | null; postalCode?: string | null }) {
  return {
    ...(v.phone !== undefined ? { phoneE164: v.phone ? toE164(v.phone) : null } : {}),
    ...(v.postalCode !== undefined ? { department: departmentOf(v.postalCode) } : {}),
  };
}

export async function createSite(
  db: Db,
  ctx: RequestContext,
  jobs: Jobs,
  clientId: string,
  input: SiteInput,
) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'create');
  return db.transaction(async (tx) => {
    const placeable = hasAddress({
      addressLine: input.addressLine ?? null,
      postalCode: input.postalCode ?? null,
      city: input.city ?? null,
    });
    const [row] = await tx
      .insert(sites)
      .values({
        ...input,
        clientId,
        ...derived(input),
        geocodeStatus: placeable ? 'pending' : 'not_found',
      })
      .returning();
    if (placeable) await enqueueGeocode(tx, jobs, row!.id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'site',
      entityId: row!.id,
      clientId,
      partnerId: client.partnerId,
      after: row,
    });
    return row!;
  });
}

export async function updateSite(
  db: Db,
  ctx: RequestContext,
  jobs: Jobs,
  clientId: string,
  id: string,
  input: SitePatch,
) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'update');
  const before = await siteOfClientOrThrow(db, clientId, id);
  const next = {
    addressLine: input.addressLine !== undefined ? input.addressLine : before.addressLine,
    postalCode: input.postalCode !== undefined ? input.postalCode : before.postalCode,
    city: input.city !== undefined ? input.city : before.city,
  };
  const moved =
    next.addressLine !== before.addressLine ||
    next.postalCode !== before.postalCode ||
    next.city !== before.city;
  const placeable = hasAddress(next);
  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(sites)
      .set({
        ...input,
        ...derived(input),
        ...(moved
          ? {
              latitude: null,
              longitude: null,
              geocodeScore: null,
              geocodedAt: null,
              geocodeStatus: placeable ? 'pending' : 'not_found',
            }
          : {}),
      })
      .where(eq(sites.id, id))
      .returning();
    if (moved && placeable) await enqueueGeocode(tx, jobs, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'site',
      entityId: id,
      clientId,
      partnerId: client.partnerId,
      before,
      after,
    });
    return after!;
  });
}

/**
 * « Géocoder à nouveau » (the map's and the unplaced sites' action): the site goes back to `pending`
 * and a geocoding job is enqueued in the same transaction (its coordinates stay until the answer).
 * A site without any address cannot be placed: 409.
 */
export async function regeocodeSite(db: Db, ctx: RequestContext, jobs: Jobs, clientId: string, id: string) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'update');
  const before = await siteOfClientOrThrow(db, clientId, id);
  if (!hasAddress(before)) {
    throw conflict('Ce site n’a pas d’adresse : renseignez-la avant de le géocoder.');
  }
  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(sites)
      .set({ geocodeStatus: 'pending' })
      .where(eq(sites.id, id))
      .returning();
    await enqueueGeocode(tx, jobs, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'site',
      entityId: id,
      clientId,
      partnerId: client.partnerId,
      before,
      after,
    });
    return after!;
  });
}

export async function deleteSite(db: Db, ctx: RequestContext, clientId: string, id: string) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'delete');
  const before = await siteOfClientOrThrow(db, clientId, id);
  await db.transaction(async (tx) => {
    await tx.delete(sites).where(eq(sites.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'site',
      entityId: id,
      clientId,
      partnerId: client.partnerId,
      before,
    });
  });
}

const scopeWhere = (scope: RowScope) => whereOfScope(scope, { partner: clients.partnerId });

/** Sites the geocoder has not placed (not found, unreachable, or still pending), within the actor's scope. */
export async function listUnplacedSites(
  db: Db,
  ctx: RequestContext,
  limit = 200,
): Promise<UnplacedSiteOut[]> {
  const rows = await db
    .select({ site: sites, clientName: clients.name })
    .from(sites)
    .innerJoin(clients, eq(clients.id, sites.clientId))
    .where(and(ne(sites.geocodeStatus, 'ok'), scopeWhere(ctx.policy.scopeFor('clients'))))
    .orderBy(asc(clients.name), asc(sites.name), asc(sites.id))
    .limit(limit);
  return rows.map((r) => ({ ...presentSite(r.site), clientName: r.clientName }));
}

const tags = ['Clients'];

export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs } = app.deps;
  await jobs.defineQueue(geocodeQueue);
  app.get(
    '/clients/:clientId/sites',
    {
      schema: {
        tags,
        summary: 'Sites d’un client',
        params: clientIdParam,
        response: { 200: siteRecordOut.array() },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => (await listSites(db, ctxOf(req), req.params.clientId)).map(presentSite),
  );
  app.post(
    '/clients/:clientId/sites',
    {
      schema: {
        tags,
        summary: 'Ajouter un site (géocodé en arrière-plan)',
        params: clientIdParam,
        body: siteBody,
        response: { 201: siteRecordOut },
      },
      config: { permission: 'clients:create' },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentSite(await createSite(db, ctxOf(req), jobs, req.params.clientId, req.body))),
  );
  app.patch(
    '/clients/:clientId/sites/:id',
    {
      schema: {
        tags,
        summary: 'Modifier un site (une nouvelle adresse est géocodée à nouveau)',
        params: recordParams,
        body: sitePatch,
        response: { 200: siteRecordOut },
      },
      config: { permission: 'clients:update' },
    },
    async (req) =>
      presentSite(await updateSite(db, ctxOf(req), jobs, req.params.clientId, req.params.id, req.body)),
  );
  app.post(
    '/clients/:clientId/sites/:id/geocode',
    {
      schema: {
        tags,
        summary: 'Géocoder à nouveau un site (adresse inchangée)',
        params: recordParams,
        response: { 200: siteRecordOut },
      },
      config: { permission: 'clients:update' },
    },
    async (req) => presentSite(await regeocodeSite(db, ctxOf(req), jobs, req.params.clientId, req.params.id)),
  );
  app.delete(
    '/clients/:clientId/sites/:id',
    {
      schema: { tags, summary: 'Supprimer un site', params: recordParams },
      config: { permission: 'clients:delete' },
    },
    async (req, reply) => {
      await deleteSite(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/sites/unplaced',
    {
      schema: {
        tags,
        summary: 'Sites que le géocodeur n’a pas localisés',
        response: { 200: unplacedSiteOut.array() },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => listUnplacedSites(db, ctxOf(req)),
  );
};
