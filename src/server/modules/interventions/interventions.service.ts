import type { z } from 'zod';
import {
  canTransition,
  interventionChangedEvent,
  interventionNumber,
  interventionStatusLabels,
  type InterventionStatus,
  transitionRefusal,
} from '../../../shared/interventions.ts';
import type {
  interventionCreateBody,
  interventionListQuery,
  interventionPatch,
} from '../../../shared/schemas/interventions.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import {
  AppError,
  conflict,
  type ErrorDetail,
  forbidden,
  notFound,
  validationFailed,
} from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { cursorPart, decodeCursor, pageOf } from '../../infra/pagination.ts';
import type { RowOwner } from '../../policy/policy.ts';
import { recordAudit, snapshotFields } from '../audit/audit.service.ts';
import { publishEvent } from '../notifications/events.service.ts';
import { foreignRecordsOf } from '../clients/records.shared.ts';
import { readableTicketClientId } from '../tickets/tickets.read.ts';
import { sendScheduleNotice } from './client-notices.ts';
import * as repo from './interventions.repo.ts';
import type { InterventionBase, InterventionRow, InterventionValues } from './interventions.repo.ts';
import { parisParts } from '../../../shared/paris-time.ts';

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
  const after = decodeCursor<[number, string, string]>(
    q.cursor,
    3,
    ([group, at, id]) => (group === 0 || group === 1) && cursorPart.isoTime(at) && cursorPart.uuid(id),
  );
  const rows = await repo.listInterventions(db, ctx.policy.scopeFor('interventions'), {
    ...q,
    after,
    limit: q.limit + 1,
  });
  return pageOf(rows, q.limit, (r) => [
    r.plannedStart ? 1 : 0,
    (r.plannedStart ?? r.createdAt).toISOString(),
    r.id,
  ]);
}

/** Audit snapshot of an intervention (the table row, without what joins add). */
export function snapshot(row: InterventionBase | InterventionRow) {
  return {
    ...snapshotFields(row, [
      'id',
      'number',
      'kind',
      'remote',
      'clientId',
      'siteId',
      'contactId',
      'title',
      'status',
      'plannedStart',
      'plannedMinutes',
      'conflictOverride',
      'rating',
      'version',
    ]),
    ...('technicians' in row ? { technicians: row.technicians.map((t) => t.name) } : {}),
  };
}

export async function announce(
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

/**
 * The ticket an intervention comes from must be one the actor may read (an unknown ticket and one
 * out of reach get the same answer) and be the same client's; orders cannot be referenced yet.
 */
async function originProblems(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  v: { ticketId?: string | null | undefined; orderId?: string | null | undefined },
): Promise<ErrorDetail[]> {
  const details: ErrorDetail[] = [];
  if (v.ticketId) {
    const ticketClientId = await readableTicketClientId(db, ctx, v.ticketId);
    if (ticketClientId === null) details.push({ path: 'ticketId', message: 'Ticket inconnu.' });
    else if (ticketClientId !== clientId) {
      details.push({ path: 'ticketId', message: 'Ce ticket concerne un autre client que l’intervention.' });
    }
  }
  if (v.orderId) {
    details.push({
      path: 'orderId',
      message:
        'Les commandes ne sont pas encore disponibles : une intervention ne peut pas encore être rattachée à une commande.',
    });
  }
  return details;
}

async function checkRefsOrThrow(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  v: {
    siteId?: string | null | undefined;
    contactId?: string | null | undefined;
    skillIds?: string[] | undefined;
    ticketId?: string | null | undefined;
    orderId?: string | null | undefined;
  },
) {
  const details: ErrorDetail[] = await foreignRecordsOf(db, clientId, v);
  if (v.skillIds?.length) {
    const known = new Set(await repo.existingSkillIds(db, v.skillIds));
    v.skillIds.forEach((s, i) => {
      if (!known.has(s)) details.push({ path: `skillIds.${i}`, message: 'Compétence inconnue.' });
    });
  }
  details.push(...(await originProblems(db, ctx, clientId, v)));
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
  await checkRefsOrThrow(db, ctx, input.clientId, input);
  return db.transaction(async (tx) => {
    const n = await repo.nextNumber(tx);
    const now = clock.now();
    const number = interventionNumber(parisParts(now).year, n);
    const row = await repo.insertIntervention(tx, {
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
    });
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
  await checkRefsOrThrow(db, ctx, before.clientId, {
    ...input,
    skillIds,
    // A link kept as it is stays valid without being read again (its reader may not read tickets).
    ticketId: input.ticketId === before.ticketId ? undefined : input.ticketId,
    orderId: input.orderId === before.orderId ? undefined : input.orderId,
  });
  return db.transaction(async (tx) => {
    const after = await repo.bumpOrThrow(tx, id, version, input);
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
    await repo.deleteInterventionRow(tx, id);
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
  const values: Partial<InterventionValues> = { status: body.to };
  if (body.to === 'echouee') values.failureReason = body.reason ?? null;
  if (body.to === 'sur_site' && !before.checkInAt) values.checkInAt = now;
  if (body.to === 'terminee' && !before.checkOutAt) values.checkOutAt = now;
  if (body.to === 'a_planifier') {
    values.plannedStart = null;
    values.conflictOverride = null;
  }
  return db.transaction(async (tx) => {
    const after = await repo.bumpOrThrow(tx, id, before.version, values);
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
    await sendScheduleNotice(tx, fx.jobs, before, {
      ...after,
      technicians: body.to === 'a_planifier' ? [] : before.technicians,
    });
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
    const after = await repo.bumpOrThrow(tx, id, before.version, {
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
