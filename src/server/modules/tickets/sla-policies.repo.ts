import { asc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { businessCalendars, clients, maintenanceContracts, slaPolicies } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import type { RowScope } from '../../policy/policy.ts';
import { deleteRow, insertRow, updateRow } from '../../infra/rows.ts';

export type PolicyRow = typeof slaPolicies.$inferSelect;

/**
 * The policies in scope: all for the office; for a partner the defaults and those of its clients'
 * contracts; the defaults only for any other narrower scope. Defaults first, then by contract; most
 * general first within each.
 */
export async function listPolicies(db: Db, scope: RowScope): Promise<PolicyRow[]> {
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
  return db
    .select()
    .from(slaPolicies)
    .where(where)
    .orderBy(
      asc(slaPolicies.contractId),
      asc(slaPolicies.priority),
      asc(slaPolicies.ticketType),
      asc(slaPolicies.name),
    );
}

export async function findPolicy(db: Db, id: string): Promise<PolicyRow | undefined> {
  const [row] = await db.select().from(slaPolicies).where(eq(slaPolicies.id, id));
  return row;
}

export async function calendarExists(db: Db, id: string): Promise<boolean> {
  const [c] = await db
    .select({ id: businessCalendars.id })
    .from(businessCalendars)
    .where(eq(businessCalendars.id, id));
  return !!c;
}

export async function contractExists(db: Db, id: string): Promise<boolean> {
  const [c] = await db
    .select({ id: maintenanceContracts.id })
    .from(maintenanceContracts)
    .where(eq(maintenanceContracts.id, id));
  return !!c;
}

/** The names shown with policies: every calendar's name, and « reference — client » of their contracts. */
export async function policyLabels(db: Db, rows: PolicyRow[]) {
  const calendars = await db
    .select({ id: businessCalendars.id, name: businessCalendars.name })
    .from(businessCalendars);
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
  return {
    calendarNames: new Map(calendars.map((c) => [c.id, c.name])),
    contractLabels: new Map(contracts.map((c) => [c.id, `${c.reference} — ${c.clientName}`])),
  };
}

export const insertPolicy = (tx: Db, values: typeof slaPolicies.$inferInsert) =>
  insertRow(tx, slaPolicies, values);
export const updatePolicy = (tx: Db, id: string, set: Partial<typeof slaPolicies.$inferInsert>) =>
  updateRow(tx, slaPolicies, id, set);
export const deletePolicy = (tx: Db, id: string) => deleteRow(tx, slaPolicies, id);
