import { and, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ticketBulkBody,
  ticketCreateBody,
  ticketListQuery,
  ticketPatch,
} from '../../../shared/schemas/tickets.ts';
import {
  canTicketTransition,
  escalationLevelLabels,
  maxEscalationLevel,
  type TicketChannel,
  type TicketStatus,
  ticketStatusLabels,
  ticketStatuses,
} from '../../../shared/tickets.ts';
import { tickets, users } from '../../db/schema/index.ts';
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
} from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { decodeCursor, pageOf } from '../../infra/pagination.ts';
import { mayBeAssignedTickets, type RowOwner, ticketAssigneeRoles } from '../../policy/policy.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { type AuditOrigin, recordAudit } from '../audit/audit.service.ts';
import { publishEvent } from '../notifications/events.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { queueEmail } from '../notifications/outbox.service.ts';
import { parisParts } from '../../../shared/paris-time.ts';
import { slaOnStatusChange, slaOnTicketCreated } from './sla.service.ts';
import { foreignRecordsOf } from '../clients/records.shared.ts';
import { autoAssignIfEnabled } from './assignment.ts';
import * as repo from './tickets.repo.ts';
import type { TicketRow } from './tickets.repo.ts';
import type { Role } from '../../../shared/permissions.ts';

export type TicketEffects = { jobs: Jobs; publicUrl: string };
export const ticketChangedEvent = 'ticket.changed';

export function ownerOf(row: Pick<TicketRow, 'partnerId'>): RowOwner {
  return { partnerId: row.partnerId };
}

/** A ticket the actor may see, or 404 (also when it exists outside the actor's scope). */
export async function getOrThrow(db: Db, ctx: RequestContext, id: string): Promise<TicketRow> {
  const row = await repo.findTicket(db, id);
  if (!row || !ctx.policy.sees('tickets', ownerOf(row))) throw notFound('Ticket');
  return row;
}

export async function listTickets(db: Db, ctx: RequestContext, q: z.infer<typeof ticketListQuery>) {
  const after = decodeCursor<(string | null)[]>(q.cursor, 3);
  const rows = await repo.listTickets(db, ctx.policy.scopeFor('tickets'), ctx.actor.userId, {
    ...q,
    // A partner filters by partner implicitly (its scope); the filter is staff-only.
    partnerId: ctx.policy.isStaff() ? q.partnerId : undefined,
    after,
    limit: q.limit + 1,
  });
  return pageOf(rows, q.limit, (r) => [
    q.sort === 'priority' ? r.priority : null,
    (q.sort === 'updated' ? r.updatedAt : r.createdAt).toISOString(),
    r.id,
  ]);
}

export async function countTickets(db: Db, ctx: RequestContext) {
  return repo.countQueues(db, ctx.policy.scopeFor('tickets'), ctx.actor.userId);
}

/** Audit snapshot of a ticket (the table row). */
export function snapshot(row: typeof tickets.$inferSelect) {
  const {
    id,
    number,
    clientId,
    siteId,
    contactId,
    platformId,
    contractId,
    type,
    priority,
    status,
    channel,
    subject,
    assigneeId,
    teamId,
    escalationLevel,
    version,
  } = row;
  return {
    id,
    number,
    clientId,
    siteId,
    contactId,
    platformId,
    contractId,
    type,
    priority,
    status,
    channel,
    subject,
    assigneeId,
    teamId,
    escalationLevel,
    version,
  };
}

/** Real-time `ticket.changed` so queues refresh live; internal-only changes never reach partners. */
export async function announce(
  tx: Db,
  row: { id: string; clientId: string; status: string; number: string },
  partnerId: string | null,
  action: string,
  internalOnly = false,
) {
  await publishEvent(tx, {
    type: ticketChangedEvent,
    module: 'tickets',
    partnerId: internalOnly ? null : partnerId,
    clientId: row.clientId,
    payload: { ticketId: row.id, number: row.number, status: row.status, action },
  });
}

/** Whether `userId` may be assigned tickets: an active staff user whose role may update tickets. */
async function checkAssigneeOrThrow(db: Db, userId: string, path = 'assigneeId') {
  const u = await repo.userBrief(db, userId);
  const matrix = await getMatrix(db);
  if (!u || u.disabledAt || !mayBeAssignedTickets(matrix, u.role as Role)) {
    throw validationFailed([{ path, message: 'Cette personne ne peut pas traiter de tickets.' }]);
  }
  return u;
}

async function checkTeamOrThrow(db: Db, teamId: string, path = 'teamId') {
  const team = await repo.teamById(db, teamId);
  if (!team) throw validationFailed([{ path, message: 'Équipe inconnue.' }]);
  return team;
}

async function checkRefsOrThrow(
  db: Db,
  clientId: string,
  v: {
    siteId?: string | null | undefined;
    contactId?: string | null | undefined;
    platformId?: string | null | undefined;
  },
) {
  const details = await foreignRecordsOf(db, clientId, v);
  if (details.length) throw validationFailed(details);
}

const ticketUrl = (fx: TicketEffects, id: string) => `${fx.publicUrl}/tickets/${id}`;

/** Data of the ticket emails (templates ticket.*). */
export function emailData(
  row: TicketRow,
  fx: TicketEffects,
  recipientName: string,
  message?: { body: string; author: string },
) {
  return {
    contact: { name: recipientName },
    client: { name: row.clientName },
    ticket: {
      number: row.number,
      subject: row.subject,
      status: ticketStatusLabels[row.status as TicketStatus] ?? row.status,
      url: ticketUrl(fx, row.id),
    },
    message: { body: message?.body ?? '', author: message?.author ?? '' },
  };
}

/**
 * Emails an event of a ticket to its client side: the contact (else the client's address), in the
 * partner's co-branding, and the partner's users (except the actor). Keys make every send unique.
 */
export async function emailTicketEvent(
  tx: Db,
  fx: TicketEffects,
  row: TicketRow,
  event: 'ticket.created' | 'ticket.reply' | 'ticket.resolved' | 'ticket.closed',
  key: string,
  opts: { actorUserId: string | null; message?: { body: string; author: string }; skipClient?: boolean },
) {
  const to = row.contactEmail ?? row.clientEmail;
  if (to && !opts.skipClient) {
    await queueEmail(tx, fx.jobs, {
      event,
      to,
      data: emailData(row, fx, row.contactName ?? row.clientName, opts.message),
      idempotencyKey: key,
      entityType: 'ticket',
      entityId: row.id,
      clientId: row.clientId,
      partnerId: row.partnerId,
      audience: 'client',
    });
  }
  if (row.partnerId) {
    for (const u of await repo.partnerUsers(tx, row.partnerId)) {
      if (u.id === opts.actorUserId) continue;
      await queueEmail(tx, fx.jobs, {
        event,
        to: u.email,
        data: emailData(row, fx, u.name, opts.message),
        idempotencyKey: `${key}:${u.id}`,
        entityType: 'ticket',
        entityId: row.id,
        clientId: row.clientId,
        partnerId: row.partnerId,
      });
    }
  }
}

export async function createTicket(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof ticketCreateBody>,
  fx: TicketEffects,
) {
  const client = await repo.clientOf(db, input.clientId);
  const scope = ctx.policy.scopeFor('tickets');
  if (!client || (scope.kind === 'partner' && client.partnerId !== scope.partnerId)) {
    throw validationFailed([{ path: 'clientId', message: 'Client inconnu.' }]);
  }
  ctx.policy.authorizeOrThrow('tickets', 'create');
  if (!ctx.policy.isStaff() && (input.assigneeId || input.teamId)) {
    throw forbidden('Un partenaire ne peut pas attribuer de ticket.');
  }
  await checkRefsOrThrow(db, input.clientId, input);
  if (input.assigneeId) await checkAssigneeOrThrow(db, input.assigneeId);
  if (input.teamId) await checkTeamOrThrow(db, input.teamId);
  const channel: TicketChannel = !ctx.policy.isStaff()
    ? 'portail'
    : ctx.actor.kind === 'token'
      ? 'api'
      : (input.channel ?? 'telephone');
  const now = clock.now();
  const today = parisParts(now).day;
  const contractId = await repo.contractFor(
    db,
    input.clientId,
    input.siteId ?? null,
    input.platformId ?? null,
    today,
  );
  const department = await repo.siteDepartment(db, input.siteId ?? null);
  return db.transaction(async (tx) => {
    const n = await repo.nextNumber(tx);
    const number = `T-${today.slice(0, 4)}-${String(n).padStart(6, '0')}`;
    const [row] = await tx
      .insert(tickets)
      .values({
        number,
        clientId: input.clientId,
        siteId: input.siteId ?? null,
        contactId: input.contactId ?? null,
        platformId: input.platformId ?? null,
        contractId,
        type: input.type,
        priority: input.priority,
        status: 'ouvert',
        channel,
        subject: input.subject,
        description: input.description ?? null,
        assigneeId: input.assigneeId ?? null,
        teamId: input.teamId ?? null,
        createdBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'ticket',
      entityId: row!.id,
      clientId: row!.clientId,
      partnerId: client.partnerId,
      after: snapshot(row!),
    });
    await slaOnTicketCreated(tx, row!, department);
    await announce(tx, row!, client.partnerId, 'create');
    const full = (await repo.findTicket(tx, row!.id))!;
    await emailTicketEvent(tx, fx, full, 'ticket.created', `ticket-created:${row!.id}`, {
      actorUserId: ctx.actor.userId,
    });
    if (row!.assigneeId && row!.assigneeId !== ctx.actor.userId) await notifyAssigned(tx, fx, full);
    // Automatic assignment when an admin turned it on for this type (same transaction).
    return (await autoAssignIfEnabled(tx, ctx, row!, client.partnerId, fx)) ?? row!;
  });
}

export async function notifyAssigned(tx: Db, fx: TicketEffects, row: TicketRow) {
  if (!row.assigneeId) return;
  await notifyUsers(tx, fx.jobs, {
    type: 'ticket.assigned',
    userIds: [row.assigneeId],
    title: `Ticket ${row.number} : ${row.subject}`,
    body: `${row.clientName} — ${row.priority}`,
    link: `/tickets/${row.id}`,
    entityType: 'ticket',
    entityId: row.id,
    idempotencyKey: `ticket-assigned:${row.id}:${row.assigneeId}:${row.version}`,
    publicUrl: fx.publicUrl,
  });
}

/** Updates the row when its version is still `version`, else 409: someone changed it meanwhile. */
/** Updates the ticket when its version is still `version`, else 409: someone changed it meanwhile. */
export function bumpOrThrow(tx: Db, id: string, version: number, values: PgUpdateSetSource<typeof tickets>) {
  return updateVersionedOrThrow(
    tx,
    tickets,
    id,
    version,
    values,
    'Ce ticket a été modifié entre-temps par quelqu’un d’autre. Rechargez-le puis recommencez.',
  );
}

export async function updateTicket(
  db: Db,
  ctx: RequestContext,
  id: string,
  { version, ...input }: z.infer<typeof ticketPatch>,
  fx: TicketEffects,
) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('tickets', 'update', ownerOf(before));
  if (!ctx.policy.isStaff() && (input.assigneeId !== undefined || input.teamId !== undefined)) {
    throw forbidden('Un partenaire ne peut pas attribuer de ticket.');
  }
  if (before.status === 'clos') throw conflict('Ce ticket est clos : il ne peut plus être modifié.');
  await checkRefsOrThrow(db, before.clientId, input);
  if (input.assigneeId) await checkAssigneeOrThrow(db, input.assigneeId);
  if (input.teamId) await checkTeamOrThrow(db, input.teamId);
  return db.transaction(async (tx) => {
    const after = await bumpOrThrow(tx, id, version, input);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'ticket',
      entityId: id,
      clientId: before.clientId,
      partnerId: before.partnerId,
      before: snapshot(before),
      after: snapshot(after),
    });
    await announce(tx, after, before.partnerId, 'update');
    if (after.assigneeId && after.assigneeId !== before.assigneeId && after.assigneeId !== ctx.actor.userId) {
      await notifyAssigned(tx, fx, { ...before, ...after });
    }
    return after;
  });
}

/** Statuses a partner may set by hand: close a resolved ticket, or reopen it. */
const partnerTargets: readonly TicketStatus[] = ['clos', 'en_cours'];

export function nextStatusesOf(row: TicketRow, ctx: RequestContext): TicketStatus[] {
  if (!ctx.policy.can('tickets', 'update', ownerOf(row))) return [];
  const from = row.status as TicketStatus;
  return ticketStatuses.filter(
    (to) =>
      canTicketTransition(from, to) &&
      (ctx.policy.isStaff() || (from === 'resolu' && partnerTargets.includes(to))),
  );
}

export function transitionRefusal(from: TicketStatus, to: TicketStatus): string {
  return `Un ticket « ${ticketStatusLabels[from]} » ne peut pas passer à « ${ticketStatusLabels[to]} ».`;
}

/** Values that go with a status (dates of resolution and closing). */
function statusValues(from: TicketStatus, to: TicketStatus): Partial<typeof tickets.$inferInsert> {
  const now = clock.now();
  const v: Partial<typeof tickets.$inferInsert> = { status: to };
  if (to === 'resolu') v.resolvedAt = now;
  if (to === 'clos') v.closedAt = now;
  if (from === 'resolu' && to !== 'clos') v.resolvedAt = null;
  return v;
}

/** Applies a status change inside `tx` (row already checked): SLA, audit, event, emails. */
export async function applyStatus(
  tx: Db,
  ctx: RequestContext,
  before: TicketRow,
  to: TicketStatus,
  fx: TicketEffects,
  extra: Partial<typeof tickets.$inferInsert> = {},
  comment?: string,
) {
  const from = before.status as TicketStatus;
  const after = await bumpOrThrow(tx, before.id, before.version, { ...statusValues(from, to), ...extra });
  await slaOnStatusChange(tx, after, from, to);
  const entry = {
    category: 'business' as const,
    action: 'status' as const,
    entityType: 'ticket',
    entityId: before.id,
    clientId: before.clientId,
    partnerId: before.partnerId,
    before: { status: from },
    after: { status: to, number: before.number, subject: before.subject, comment: comment ?? null },
  };
  await recordAudit(tx, ctx, entry);
  await announce(tx, after, before.partnerId, 'status');
  const full = { ...before, ...after };
  if (to === 'resolu' || to === 'clos') {
    await emailTicketEvent(
      tx,
      fx,
      full,
      to === 'resolu' ? 'ticket.resolved' : 'ticket.closed',
      `ticket-${to === 'resolu' ? 'resolved' : 'closed'}:${before.id}:${after.version}`,
      { actorUserId: ctx.actor.userId },
    );
  }
  return after;
}

function checkTransitionOrThrow(ctx: RequestContext, row: TicketRow, to: TicketStatus) {
  const from = row.status as TicketStatus;
  if (from === to)
    throw new AppError('invalid_transition', `Le ticket est déjà « ${ticketStatusLabels[from]} ».`);
  if (!canTicketTransition(from, to)) throw new AppError('invalid_transition', transitionRefusal(from, to));
  if (!ctx.policy.isStaff() && !(from === 'resolu' && partnerTargets.includes(to))) {
    throw forbidden('Un partenaire peut seulement clore ou rouvrir un ticket résolu.');
  }
}

export async function changeStatus(
  db: Db,
  ctx: RequestContext,
  id: string,
  body: { to: TicketStatus; comment?: string | undefined },
  fx: TicketEffects,
) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('tickets', 'update', ownerOf(before));
  checkTransitionOrThrow(ctx, before, body.to);
  return db.transaction((tx) => applyStatus(tx, ctx, before, body.to, fx, {}, body.comment));
}

/** Why a ticket is escalated: by a person (with their reason) or by the breach of its resolution SLA. */
export type EscalationCause = { kind: 'manual'; reason: string } | { kind: 'sla.breach' };

/**
 * Raises the ticket one escalation level, to the « escalade » status when its status allows it: the
 * one path of the manual escalation and of the SLA breach, in the caller's transaction — versioned
 * update, SLA clocks, audit and the `ticket.changed` event that refreshes queues and the map live.
 * Returns null when nothing changes (highest level, status already escalated or not escalatable).
 * The two causes keep their stored audit actions (`escalate`, `ticket.escalated`).
 */
export async function escalateTicket(
  tx: Db,
  origin: AuditOrigin | RequestContext,
  before: TicketRow,
  cause: EscalationCause,
  now = clock.now(),
) {
  const from = before.status as TicketStatus;
  const level = Math.min(before.escalationLevel + 1, maxEscalationLevel);
  const to: TicketStatus = from === 'escalade' || canTicketTransition(from, 'escalade') ? 'escalade' : from;
  if (level === before.escalationLevel && to === from) return null;
  const values = to === from ? { escalationLevel: level } : { status: to, escalationLevel: level };
  const after = await bumpOrThrow(tx, before.id, before.version, { ...values, updatedAt: now });
  await slaOnStatusChange(tx, after, from, to);
  await recordAudit(tx, origin, {
    category: 'business',
    action: cause.kind === 'manual' ? 'escalate' : 'ticket.escalated',
    entityType: 'ticket',
    entityId: before.id,
    clientId: before.clientId,
    partnerId: before.partnerId,
    before: { status: from, escalationLevel: before.escalationLevel },
    after: {
      status: to,
      escalationLevel: level,
      number: before.number,
      reason: cause.kind === 'manual' ? cause.reason : 'sla.breach',
    },
  });
  await announce(tx, after, before.partnerId, 'escalate');
  return { after, from, to, level };
}

export async function escalate(db: Db, ctx: RequestContext, id: string, reason: string, fx: TicketEffects) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('tickets', 'update', ownerOf(before));
  ctx.policy.staffOnlyOrThrow('Un partenaire ne peut pas escalader un ticket.');
  const from = before.status as TicketStatus;
  if (before.escalationLevel >= maxEscalationLevel) {
    throw conflict(
      `Ce ticket est déjà au niveau le plus haut (${escalationLevelLabels[maxEscalationLevel]}).`,
    );
  }
  if (from !== 'escalade' && !canTicketTransition(from, 'escalade')) {
    throw new AppError('invalid_transition', transitionRefusal(from, 'escalade'));
  }
  return db.transaction(async (tx) => {
    const { after, level } = (await escalateTicket(tx, ctx, before, { kind: 'manual', reason }))!;
    const team = before.teamId ? await repo.teamById(tx, before.teamId) : undefined;
    const userIds = [team?.leadUserId, before.assigneeId].filter(
      (u): u is string => !!u && u !== ctx.actor.userId,
    );
    if (userIds.length) {
      await notifyUsers(tx, fx.jobs, {
        type: 'ticket.assigned',
        userIds,
        title: `Ticket ${before.number} escaladé (${escalationLevelLabels[level]})`,
        body: `${before.clientName} — ${reason}`,
        link: `/tickets/${id}`,
        entityType: 'ticket',
        entityId: id,
        idempotencyKey: `ticket-escalated:${id}:${level}:${after.version}`,
        publicUrl: fx.publicUrl,
      });
    }
    return after;
  });
}

/**
 * Bulk assignment / team / status: every ticket is checked first; any one refused (out of scope,
 * forbidden, invalid transition) refuses the whole request with a detail per ticket. Then all
 * changes run in one transaction.
 */
export async function bulkUpdate(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof ticketBulkBody>,
  fx: TicketEffects,
) {
  ctx.policy.staffOnlyOrThrow('Un partenaire ne peut pas modifier des tickets en masse.');
  if (body.assigneeId) await checkAssigneeOrThrow(db, body.assigneeId);
  if (body.teamId) await checkTeamOrThrow(db, body.teamId);
  const ids = [...new Set(body.ids)];
  const rows = new Map<string, TicketRow>();
  const details: ErrorDetail[] = [];
  for (const [i, id] of ids.entries()) {
    const row = await repo.findTicket(db, id);
    if (!row || !ctx.policy.sees('tickets', ownerOf(row))) {
      details.push({ path: `ids.${i}`, message: 'Ticket introuvable.' });
      continue;
    }
    if (!ctx.policy.can('tickets', 'update', ownerOf(row))) {
      details.push({ path: `ids.${i}`, message: `${row.number} : action non permise.` });
      continue;
    }
    if (row.status === 'clos' && (body.assigneeId !== undefined || body.teamId !== undefined)) {
      details.push({ path: `ids.${i}`, message: `${row.number} : ticket clos.` });
      continue;
    }
    if (
      body.status &&
      body.status !== row.status &&
      !canTicketTransition(row.status as TicketStatus, body.status)
    ) {
      details.push({
        path: `ids.${i}`,
        message: `${row.number} : ${transitionRefusal(row.status as TicketStatus, body.status)}`,
      });
      continue;
    }
    rows.set(id, row);
  }
  if (details.length) {
    throw new AppError(
      'validation_failed',
      `Aucun ticket n’a été modifié : ${details.length} ticket(s) ne peuvent pas l’être.`,
      details,
    );
  }
  return db.transaction(async (tx) => {
    for (const id of ids) {
      let row = rows.get(id)!;
      const values: Partial<typeof tickets.$inferInsert> = {};
      if (body.assigneeId !== undefined) values.assigneeId = body.assigneeId;
      if (body.teamId !== undefined) values.teamId = body.teamId;
      if (Object.keys(values).length) {
        const after = await bumpOrThrow(tx, id, row.version, values);
        await recordAudit(tx, ctx, {
          category: 'business',
          action: 'update',
          entityType: 'ticket',
          entityId: id,
          clientId: row.clientId,
          partnerId: row.partnerId,
          before: snapshot(row),
          after: snapshot(after),
        });
        await announce(tx, after, row.partnerId, 'update');
        if (after.assigneeId && after.assigneeId !== row.assigneeId && after.assigneeId !== ctx.actor.userId)
          await notifyAssigned(tx, fx, { ...row, ...after });
        row = { ...row, ...after };
      }
      if (body.status && body.status !== row.status) await applyStatus(tx, ctx, row, body.status, fx);
    }
    return { updated: ids.length };
  });
}

/** Users a ticket can be assigned to (staff whose role may update tickets), by name. */
export async function assignableUsers(db: Db) {
  const roles = ticketAssigneeRoles(await getMatrix(db));
  if (roles.length === 0) return [];
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(inArray(users.role, roles), sql`${users.disabledAt} IS NULL`))
    .orderBy(sql`${users.name} COLLATE "fr-FR"`);
}
