import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
  canTransition,
  interventionChangedEvent,
  interventionStatusLabels,
  type InterventionStatus,
  transitionRefusal,
} from '../../../shared/interventions.ts';
import type {
  interventionCreateBody,
  interventionListQuery,
  interventionPatch,
  scheduleBody,
} from '../../../shared/schemas/interventions.ts';
import { interventions } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { updateVersionedOrThrow } from '../../infra/versioned.ts';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import {
  AppError,
  conflict,
  type ErrorDetail,
  forbidden,
  notFound,
  validationFailed,
  staleVersion,
} from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { decodeCursor, pageOf } from '../../infra/pagination.ts';
import type { RowOwner } from '../../policy/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { publishEvent } from '../notifications/events.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import {
  loadApprovedAbsences,
  loadPlanningTechnicians,
  technicianIdOfUser,
} from '../technicians/technicians.read.ts';
import { type ConflictResult, detectConflicts } from './conflicts.ts';
import { foreignRecordsOf } from '../clients/records.shared.ts';
import * as repo from './interventions.repo.ts';
import type { InterventionRow } from './interventions.repo.ts';
import { parisDayRange, parisParts, longDateFr, slotFr } from '../../../shared/paris-time.ts';

export type InterventionEffects = { jobs: Jobs; publicUrl: string };

export function ownerOf(row: Pick<InterventionRow, 'partnerId' | 'technicians' | 'remote'>): RowOwner {
  return {
    partnerId: row.partnerId,
    technicianUserIds: row.technicians.map((t) => t.userId),
    isRemote: row.remote,
  };
}

/** An intervention the actor may see, or 404 (also when it exists outside the actor's scope). */
export async function getOrThrow(db: Db, ctx: RequestContext, id: string): Promise<InterventionRow> {
  const row = await repo.findIntervention(db, id);
  if (!row || !ctx.policy.sees('interventions', ownerOf(row))) throw notFound('Intervention');
  return row;
}

export async function listInterventions(
  db: Db,
  ctx: RequestContext,
  q: z.infer<typeof interventionListQuery>,
) {
  const after = decodeCursor<[string, string]>(q.cursor, 2);
  const rows = await repo.listInterventions(db, ctx.policy.scopeFor('interventions'), {
    ...q,
    after,
    limit: q.limit + 1,
  });
  return pageOf(rows, q.limit, (r) => [(r.plannedStart ?? r.createdAt).toISOString(), r.id]);
}

/** Audit snapshot of an intervention (the table row, without what joins add). */
function snapshot(row: typeof interventions.$inferSelect | InterventionRow) {
  const {
    id,
    number,
    kind,
    remote,
    clientId,
    siteId,
    contactId,
    title,
    status,
    plannedStart,
    plannedMinutes,
    conflictOverride,
    rating,
    version,
  } = row;
  return {
    id,
    number,
    kind,
    remote,
    clientId,
    siteId,
    contactId,
    title,
    status,
    plannedStart,
    plannedMinutes,
    conflictOverride,
    rating,
    version,
    ...('technicians' in row ? { technicians: row.technicians.map((t) => t.name) } : {}),
  };
}

async function announce(
  tx: Db,
  row: { id: string; clientId: string; status: string; number: string },
  partnerId: string | null,
  action: string,
) {
  await publishEvent(tx, {
    type: interventionChangedEvent,
    module: 'interventions',
    partnerId,
    clientId: row.clientId,
    payload: { interventionId: row.id, number: row.number, status: row.status, action },
  });
}

async function checkRefsOrThrow(
  db: Db,
  clientId: string,
  v: {
    siteId?: string | null | undefined;
    contactId?: string | null | undefined;
    skillIds?: string[] | undefined;
  },
) {
  const details: ErrorDetail[] = await foreignRecordsOf(db, clientId, v);
  if (v.skillIds?.length) {
    const known = new Set(await repo.existingSkillIds(db, v.skillIds));
    v.skillIds.forEach((s, i) => {
      if (!known.has(s)) details.push({ path: `skillIds.${i}`, message: 'Compétence inconnue.' });
    });
  }
  if (details.length) throw validationFailed(details);
}

export async function createIntervention(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof interventionCreateBody>,
) {
  const client = await repo.clientOf(db, input.clientId);
  // The client must exist and, for a partner, be one of its own.
  const scope = ctx.policy.scopeFor('interventions');
  if (!client || (scope.kind === 'partner' && client.partnerId !== scope.partnerId)) {
    throw validationFailed([{ path: 'clientId', message: 'Client inconnu.' }]);
  }
  ctx.policy.authorizeOrThrow('interventions', 'create');
  if (ctx.policy.cell('interventions').scope === 'remote' && !input.remote) {
    throw forbidden('Vous ne pouvez créer que des interventions à distance.');
  }
  if (!input.remote && !input.siteId) {
    throw validationFailed([{ path: 'siteId', message: 'Choisissez le site de l’intervention.' }]);
  }
  await checkRefsOrThrow(db, input.clientId, input);
  return db.transaction(async (tx) => {
    const n = await repo.nextNumber(tx);
    const now = clock.now();
    const number = `I-${parisParts(now).year}-${String(n).padStart(6, '0')}`;
    const [row] = await tx
      .insert(interventions)
      .values({
        number,
        kind: input.kind,
        remote: input.remote,
        clientId: input.clientId,
        siteId: input.siteId ?? null,
        contactId: input.contactId ?? null,
        title: input.title,
        description: input.description ?? null,
        plannedMinutes: input.plannedMinutes,
        checklist: input.checklist,
        ticketId: input.ticketId ?? null,
        orderId: input.orderId ?? null,
        createdBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await repo.setSkills(tx, row!.id, input.skillIds);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'intervention',
      entityId: row!.id,
      clientId: row!.clientId,
      partnerId: client.partnerId,
      after: snapshot(row!),
    });
    await announce(tx, row!, client.partnerId, 'create');
    return row!;
  });
}

/** Updates the row when its version is still `version`, else 409: someone changed it meanwhile. */
export function bumpOrThrow(
  tx: Db,
  id: string,
  version: number,
  values: PgUpdateSetSource<typeof interventions>,
) {
  return updateVersionedOrThrow(
    tx,
    interventions,
    id,
    version,
    values,
    'Cette intervention a été modifiée entre-temps par quelqu’un d’autre. Rechargez-la puis recommencez.',
  );
}

export async function updateIntervention(
  db: Db,
  ctx: RequestContext,
  id: string,
  { version, skillIds, ...input }: z.infer<typeof interventionPatch>,
) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('interventions', 'update', ownerOf(before));
  if (input.remote === false && ctx.policy.cell('interventions').scope === 'remote') {
    throw forbidden('Vous ne pouvez gérer que des interventions à distance.');
  }
  const remote = input.remote ?? before.remote;
  const siteId = input.siteId !== undefined ? input.siteId : before.siteId;
  if (!remote && !siteId)
    throw validationFailed([{ path: 'siteId', message: 'Choisissez le site de l’intervention.' }]);
  await checkRefsOrThrow(db, before.clientId, { ...input, skillIds });
  return db.transaction(async (tx) => {
    const after = await bumpOrThrow(tx, id, version, input);
    if (skillIds) await repo.setSkills(tx, id, skillIds);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'intervention',
      entityId: id,
      clientId: before.clientId,
      partnerId: before.partnerId,
      before: snapshot(before),
      after: snapshot(after),
    });
    await announce(tx, after, before.partnerId, 'update');
    return after;
  });
}

export async function deleteIntervention(db: Db, ctx: RequestContext, id: string) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('interventions', 'delete', ownerOf(before));
  if (before.status !== 'a_planifier' && before.status !== 'annulee') {
    throw conflict(
      `Seule une intervention « À planifier » ou « Annulée » peut être supprimée (celle-ci est « ${interventionStatusLabels[before.status as InterventionStatus]} »).`,
    );
  }
  await db.transaction(async (tx) => {
    await tx.delete(interventions).where(eq(interventions.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'intervention',
      entityId: id,
      clientId: before.clientId,
      partnerId: before.partnerId,
      before: snapshot(before),
    });
    await announce(tx, before, before.partnerId, 'delete');
  });
}

/** The statuses this actor may move the row to by hand (scheduling has its own route). */
export function nextStatusesOf(row: InterventionRow, ctx: RequestContext): InterventionStatus[] {
  if (!ctx.policy.can('interventions', 'update', ownerOf(row))) return [];
  const from = row.status as InterventionStatus;
  return (
    [
      'confirmee',
      'planifiee',
      'en_route',
      'sur_site',
      'terminee',
      'echouee',
      'annulee',
      'a_planifier',
    ] as const
  ).filter(
    (to) =>
      canTransition(from, to) && !(to === 'planifiee' && (!row.plannedStart || row.technicians.length === 0)),
  );
}

export async function changeStatus(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: { to: InterventionStatus; reason?: string | undefined },
  fx: InterventionEffects,
) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('interventions', 'update', ownerOf(before));
  const from = before.status as InterventionStatus;
  if (from === body.to)
    throw new AppError(
      'invalid_transition',
      `L’intervention est déjà « ${interventionStatusLabels[from]} ».`,
    );
  if (!canTransition(from, body.to))
    throw new AppError('invalid_transition', transitionRefusal(from, body.to));
  if (body.to === 'planifiee' && (!before.plannedStart || before.technicians.length === 0)) {
    throw new AppError(
      'invalid_transition',
      `${transitionRefusal(from, body.to)} Planifiez d’abord un créneau et un technicien sur le planning.`,
    );
  }
  if (body.to === 'echouee' && !body.reason?.trim()) {
    throw validationFailed([{ path: 'reason', message: 'Indiquez la raison de l’échec.' }]);
  }
  const now = clock.now();
  const values: Partial<typeof interventions.$inferInsert> = { status: body.to };
  if (body.to === 'echouee') values.failureReason = body.reason ?? null;
  if (body.to === 'sur_site' && !before.checkInAt) values.checkInAt = now;
  if (body.to === 'terminee' && !before.checkOutAt) values.checkOutAt = now;
  if (body.to === 'a_planifier') {
    values.plannedStart = null;
    values.conflictOverride = null;
  }
  return db.transaction(async (tx) => {
    const after = await bumpOrThrow(tx, id, before.version, values);
    if (body.to === 'a_planifier') await repo.setTechnicians(tx, id, [], null);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'status',
      entityType: 'intervention',
      entityId: id,
      clientId: before.clientId,
      partnerId: before.partnerId,
      before: { status: from },
      after: { status: body.to, number: before.number, title: before.title, reason: body.reason ?? null },
    });
    await announce(tx, after, before.partnerId, 'status');
    void fx;
    return after;
  });
}

export async function rateIntervention(db: Db, ctx: RequestContext, id: string, rating: number) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('interventions', 'update', ownerOf(before));
  if (before.status !== 'terminee') {
    throw new AppError('invalid_transition', 'Seule une intervention terminée peut être notée.');
  }
  return db.transaction(async (tx) => {
    const after = await bumpOrThrow(tx, id, before.version, {
      rating,
      ratedBy: ctx.actor.userId,
      ratedAt: clock.now(),
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'rating',
      entityType: 'intervention',
      entityId: id,
      clientId: before.clientId,
      partnerId: before.partnerId,
      before: { rating: before.rating },
      after: { rating, number: before.number, title: before.title },
    });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------
// Scheduling and conflicts.

/**
 * What the conflicts of a slot depend on, besides the intervention: the technicians with their
 * skills, their busy interventions and approved absences around that day (three parallel queries).
 */
async function loadConflictInputs(db: Db, technicianIds: string[], start: Date, minutes: number) {
  const ids = [...new Set(technicianIds)];
  const day = parisDayRange(start);
  const end = new Date(Math.max(day.end.getTime(), start.getTime() + minutes * 60_000));
  const [techs, busy, absences] = await Promise.all([
    loadPlanningTechnicians(db, ids),
    repo.busyOf(db, ids, day.start, end),
    loadApprovedAbsences(db, ids, day.start, end),
  ]);
  return { ids, techs, busy, absences };
}

/** The conflicts of putting `row` on these technicians at [start, start + minutes). */
export async function conflictsFor(
  db: Db,
  row: InterventionRow,
  technicianIds: string[],
  start: Date,
  minutes: number,
  inputs?: Awaited<ReturnType<typeof loadConflictInputs>>,
): Promise<ConflictResult> {
  const { ids, techs, busy, absences } =
    inputs ?? (await loadConflictInputs(db, technicianIds, start, minutes));
  const byId = new Map(techs.map((t) => [t.id, t]));
  const missing = ids.map((id, i) => ({ id, i })).filter((x) => !byId.get(x.id)?.active);
  if (missing.length) {
    throw validationFailed(
      missing.map((m) => ({ path: `technicianIds.${m.i}`, message: 'Technicien inconnu ou inactif.' })),
    );
  }
  return detectConflicts({
    intervention: {
      id: row.id,
      remote: row.remote,
      clientName: row.clientName,
      site: row.siteId
        ? {
            name: row.clientName,
            city: row.siteCity,
            department: row.siteDepartment,
            latitude: row.latitude,
            longitude: row.longitude,
            openingHours: row.siteOpeningHours,
          }
        : null,
      requiredSkills: row.skills,
    },
    start,
    minutes,
    technicians: ids.map((id) => byId.get(id)!),
    busy: busy
      .filter((b) => b.id !== row.id && b.start)
      .map((b) => ({
        ...b,
        start: b.start!,
        placeLabel: `${b.clientName}${b.siteCity ? ` (${b.siteCity})` : ''}`,
      })),
    absences,
  });
}

/** Whether the actor may plan (drag and drop) at all, and force conflicts (planning scope all). */
export function planningRights(ctx: RequestContext) {
  const canSchedule = ctx.policy.staffCan('planning', 'update');
  return { canSchedule, canOverride: canSchedule && ctx.policy.scopeFor('planning').kind === 'all' };
}

async function checkPlanningActorOrThrow(db: Db, ctx: RequestContext, technicianIds: string[]) {
  if (!planningRights(ctx).canSchedule) throw forbidden('Vous ne pouvez pas modifier le planning.');
  if (ctx.policy.scopeFor('planning').kind === 'technician') {
    const mine = ctx.actor.userId ? await technicianIdOfUser(db, ctx.actor.userId) : null;
    if (!mine || technicianIds.some((t) => t !== mine)) {
      throw forbidden('Vous ne pouvez planifier que vos propres interventions.');
    }
  }
}

const schedulable: InterventionStatus[] = ['a_planifier', 'planifiee', 'confirmee'];

export async function checkSchedule(
  db: Db,
  ctx: RequestContext,
  body: { interventionId: string; technicianIds: string[]; plannedStart: string; plannedMinutes: number },
) {
  const start = new Date(body.plannedStart);
  // The intervention and the technicians' day are read in parallel: one round trip.
  const [row, inputs] = await Promise.all([
    getOrThrow(db, ctx, body.interventionId),
    loadConflictInputs(db, body.technicianIds, start, body.plannedMinutes),
  ]);
  return conflictsFor(db, row, body.technicianIds, start, body.plannedMinutes, inputs);
}

export async function schedule(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: z.infer<typeof scheduleBody>,
  fx: InterventionEffects,
) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('interventions', 'update', ownerOf(before));
  await checkPlanningActorOrThrow(db, ctx, body.technicianIds);
  const from = before.status as InterventionStatus;
  if (!schedulable.includes(from)) {
    throw new AppError(
      'invalid_transition',
      `Une intervention « ${interventionStatusLabels[from]} » ne peut plus être planifiée.`,
    );
  }
  if (before.version !== body.version) {
    throw staleVersion(
      'Cette intervention a été modifiée entre-temps par quelqu’un d’autre. Rechargez le planning puis recommencez.',
    );
  }
  const technicianIds = [...new Set(body.technicianIds)];
  const lead = body.leadTechnicianId ?? technicianIds[0]!;
  if (!technicianIds.includes(lead)) {
    throw validationFailed([
      { path: 'leadTechnicianId', message: 'Le responsable doit faire partie des techniciens.' },
    ]);
  }
  const start = new Date(body.plannedStart);
  const { conflicts } = await conflictsFor(db, before, technicianIds, start, body.plannedMinutes);
  const reason = body.overrideReason?.trim() ?? '';
  if (conflicts.length) {
    if (!body.overrideReason) {
      throw new AppError(
        'schedule_conflict',
        `Ce créneau pose ${conflicts.length > 1 ? `${conflicts.length} problèmes` : 'un problème'} : ${conflicts[0]!.message}${conflicts.length > 1 ? ' …' : ''}`,
        conflicts as unknown as ErrorDetail[],
      );
    }
    if (!planningRights(ctx).canOverride)
      throw forbidden('Seuls ADV, les chefs de projet et les administrateurs peuvent forcer un conflit.');
    if (reason.length < 5) {
      throw validationFailed([{ path: 'overrideReason', message: 'Motif : 5 caractères au moins.' }]);
    }
  }
  const previousTechs = new Set(before.technicians.map((t) => t.id));
  return db.transaction(async (tx) => {
    const after = await bumpOrThrow(tx, id, body.version, {
      plannedStart: start,
      plannedMinutes: body.plannedMinutes,
      status: from === 'a_planifier' ? 'planifiee' : from,
      conflictOverride: conflicts.length ? reason : null,
    });
    await repo.setTechnicians(tx, id, technicianIds, lead);
    const fresh = (await repo.findIntervention(tx, id))!;
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'schedule',
      entityType: 'intervention',
      entityId: id,
      clientId: before.clientId,
      partnerId: before.partnerId,
      before: snapshot(before),
      after: snapshot(fresh),
    });
    if (conflicts.length) {
      await recordAudit(tx, ctx, {
        category: 'business',
        action: 'schedule.override',
        entityType: 'intervention',
        entityId: id,
        clientId: before.clientId,
        partnerId: before.partnerId,
        after: { number: before.number, title: before.title, reason, conflicts },
      });
    }
    await announce(tx, after, before.partnerId, 'schedule');
    const added = fresh.technicians.filter((t) => !previousTechs.has(t.id) && t.userId !== ctx.actor.userId);
    if (added.length) {
      await notifyUsers(tx, fx.jobs, {
        type: 'intervention.assigned',
        userIds: added.map((t) => t.userId),
        title: `Intervention ${before.number} : ${before.title}`,
        body: `${before.clientName}${before.siteCity ? ` (${before.siteCity})` : ''}, le ${longDateFr(start)} ${slotFr(start, body.plannedMinutes)}.`,
        link: `/interventions/${id}`,
        entityType: 'intervention',
        entityId: id,
        idempotencyKey: `intervention-assigned:${id}:${after.version}`,
        publicUrl: fx.publicUrl,
      });
    }
    return after;
  });
}

export async function unschedule(db: Db, ctx: RequestContext, id: string) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('interventions', 'update', ownerOf(before));
  await checkPlanningActorOrThrow(
    db,
    ctx,
    before.technicians.map((t) => t.id),
  );
  const from = before.status as InterventionStatus;
  if (from !== 'a_planifier' && !canTransition(from, 'a_planifier')) {
    throw new AppError('invalid_transition', transitionRefusal(from, 'a_planifier'));
  }
  return db.transaction(async (tx) => {
    const after = await bumpOrThrow(tx, id, before.version, {
      plannedStart: null,
      status: 'a_planifier',
      conflictOverride: null,
    });
    await repo.setTechnicians(tx, id, [], null);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'unschedule',
      entityType: 'intervention',
      entityId: id,
      clientId: before.clientId,
      partnerId: before.partnerId,
      before: snapshot(before),
      after: snapshot(after),
    });
    await announce(tx, after, before.partnerId, 'unschedule');
    return after;
  });
}
