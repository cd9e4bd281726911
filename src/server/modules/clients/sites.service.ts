import type { z } from 'zod';
import type { Action } from '../../../shared/permissions.ts';
import { departmentOf } from '../../../shared/geo.ts';
import type { siteBody, sitePatch } from '../../../shared/schemas/client-records.ts';
import { toE164 } from '../../../shared/sms.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { enqueueGeocode, hasAddress } from './geocoder.ts';
import { auditRecordChange, recordClientOrThrow, recordOfClientOrThrow } from './records.shared.ts';
import * as repo from './sites.repo.ts';

type SiteInput = z.infer<typeof siteBody>;
type SitePatch = z.infer<typeof sitePatch>;

/** The sites of a client the actor may read (404 outside the scope). */
export async function listSites(db: Db, ctx: RequestContext, clientId: string) {
  await recordClientOrThrow(db, ctx, clientId, 'read');
  return repo.listSitesOfClient(db, clientId);
}

const siteOrThrow = (db: Db, ctx: RequestContext, action: Action, clientId: string, id: string) =>
  recordOfClientOrThrow(db, ctx, action, { clientId, id }, repo.findSite, 'Site');

/** Derived columns written with the typed ones: E.164 twin of the phone, département. */
function derived(v: { phone?: string | null; postalCode?: string | null }) {
  return {
    ...(v.phone !== undefined ? { phoneE164: v.phone ? toE164(v.phone) : null } : {}),
    ...(v.postalCode !== undefined ? { department: departmentOf(v.postalCode) } : {}),
  };
}

/** Adds a site; one with an address is geocoded by a job enqueued in the same transaction. */
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
    const row = await repo.insertSite(tx, {
      ...input,
      clientId,
      ...derived(input),
      geocodeStatus: placeable ? 'pending' : 'not_found',
    });
    if (placeable) await enqueueGeocode(tx, jobs, row.id);
    await auditRecordChange(tx, ctx, client, {
      action: 'create',
      entityType: 'site',
      entityId: row.id,
      after: row,
    });
    return row;
  });
}

/** One site change in one transaction: the row, the geocoding job when asked, the audit entry. */
function writeSiteChange(
  db: Db,
  ctx: RequestContext,
  jobs: Jobs,
  client: { id: string; partnerId: string | null },
  before: repo.SiteRow,
  values: repo.SiteValues,
  geocode: boolean,
) {
  return db.transaction(async (tx) => {
    const after = await repo.updateSiteRow(tx, before.id, values);
    if (geocode) await enqueueGeocode(tx, jobs, before.id);
    await auditRecordChange(tx, ctx, client, {
      action: 'update',
      entityType: 'site',
      entityId: before.id,
      before,
      after,
    });
    return after;
  });
}

/** Changes a site; a changed address drops the coordinates and is geocoded again. */
export async function updateSite(
  db: Db,
  ctx: RequestContext,
  jobs: Jobs,
  clientId: string,
  id: string,
  input: SitePatch,
) {
  const { client, row: before } = await siteOrThrow(db, ctx, 'update', clientId, id);
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
  const values: repo.SiteValues = {
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
  };
  return writeSiteChange(db, ctx, jobs, client, before, values, moved && placeable);
}

/**
 * « Géocoder à nouveau » (the map's and the unplaced sites' action): the site goes back to `pending`
 * and a geocoding job is enqueued in the same transaction (its coordinates stay until the answer).
 * A site without any address cannot be placed: 409.
 */
export async function regeocodeSite(db: Db, ctx: RequestContext, jobs: Jobs, clientId: string, id: string) {
  const { client, row: before } = await siteOrThrow(db, ctx, 'update', clientId, id);
  if (!hasAddress(before)) {
    throw conflict('Ce site n’a pas d’adresse : renseignez-la avant de le géocoder.');
  }
  return writeSiteChange(db, ctx, jobs, client, before, { geocodeStatus: 'pending' }, true);
}

/** Deletes a site of a client the actor may delete from. */
export async function deleteSite(db: Db, ctx: RequestContext, clientId: string, id: string) {
  const { client, row: before } = await siteOrThrow(db, ctx, 'delete', clientId, id);
  await db.transaction(async (tx) => {
    await repo.deleteSiteRow(tx, id);
    await auditRecordChange(tx, ctx, client, { action: 'delete', entityType: 'site', entityId: id, before });
  });
}

/** Sites the geocoder has not placed (not found, unreachable, or still pending), within the actor's scope. */
export async function listUnplacedSites(db: Db, ctx: RequestContext, limit = 200) {
  return repo.listUnplacedSites(db, ctx.policy.scopeFor('clients'), limit);
}
