import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  businessCalendars,
  clients,
  maintenanceContracts,
  sites,
  slaPolicies,
  ticketSlaClocks,
  ticketSlaEvents,
  tickets,
} from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import type { SlaContext } from './sla.resolve.ts';

/** The queries of the SLA clocks that are not a clock's own change (those are in `sla.clocks.ts`). */

/** The policies, calendars and contracts needed to resolve SLAs, loaded once for many tickets. */
export async function loadSlaContext(
  db: Db,
  contractIds: readonly (string | null)[] = [],
): Promise<SlaContext> {
  const policies = await db
    .select()
    .from(slaPolicies)
    .orderBy(asc(slaPolicies.createdAt), asc(slaPolicies.id));
  const calendars = await db.select().from(businessCalendars);
  const ids = [...new Set(contractIds.filter((id): id is string => id !== null))];
  const contracts = ids.length
    ? await db.select().from(maintenanceContracts).where(inArray(maintenanceContracts.id, ids))
    : [];
  return {
    policies,
    policyById: new Map(policies.map((p) => [p.id, p])),
    calendars: new Map(calendars.map((c) => [c.id, c])),
    contracts: new Map(contracts.map((c) => [c.id, c])),
  };
}

const ticketDepartment = sql<string | null>`COALESCE(${sites.department}, ${clients.department})`;

/**
 * The département whose public holidays a ticket's clocks follow: its site's, else its client's
 * address's (a Strasbourg client without sites follows Alsace-Moselle's holidays).
 */
export async function departmentOf(
  tx: Db,
  siteId: string | null,
  clientId: string | null,
): Promise<string | null> {
  if (!clientId) return null;
  const [row] = await tx
    .select({ department: ticketDepartment })
    .from(clients)
    .leftJoin(sites, siteId ? eq(sites.id, siteId) : sql`false`)
    .where(eq(clients.id, clientId));
  return row?.department ?? null;
}

export async function addEvent(
  tx: Db,
  ticketId: string,
  metric: string,
  kind: string,
  at: Date,
  detail: Record<string, unknown> | null = null,
) {
  await tx.insert(ticketSlaEvents).values({ ticketId, metric, kind, at, detail });
}

// ---------------------------------------------------------------------------------------------------

/** A clock with what its settings depend on: the ticket's contract, priority, type and département. */
const clockWithTicket = {
  clock: ticketSlaClocks,
  contractId: tickets.contractId,
  priority: tickets.priority,
  type: tickets.type,
  department: ticketDepartment,
};

/** Clocks with what their targets depend on; a ticket « à qualifier » has no client yet, its clocks still run. */
const clocksWithTickets = (db: Db) =>
  db
    .select(clockWithTicket)
    .from(ticketSlaClocks)
    .innerJoin(tickets, eq(tickets.id, ticketSlaClocks.ticketId))
    .leftJoin(sites, eq(sites.id, tickets.siteId))
    .leftJoin(clients, eq(clients.id, tickets.clientId));

/** The clocks of these tickets. */
export function clocksOfTickets(db: Db, ticketIds: string[]) {
  return clocksWithTickets(db).where(inArray(ticketSlaClocks.ticketId, ticketIds));
}

/** A batch of open clocks (running, paused or breached, not stopped) after `after` in id order. */
export function openClocksAfter(db: Db, after: string, batchSize: number) {
  return clocksWithTickets(db)
    .where(
      and(
        inArray(ticketSlaClocks.state, ['running', 'paused', 'breached']),
        isNull(ticketSlaClocks.stoppedAt),
        sql`${ticketSlaClocks.id} > ${after}`,
      ),
    )
    .orderBy(asc(ticketSlaClocks.id))
    .limit(batchSize);
}

export function allContracts(db: Db) {
  return db.select().from(maintenanceContracts);
}

/** New target, policy and deadlines of these clocks, in one statement. */
export async function updateClockTargets(
  db: Db,
  updates: { id: string; target: number; policyId: string | null; dueAt: Date | null; warnAt: Date | null }[],
  now: Date,
) {
  const values = sql.join(
    updates.map(
      (u) =>
        sql`(${u.id}::uuid, ${u.target}::int, ${u.policyId}::uuid, ${u.dueAt?.toISOString() ?? null}::timestamptz, ${u.warnAt?.toISOString() ?? null}::timestamptz)`,
    ),
    sql`, `,
  );
  await db.execute(sql`
        UPDATE ticket_sla_clocks AS c
        SET target_seconds = v.target, policy_id = v.policy_id, due_at = v.due_at, warn_at = v.warn_at,
            updated_at = ${now.toISOString()}::timestamptz
        FROM (VALUES ${values}) AS v(id, target, policy_id, due_at, warn_at)
        WHERE c.id = v.id`);
}

/** The clocks of one ticket, by metric. */
export function clocksOfTicket(db: Db, ticketId: string) {
  return clocksWithTickets(db)
    .where(eq(ticketSlaClocks.ticketId, ticketId))
    .orderBy(asc(ticketSlaClocks.metric));
}

/** The history of a ticket's clocks, oldest first. */
export function eventsOfTicket(db: Db, ticketId: string) {
  return db
    .select()
    .from(ticketSlaEvents)
    .where(eq(ticketSlaEvents.ticketId, ticketId))
    .orderBy(asc(ticketSlaEvents.at), asc(ticketSlaEvents.id));
}
