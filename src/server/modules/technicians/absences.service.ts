import type { z } from 'zod';
import {
  absenceKindLabels,
  type AbsenceKind,
  type AbsenceStatus,
  absenceStatusLabels,
} from '../../../shared/interventions.ts';
import type { absenceBody, absenceListQuery } from '../../../shared/schemas/technicians.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, conflict, notFound, validationFailed } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { audienceRoles } from '../../policy/audiences.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { absencePeriodFr } from '../../../shared/paris-time.ts';
import * as repo from './absences.repo.ts';
import type { AbsenceRow } from './absences.repo.ts';
import { findTechnicianByUser, userIdsWithRoles } from './technicians.repo.ts';
import { canManage, getTechnicianOrThrow } from './technicians.service.ts';

/**
 * Absences (leave, sickness, training). A technician requests his own (`demandee`); ADV, chefs de
 * projet and admins create approved ones for anyone and approve or refuse requests. Two approved
 * absences of one technician never overlap (409). Only `approuvee` blocks scheduling
 * (`loadApprovedAbsences` in technicians.read.ts).
 */
export type AbsenceEffects = { jobs: Jobs; publicUrl: string };

/** « du 21 au 23 décembre inclus » (whole days), or the instants of a part-day absence. */
const period = (a: { startsAt: Date; endsAt: Date }) => absencePeriodFr(a.startsAt, a.endsAt);
const kindLabel = (kind: string) => absenceKindLabels[kind as AbsenceKind] ?? kind;

/** Whether the absence is the actor's own: he is the absent technician or made the request. */
export function isOwnAbsence(ctx: RequestContext, r: AbsenceRow): boolean {
  return (
    ctx.actor.userId !== null &&
    (r.technicianUserId === ctx.actor.userId || r.a.requestedBy === ctx.actor.userId)
  );
}

/** The absences the actor sees (his own for a field technician), filtered. */
export async function listAbsences(db: Db, ctx: RequestContext, q: z.infer<typeof absenceListQuery>) {
  return repo.listAbsences(db, ctx.policy.scopeFor('planning'), q);
}

/** An absence the actor may see, or 404. */
export async function getAbsenceOrThrow(db: Db, ctx: RequestContext, id: string): Promise<AbsenceRow> {
  const r = await repo.findAbsence(db, id);
  if (!r || !ctx.policy.sees('planning', { technicianUserIds: [r.technicianUserId] }))
    throw notFound('Absence');
  return r;
}

/** Refuses (409) an approved absence overlapping another approved one of the same technician. */
async function assertNoOverlap(
  tx: Db,
  technicianId: string,
  startsAt: Date,
  endsAt: Date,
  exceptId?: string,
) {
  const other = await repo.findApprovedOverlap(tx, technicianId, startsAt, endsAt, exceptId);
  if (other) {
    throw conflict(
      `Cette absence chevauche une absence déjà approuvée (${kindLabel(other.kind)} ${period(other)}).`,
      [{ path: 'startsAt', message: 'Chevauche une absence approuvée.' }],
    );
  }
}

/** A technician's request (`demandee`, the office is notified) or the office's approved entry. */
export async function createAbsence(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof absenceBody>,
  fx: AbsenceEffects,
) {
  const manager = canManage(ctx, 'create');
  const mine = ctx.actor.userId ? await findTechnicianByUser(db, ctx.actor.userId) : undefined;
  if (!manager && !mine) {
    throw new AppError('forbidden', 'Seuls les techniciens demandent une absence (pour eux-mêmes).');
  }
  const technicianId = input.technicianId ?? mine?.id;
  if (!technicianId) {
    throw validationFailed([{ path: 'technicianId', message: 'Choisissez le technicien absent.' }]);
  }
  const target = await getTechnicianOrThrow(db, ctx, technicianId);
  if (!manager && mine?.id !== target.id) {
    throw new AppError('forbidden', 'Vous ne pouvez demander une absence que pour vous-même.');
  }
  const status: AbsenceStatus = manager ? 'approuvee' : 'demandee';
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const id = await db.transaction(async (tx) => {
    if (status === 'approuvee') await assertNoOverlap(tx, target.id, startsAt, endsAt);
    const now = clock.now();
    const row = await repo.insertAbsence(tx, {
      technicianId: target.id,
      kind: input.kind,
      startsAt,
      endsAt,
      status,
      comment: input.comment ?? null,
      requestedBy: ctx.actor.userId,
      ...(status === 'approuvee' ? { decidedBy: ctx.actor.userId, decidedAt: now } : {}),
      createdAt: now,
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'absence',
      entityId: row.id,
      after: row,
    });
    if (status === 'demandee') {
      await notifyUsers(tx, fx.jobs, {
        type: 'absence.requested',
        userIds: await userIdsWithRoles(tx, audienceRoles('absenceRequested')),
        title: `Demande d’absence : ${target.name}`,
        body: `${absenceKindLabels[input.kind]} ${period(row)}.${input.comment ? ` « ${input.comment} »` : ''}`,
        link: `/techniciens/${target.id}?onglet=absences`,
        entityType: 'absence',
        entityId: row.id,
        idempotencyKey: `absence-requested:${row.id}`,
        publicUrl: fx.publicUrl,
      });
    } else if (target.userId !== ctx.actor.userId) {
      await notifyDecision(tx, fx, target.userId, row, 'approuvee', null, ctx);
    }
    return row.id;
  });
  return getAbsenceOrThrow(db, ctx, id);
}

async function notifyDecision(
  tx: Db,
  fx: AbsenceEffects,
  technicianUserId: string,
  a: { id: string; kind: string; startsAt: Date; endsAt: Date },
  status: AbsenceStatus,
  note: string | null,
  ctx: RequestContext,
) {
  await notifyUsers(tx, fx.jobs, {
    type: 'absence.decided',
    userIds: [technicianUserId],
    title: `Absence ${absenceStatusLabels[status].toLowerCase()} : ${kindLabel(a.kind)}`,
    body: `${ctx.actor.name} : ${kindLabel(a.kind)} ${period(a)} — ${absenceStatusLabels[status].toLowerCase()}.${note ? ` « ${note} »` : ''}`,
    link: '/techniciens/moi?onglet=absences',
    entityType: 'absence',
    entityId: a.id,
    idempotencyKey: `absence-decided:${a.id}:${status}`,
    publicUrl: fx.publicUrl,
  });
}

async function decide(
  db: Db,
  ctx: RequestContext,
  id: string,
  status: 'approuvee' | 'refusee',
  note: string | null,
  fx: AbsenceEffects,
) {
  const before = await getAbsenceOrThrow(db, ctx, id);
  if (!canManage(ctx, 'update')) {
    throw new AppError(
      'forbidden',
      'Seuls l’ADV, les chefs de projet et les administrateurs décident des absences.',
    );
  }
  if (status === 'refusee' && !note) {
    throw validationFailed([{ path: 'note', message: 'Indiquez le motif du refus.' }]);
  }
  await db.transaction(async (tx) => {
    const cur = await repo.lockAbsence(tx, id);
    if (cur?.status !== 'demandee') {
      throw conflict(
        `Cette demande est déjà ${absenceStatusLabels[cur?.status as AbsenceStatus]?.toLowerCase() ?? 'traitée'}.`,
      );
    }
    if (status === 'approuvee') await assertNoOverlap(tx, cur.technicianId, cur.startsAt, cur.endsAt, id);
    const after = await repo.updateAbsence(tx, id, {
      status,
      decidedBy: ctx.actor.userId,
      decidedAt: clock.now(),
      decisionNote: note,
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: status === 'approuvee' ? 'approve' : 'refuse',
      entityType: 'absence',
      entityId: id,
      before: before.a,
      after,
    });
    await notifyDecision(tx, fx, before.technicianUserId, after, status, note, ctx);
  });
  return getAbsenceOrThrow(db, ctx, id);
}

/** The office approves a request (409 if it overlaps an approved absence); the technician is notified. */
export const approveAbsence = (
  db: Db,
  ctx: RequestContext,
  id: string,
  note: string | null,
  fx: AbsenceEffects,
) => decide(db, ctx, id, 'approuvee', note, fx);
/** The office refuses a request, with a reason; the technician is notified. */
export const refuseAbsence = (
  db: Db,
  ctx: RequestContext,
  id: string,
  note: string | null,
  fx: AbsenceEffects,
) => decide(db, ctx, id, 'refusee', note, fx);

/** The requester (or the technician) while it has not started, or the office at any time. */
export async function cancelAbsence(
  db: Db,
  ctx: RequestContext,
  id: string,
  note: string | null,
  fx: AbsenceEffects,
) {
  const before = await getAbsenceOrThrow(db, ctx, id);
  if (!canManage(ctx, 'update')) {
    if (!isOwnAbsence(ctx, before))
      throw new AppError('forbidden', 'Vous ne pouvez annuler que vos propres demandes.');
    if (before.a.startsAt <= clock.now()) {
      throw new AppError('forbidden', 'Cette absence a commencé : demandez à l’ADV de l’annuler.');
    }
  }
  await db.transaction(async (tx) => {
    const cur = await repo.lockAbsence(tx, id);
    if (cur?.status !== 'demandee' && cur?.status !== 'approuvee') {
      throw conflict(
        `Cette absence est déjà ${absenceStatusLabels[cur?.status as AbsenceStatus]?.toLowerCase() ?? 'close'}.`,
      );
    }
    const after = await repo.updateAbsence(tx, id, {
      status: 'annulee',
      decidedBy: ctx.actor.userId,
      decidedAt: clock.now(),
      decisionNote: note ?? cur.decisionNote,
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'cancel',
      entityType: 'absence',
      entityId: id,
      before: before.a,
      after,
    });
    if (before.technicianUserId !== ctx.actor.userId) {
      await notifyDecision(tx, fx, before.technicianUserId, after, 'annulee', note, ctx);
    }
  });
  return getAbsenceOrThrow(db, ctx, id);
}
