/**
 * SLA policies (contract or default, priority or any, type or any): edited by administrators, read by
 * tickets readers — a partner sees the default policies and those of its clients' contracts only. A
 * change recomputes the running clocks.
 */
import { asc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import {
  type PolicyCreate,
  policyCreate,
  type PolicyOut,
  policyOut,
  type PolicyUpdate,
  policyUpdate,
  ticketSlaDetailOut,
} from '../../../shared/schemas/sla.ts';
import { z } from '../../../shared/zod.ts';
import {
  businessCalendars,
  clients,
  maintenanceContracts,
  slaPolicies,
  tickets,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recomputeOpenClocks, ticketSlaDetail } from './sla.service.ts';

type PolicyRow = typeof slaPolicies.$inferSelect;

async function present(db: Db, rows: PolicyRow[]): Promise<PolicyOut[]> {
  if (rows.length === 0) return [];
  const calendars = await db
    .select({ id: businessCalendars.id, name: businessCalendars.name })
    .from(businessCalendars);
  const calName = new Map(calendars.map((c) => [c.id, c.name]));
  const contractIds = [...new Set(rows.map((r) => r.contractId).filter((x): x is string => !!x))];
  const contracts = contractIds.length
    ? await db
        .select({
          id: maintenanceContracts.id,
          reference: maintenanceContracts.reference,
          clientName: clients.name,
        })
        .from(maintenanceContracts)
        .innerJoin(clients, eq(clients.id, maintenanceContracts.clientId))
        .where(inArray(maintenanceContracts.id, contractIds))
    : [];
  const contractLabel = new Map(contracts.map((c) => [c.id, `${c.reference} — ${c.clientName}`]));
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    contractId: p.contractId,
    contractLabel: p.contractId ? (contractLabel.get(p.contractId) ?? null) : null,
    priority: p.priority,
    ticketType: p.ticketType,
    firstResponseMinutes: p.firstResponseMinutes,
    resolutionMinutes: p.resolutionMinutes,
    calendarId: p.calendarId,
    calendarName: calName.get(p.calendarId) ?? '—',
    warnPercent: p.warnPercent,
    active: p.active,
    createdAt: p.createdAt.toISOString(),
  }));
}

/** Policies: defaults first, then by contract; most general first within each. */
export async function listPolicies(db: Db, ctx: RequestContext): Promise<PolicyOut[]> {
  const scope = ctx.policy.scopeFor('tickets');
  let where: SQL | undefined;
  if (scope.kind === 'partner') {
    const own = db
      .select({ id: maintenanceContracts.id })
      .from(maintenanceContracts)
      .innerJoin(clients, eq(clients.id, maintenanceContracts.clientId))
      .where(eq(clients.partnerId, scope.partnerId));
    where = or(isNull(slaPolicies.contractId), inArray(slaPolicies.contractId, own));
  } else if (scope.kind !== 'all') {
    where = isNull(slaPolicies.contractId);
  }
  const rows = await db
    .select()
    .from(slaPolicies)
    .where(where)
    .orderBy(
      asc(slaPolicies.contractId),
      asc(slaPolicies.priority),
      asc(slaPolicies.ticketType),
      asc(slaPolicies.name),
    );
  return present(db, rows);
}

async function policyOrThrow(db: Db, id: string) {
  const [row] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, id));
  if (!row) throw notFound('Politique SLA');
  return row;
}

async function checkRefs(
  db: Db,
  input: { contractId?: string | null | undefined; calendarId?: string | undefined },
) {
  if (input.calendarId) {
    const [c] = await db
      .select({ id: businessCalendars.id })
      .from(businessCalendars)
      .where(eq(businessCalendars.id, input.calendarId));
    if (!c) throw validationFailed([{ path: 'calendarId', message: 'Calendrier introuvable.' }]);
  }
  if (input.contractId) {
    const [c] = await db
      .select({ id: maintenanceContracts.id })
      .from(maintenanceContracts)
      .where(eq(maintenanceContracts.id, input.contractId));
    if (!c) throw validationFailed([{ path: 'contractId', message: 'Contrat introuvable.' }]);
  }
}

export async function createPolicy(db: Db, ctx: RequestContext, input: PolicyCreate): Promise<PolicyOut> {
  await checkRefs(db, input);
  const out = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(slaPolicies)
      .values({
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
      })
      .returning();
    const [after] = await present(tx, [row!]);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'sla_policy',
      entityId: row!.id,
      after,
    });
    return after!;
  });
  await recomputeOpenClocks(db, clock.now());
  return out;
}

export async function updatePolicy(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: PolicyUpdate,
): Promise<PolicyOut> {
  const before = await policyOrThrow(db, id);
  await checkRefs(db, input);
  const out = await db.transaction(async (tx) => {
    const [row] = await tx.update(slaPolicies).set(input).where(eq(slaPolicies.id, id)).returning();
    const [b] = await present(tx, [before]);
    const [after] = await present(tx, [row!]);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'sla_policy',
      entityId: id,
      before: b,
      after,
    });
    return after!;
  });
  await recomputeOpenClocks(db, clock.now());
  return out;
}

export async function deletePolicy(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const before = await policyOrThrow(db, id);
  await db.transaction(async (tx) => {
    const [b] = await present(tx, [before]);
    await tx.delete(slaPolicies).where(eq(slaPolicies.id, id));
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

const tags = ['SLA'];

export const slaPolicyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/sla/policies',
    {
      schema: { tags, summary: 'Politiques SLA', response: { 200: z.array(policyOut) } },
      config: { permission: 'tickets:read' },
    },
    async (req) => listPolicies(db, ctxOf(req)),
  );
  app.post(
    '/sla/policies',
    {
      schema: { tags, summary: 'Créer une politique SLA', body: policyCreate, response: { 201: policyOut } },
      config: { permission: 'administration:create' },
    },
    async (req, reply) => reply.status(201).send(await createPolicy(db, ctxOf(req), req.body)),
  );
  app.patch(
    '/sla/policies/:id',
    {
      schema: {
        tags,
        summary: 'Modifier une politique SLA (les échéances des tickets ouverts sont recalculées)',
        params: idParam,
        body: policyUpdate,
        response: { 200: policyOut },
      },
      config: { permission: 'administration:update' },
    },
    async (req) => updatePolicy(db, ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/sla/policies/:id',
    {
      schema: { tags, summary: 'Supprimer une politique SLA', params: idParam },
      config: { permission: 'administration:delete' },
    },
    async (req, reply) => {
      await deletePolicy(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};

/** A ticket's SLA clocks and history, for tickets readers in scope (a partner: its clients' only → 404). */
export const ticketSlaRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/tickets/:id/sla',
    {
      schema: {
        tags,
        summary: 'Horloges SLA d’un ticket et leur historique',
        params: idParam,
        response: { 200: ticketSlaDetailOut },
      },
      config: { permission: 'tickets:read' },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const [t] = await db
        .select({ id: tickets.id, partnerId: clients.partnerId })
        .from(tickets)
        .innerJoin(clients, eq(clients.id, tickets.clientId))
        .where(eq(tickets.id, req.params.id));
      if (!t || !ctx.policy.sees('tickets', { partnerId: t.partnerId })) throw notFound('Ticket');
      return ticketSlaDetail(db, t.id);
    },
  );
};
