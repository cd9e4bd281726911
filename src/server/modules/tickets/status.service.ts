import {
  canTicketTransition,
  escalationLevelLabels,
  maxEscalationLevel,
  type TicketStatus,
  ticketStatusLabels,
  ticketStatuses,
} from '../../../shared/tickets.ts';
import type { tickets } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, conflict, forbidden } from '../../infra/errors.ts';
import { type AuditOrigin, recordAudit } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { slaOnStatusChange } from './sla.clocks.ts';
import { getOrThrow, ownerOf } from './tickets.access.ts';
import { announce, emailTicketEvent, type TicketEffects } from './tickets.events.ts';
import * as repo from './tickets.repo.ts';
import type { TicketRow } from './tickets.repo.ts';

/**
 * The status of a ticket: the statuses an actor may move it to, a status change with its SLA clocks,
 * audit, event and emails, and escalation (manual or on an SLA breach).
 */

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
  const after = await repo.bumpOrThrow(tx, before.id, before.version, {
    ...statusValues(from, to),
    ...extra,
  });
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
  const after = await repo.bumpOrThrow(tx, before.id, before.version, { ...values, updatedAt: now });
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
