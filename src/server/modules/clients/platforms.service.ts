import type { z } from 'zod';
import type { Action } from '../../../shared/permissions.ts';
import {
  formatRange,
  type platformBody,
  type platformPatch,
} from '../../../shared/schemas/client-records.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, validationFailed } from '../../infra/errors.ts';
import { presentPlatform } from './platforms.presenter.ts';
import * as repo from './platforms.repo.ts';
import { auditRecordChange, recordClientOrThrow, recordOfClientOrThrow } from './records.shared.ts';
import { findSite } from './sites.repo.ts';

type PlatformInput = z.infer<typeof platformBody>;
type PlatformPatch = z.infer<typeof platformPatch>;
type RangeInput = NonNullable<PlatformInput['ranges']>[number];

/** The platforms of a client the actor may read (404 outside the scope), with the client's ranges. */
export async function listPlatforms(db: Db, ctx: RequestContext, clientId: string) {
  await recordClientOrThrow(db, ctx, clientId, 'read');
  return repo.listPlatformsOfClient(db, clientId);
}

const platformOrThrow = (db: Db, ctx: RequestContext, action: Action, clientId: string, id: string) =>
  recordOfClientOrThrow(db, ctx, action, { clientId, id }, repo.findPlatform, 'Plateforme');

async function checkSiteOrThrow(db: Db, clientId: string, siteId: string | null | undefined) {
  if (!siteId) return;
  if (!(await findSite(db, clientId, siteId))) {
    throw validationFailed([{ path: 'siteId', message: 'Ce site n’appartient pas à ce client.' }]);
  }
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
    const hit = await repo.findOverlappingRange(tx, r, platformId);
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

/** Adds a platform and its SDA ranges, under the range lock. */
export async function createPlatform(db: Db, ctx: RequestContext, clientId: string, input: PlatformInput) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'create');
  await checkSiteOrThrow(db, clientId, input.siteId);
  const { ranges = [], ...fields } = input;
  return db.transaction(async (tx) => {
    await repo.lockRanges(tx);
    await checkRangesOrThrow(tx, ctx, ranges, null);
    const platform = await repo.insertPlatform(tx, { ...fields, clientId });
    const written = await repo.replaceRanges(tx, platform.id, clientId, ranges);
    await auditRecordChange(tx, ctx, client, {
      action: 'create',
      entityType: 'telephony_platform',
      entityId: platform.id,
      after: presentPlatform(platform, written),
    });
    return { platform, ranges: written };
  });
}

/** Changes a platform; ranges given replace all its ranges, under the range lock. */
export async function updatePlatform(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  id: string,
  input: PlatformPatch,
) {
  const { client, row: beforeRow } = await platformOrThrow(db, ctx, 'update', clientId, id);
  await checkSiteOrThrow(db, clientId, input.siteId);
  const { ranges, ...fields } = input;
  return db.transaction(async (tx) => {
    await repo.lockRanges(tx);
    const beforeRanges = await repo.listRangesOfPlatform(tx, id);
    if (ranges) await checkRangesOrThrow(tx, ctx, ranges, id);
    const platform = await repo.updatePlatformRow(tx, id, { ...fields, updatedAt: clock.now() });
    const written = ranges ? await repo.replaceRanges(tx, id, clientId, ranges) : beforeRanges;
    await auditRecordChange(tx, ctx, client, {
      action: 'update',
      entityType: 'telephony_platform',
      entityId: id,
      before: presentPlatform(beforeRow, beforeRanges),
      after: presentPlatform(platform, written),
    });
    return { platform, ranges: written };
  });
}

/** Deletes a platform and its ranges. */
export async function deletePlatform(db: Db, ctx: RequestContext, clientId: string, id: string) {
  const { client, row } = await platformOrThrow(db, ctx, 'delete', clientId, id);
  await db.transaction(async (tx) => {
    const ranges = await repo.listRangesOfPlatform(tx, id);
    await repo.deletePlatformRow(tx, id);
    await auditRecordChange(tx, ctx, client, {
      action: 'delete',
      entityType: 'telephony_platform',
      entityId: id,
      before: presentPlatform(row, ranges),
    });
  });
}
