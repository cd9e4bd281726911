/**
 * SLA policies (contract or default, priority or any, type or any): edited by administrators, read by
 * tickets readers — a partner sees the default policies and those of its clients' contracts only. A
 * change recomputes the running clocks.
 */
import type { PolicyCreate, PolicyUpdate, TicketSlaDetailOut } from '../../../shared/schemas/sla.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { presentPolicy } from './sla-policies.presenter.ts';
import * as repo from './sla-policies.repo.ts';
import type { PolicyRow } from './sla-policies.repo.ts';
import { recomputeOpenClocks, ticketSlaDetail } from './sla.service.ts';
import { getOrThrow as getTicketOrThrow } from './tickets.access.ts';

/** The policies the actor sees: defaults first, then by contract; most general first within each. */
export async function listPolicies(db: Db, ctx: RequestContext): Promise<PolicyRow[]> {
  return repo.listPolicies(db, ctx.policy.scopeFor('tickets'));
}

async function getPolicyOrThrow(db: Db, id: string) {
  const row = await repo.findPolicy(db, id);
  if (!row) throw notFound('Politique SLA');
  return row;
}

async function assertRefsExist(
  db: Db,
  input: { contractId?: string | null | undefined; calendarId?: string | undefined },
) {
  if (input.calendarId && !(await repo.calendarExists(db, input.calendarId))) {
    throw validationFailed([{ path: 'calendarId', message: 'Calendrier introuvable.' }]);
  }
  if (input.contractId && !(await repo.contractExists(db, input.contractId))) {
    throw validationFailed([{ path: 'contractId', message: 'Contrat introuvable.' }]);
  }
}

/** Creates a policy, then recomputes the running clocks it may now govern. */
export async function createPolicy(db: Db, ctx: RequestContext, input: PolicyCreate): Promise<PolicyRow> {
  await assertRefsExist(db, input);
  const row = await db.transaction(async (tx) => {
    const row = await repo.insertPolicy(tx, {
      name: input.name,
      contractId: input.contractId ?? null,
      priority: input.priority ?? null,
      ticketType: input.ticketType ?? null,
      firstResponseMinutes: input.firstResponseMinutes,
      resolutionMinutes: input.resolutionMinutes,
      calendarId: input.calendarId,
      warnPercent: input.warnPercent ?? 75,
      active: input.active ?? true,
      createdAt: clock.now(),
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'sla_policy',
      entityId: row.id,
      after: await presentPolicy(tx, row),
    });
    return row;
  });
  await recomputeOpenClocks(db, clock.now());
  return row;
}

/** Changes a policy, then recomputes the running clocks. */
export async function updatePolicy(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: PolicyUpdate,
): Promise<PolicyRow> {
  const before = await getPolicyOrThrow(db, id);
  await assertRefsExist(db, input);
  const row = await db.transaction(async (tx) => {
    const row = await repo.updatePolicy(tx, id, input);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'sla_policy',
      entityId: id,
      before: await presentPolicy(tx, before),
      after: await presentPolicy(tx, row),
    });
    return row;
  });
  await recomputeOpenClocks(db, clock.now());
  return row;
}

/** Deletes a policy, then recomputes the running clocks (the next policy that matches takes over). */
export async function deletePolicy(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const before = await getPolicyOrThrow(db, id);
  await db.transaction(async (tx) => {
    const b = await presentPolicy(tx, before);
    await repo.deletePolicy(tx, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'sla_policy',
      entityId: id,
      before: b,
    });
  });
  await recomputeOpenClocks(db, clock.now());
}

/** A ticket's SLA clocks and history, for a ticket the actor sees (404 otherwise). */
export async function getTicketSla(
  db: Db,
  ctx: RequestContext,
  ticketId: string,
): Promise<TicketSlaDetailOut> {
  const ticket = await getTicketOrThrow(db, ctx, ticketId);
  return ticketSlaDetail(db, ticket.id);
}
