import type { z } from 'zod';
import { departmentOf } from '../../../shared/geo.ts';
import { toE164 } from '../../../shared/sms.ts';
import type {
  TechnicianListQuery,
  technicianCreateBody,
  technicianPatch,
  technicianSkillsBody,
} from '../../../shared/schemas/technicians.ts';
import { type Action, technicianKindOf } from '../../../shared/permissions.ts';
import { skills } from '../../db/schema/index.ts';
import { inArray } from 'drizzle-orm';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, conflict, notFound, validationFailed } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { decodeCursor, pageOf } from '../../infra/pagination.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { hasAddress } from '../clients/geocoder.ts';
import { enqueueHomeGeocode } from './home-geocode.ts';
import * as repo from './technicians.repo.ts';

type CreateInput = z.infer<typeof technicianCreateBody>;
type PatchInput = z.infer<typeof technicianPatch>;
type SkillsInput = z.infer<typeof technicianSkillsBody>;

/**
 * Profile edits belong to the office (admin, ADV, chef de projet: planning rights on every row). A
 * field technician's `own` planning rights let him read his profile and request leave, not edit it.
 */
export function canManage(ctx: RequestContext, action: Action): boolean {
  return ctx.policy.can('planning', action) && ctx.policy.scopeFor('planning').kind === 'all';
}

export function assertManage(ctx: RequestContext, action: Action): void {
  if (!canManage(ctx, action)) {
    throw new AppError(
      'forbidden',
      'Seuls l’ADV, les chefs de projet et les administrateurs modifient les fiches techniciens.',
    );
  }
}

const ownerOf = (row: { userId: string }) => ({ technicianUserIds: [row.userId] });

export async function listTechnicians(db: Db, ctx: RequestContext, q: TechnicianListQuery) {
  const after = decodeCursor<[string, string]>(q.cursor, 2);
  const rows = await repo.listTechnicians(db, ctx.policy.scopeFor('planning'), {
    ...q,
    after,
    limit: q.limit + 1,
  });
  const page = pageOf(rows, q.limit, (r) => [r.name, r.id]);
  const held = await repo.heldSkills(
    db,
    page.items.map((r) => r.id),
  );
  return { ...page, held };
}

/** A technician the actor may see, or 404 (a colleague for a field technician, anyone for a partner). */
export async function getTechnicianOrThrow(db: Db, ctx: RequestContext, id: string) {
  const row = await repo.findTechnician(db, id);
  if (!row || !ctx.policy.sees('planning', ownerOf(row))) throw notFound('Technicien');
  return row;
}

export async function getTechnicianDetail(db: Db, ctx: RequestContext, id: string) {
  const row = await getTechnicianOrThrow(db, ctx, id);
  return { row, held: await repo.heldSkills(db, [row.id]) };
}

/** The caller's own profile, 404 when he has none. */
export async function getMyTechnician(db: Db, ctx: RequestContext) {
  const row = ctx.actor.userId ? await repo.findTechnicianByUser(db, ctx.actor.userId) : undefined;
  if (!row) throw notFound('Profil technicien');
  return { row, held: await repo.heldSkills(db, [row.id]) };
}

export async function listCandidates(db: Db, ctx: RequestContext) {
  assertManage(ctx, 'create');
  return repo.listCandidates(db);
}

function homeValues(input: PatchInput) {
  return {
    ...(input.phone !== undefined
      ? { phone: input.phone, phoneE164: input.phone ? toE164(input.phone) : null }
      : {}),
    ...(input.homePostalCode !== undefined ? { homeDepartment: departmentOf(input.homePostalCode) } : {}),
  };
}

export async function createTechnician(db: Db, ctx: RequestContext, input: CreateInput, jobs: Jobs) {
  assertManage(ctx, 'create');
  const user = await repo.findUser(db, input.userId);
  if (!user) throw validationFailed([{ path: 'userId', message: 'Utilisateur inconnu.' }]);
  if (technicianKindOf(user.role) === null) {
    throw validationFailed([
      {
        path: 'userId',
        message: 'Seul un utilisateur technicien (terrain ou interne) peut avoir une fiche technicien.',
      },
    ]);
  }
  if (await repo.findTechnicianByUser(db, user.id)) {
    throw conflict(`${user.name} a déjà une fiche technicien.`, [
      { path: 'userId', message: 'Cet utilisateur a déjà une fiche technicien.' },
    ]);
  }
  return db.transaction(async (tx) => {
    const address = {
      addressLine: input.homeAddress ?? null,
      postalCode: input.homePostalCode ?? null,
      city: input.homeCity ?? null,
    };
    const placeable = hasAddress(address);
    const row = await repo.insertTechnician(tx, {
      userId: user.id,
      phone: input.phone ?? null,
      phoneE164: input.phone ? toE164(input.phone) : null,
      homeAddress: input.homeAddress ?? null,
      homePostalCode: input.homePostalCode ?? null,
      homeCity: input.homeCity ?? null,
      homeDepartment: departmentOf(input.homePostalCode),
      homeGeocodeStatus: placeable ? 'pending' : 'not_found',
      workingHours: input.workingHours ?? null,
      zones: input.zones ?? [],
      notes: input.notes ?? null,
      active: input.active ?? true,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
    if (placeable) await enqueueHomeGeocode(tx, jobs, row.id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'technician',
      entityId: row.id,
      after: row,
    });
    return row;
  });
}

export async function updateTechnician(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: PatchInput,
  jobs: Jobs,
) {
  const before = await getTechnicianOrThrow(db, ctx, id);
  assertManage(ctx, 'update');
  const { name: _n, email: _e, role: _r, ...beforeRow } = before;
  const moved =
    (input.homeAddress !== undefined && input.homeAddress !== before.homeAddress) ||
    (input.homePostalCode !== undefined && input.homePostalCode !== before.homePostalCode) ||
    (input.homeCity !== undefined && input.homeCity !== before.homeCity);
  return db.transaction(async (tx) => {
    const next = {
      addressLine: input.homeAddress !== undefined ? input.homeAddress : before.homeAddress,
      postalCode: input.homePostalCode !== undefined ? input.homePostalCode : before.homePostalCode,
      city: input.homeCity !== undefined ? input.homeCity : before.homeCity,
    };
    const placeable = hasAddress(next);
    const after = await repo.updateTechnicianRow(tx, id, {
      ...input,
      ...homeValues(input),
      ...(moved
        ? { homeGeocodeStatus: placeable ? 'pending' : 'not_found', homeLatitude: null, homeLongitude: null }
        : {}),
      updatedAt: clock.now(),
    });
    if (moved && placeable) await enqueueHomeGeocode(tx, jobs, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'technician',
      entityId: id,
      before: beforeRow,
      after,
    });
    return after;
  });
}

/** Deletes the profile, or only deactivates it when interventions reference the technician. */
export async function deleteTechnician(db: Db, ctx: RequestContext, id: string) {
  const before = await getTechnicianOrThrow(db, ctx, id);
  assertManage(ctx, 'delete');
  const { name: _n, email: _e, role: _r, ...beforeRow } = before;
  return db.transaction(async (tx) => {
    if ((await repo.countInterventions(tx, id)) > 0) {
      const after = await repo.updateTechnicianRow(tx, id, {
        active: false,
        positionSharing: false,
        updatedAt: clock.now(),
      });
      await recordAudit(tx, ctx, {
        category: 'business',
        action: 'deactivate',
        entityType: 'technician',
        entityId: id,
        before: beforeRow,
        after,
      });
      return 'deactivated' as const;
    }
    await repo.deleteTechnicianRow(tx, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'technician',
      entityId: id,
      before: beforeRow,
    });
    return 'deleted' as const;
  });
}

/** Replaces the technician's skills; certification skills need their expiry date. */
export async function replaceSkills(db: Db, ctx: RequestContext, id: string, input: SkillsInput) {
  await getTechnicianOrThrow(db, ctx, id);
  assertManage(ctx, 'update');
  const ids = input.skills.map((s) => s.skillId);
  const catalog = ids.length ? await db.select().from(skills).where(inArray(skills.id, ids)) : [];
  const byId = new Map(catalog.map((s) => [s.id, s]));
  const details: { path: string; message: string }[] = [];
  input.skills.forEach((s, i) => {
    const skill = byId.get(s.skillId);
    if (!skill) details.push({ path: `skills.${i}.skillId`, message: 'Compétence inconnue.' });
    else if (skill.certification && !s.validUntil) {
      details.push({
        path: `skills.${i}.validUntil`,
        message: `« ${skill.name} » est une certification : indiquez sa date de fin de validité.`,
      });
    }
  });
  if (details.length) throw validationFailed(details);
  return db.transaction(async (tx) => {
    const before = await repo.heldSkills(tx, [id]);
    const list = input.skills.map((s) => ({
      skillId: s.skillId,
      level: s.level,
      validUntil: s.validUntil ?? null,
      reference: s.reference ?? null,
    }));
    await repo.replaceSkills(tx, id, list);
    await repo.updateTechnicianRow(tx, id, { updatedAt: clock.now() });
    const after = await repo.heldSkills(tx, [id]);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'technician_skills',
      entityId: id,
      before: before.map(({ technicianId: _t, ...s }) => s),
      after: after.map(({ technicianId: _t, ...s }) => s),
    });
    return after;
  });
}
