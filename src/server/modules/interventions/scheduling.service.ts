import type { z } from 'zod';
import {
  canTransition,
  type InterventionStatus,
  interventionStatusLabels,
  transitionRefusal,
} from '../../../shared/interventions.ts';
import type { scheduleBody } from '../../../shared/schemas/interventions.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, type ErrorDetail, forbidden, staleVersion, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import {
  loadApprovedAbsences,
  loadPlanningTechnicians,
  technicianIdOfUser,
} from '../technicians/technicians.read.ts';
import { sendScheduleNotice } from './client-notices.ts';
import { type ConflictResult, detectConflicts } from './conflicts.ts';
import * as repo from './interventions.repo.ts';
import type { InterventionRow } from './interventions.repo.ts';
import {
  announce,
  getOrThrow,
  type InterventionEffects,
  ownerOf,
  snapshot,
} from './interventions.service.ts';
import { longDateFr, parisDayRange, slotFr } from '../../../shared/paris-time.ts';

/**
 * Scheduling: the conflicts of a slot (skills, overlaps, absences, travel), who may plan, and
 * placing or removing an intervention on the planning (drag and drop), with audit and notifications.
 */

/**
 * What the conflicts of a slot depend on, besides the intervention: the technicians with their
 * skills, their busy interventions and approved absences around that day (three parallel queries).
 */
export async function loadConflictInputs(db: Db, technicianIds: string[], start: Date, minutes: number) {
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

/** What the conflicts look at in an intervention (a saved one, or a draft not created yet). */
export type ConflictTarget = Pick<
  InterventionRow,
  | 'id'
  | 'remote'
  | 'clientName'
  | 'siteId'
  | 'siteCity'
  | 'siteDepartment'
  | 'latitude'
  | 'longitude'
  | 'siteOpeningHours'
  | 'skills'
>;

/** The conflicts of putting `row` on these technicians at [start, start + minutes). */
export async function conflictsFor(
  db: Db,
  row: ConflictTarget,
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
    const after = await repo.bumpOrThrow(tx, id, body.version, {
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
    await sendScheduleNotice(tx, fx.jobs, before, { ...fresh, version: after.version });
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

export async function unschedule(db: Db, ctx: RequestContext, id: string, fx: InterventionEffects) {
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
    const after = await repo.bumpOrThrow(tx, id, before.version, {
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
    await sendScheduleNotice(tx, fx.jobs, before, { ...after, technicians: [] });
    return after;
  });
}
