import { asc, count, eq } from 'drizzle-orm';
import { businessCalendars, maintenanceContracts, slaPolicies } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';

export type CalendarRow = typeof businessCalendars.$inferSelect;
export type CalendarValues = Partial<typeof businessCalendars.$inferInsert>;

export async function listCalendars(db: Db): Promise<CalendarRow[]> {
  return db.select().from(businessCalendars).orderBy(asc(businessCalendars.name), asc(businessCalendars.id));
}

export async function findCalendar(db: Db, id: string): Promise<CalendarRow | undefined> {
  const [row] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, id));
  return row;
}

/** How many SLA policies and maintenance contracts use each calendar, by calendar id. */
export async function calendarUsage(db: Db): Promise<Map<string, number>> {
  const byPolicy = await db
    .select({ id: slaPolicies.calendarId, n: count() })
    .from(slaPolicies)
    .groupBy(slaPolicies.calendarId);
  const byContract = await db
    .select({ id: maintenanceContracts.calendarId, n: count() })
    .from(maintenanceContracts)
    .groupBy(maintenanceContracts.calendarId);
  const out = new Map<string, number>();
  for (const r of [...byPolicy, ...byContract]) if (r.id) out.set(r.id, (out.get(r.id) ?? 0) + Number(r.n));
  return out;
}

export async function insertCalendar(
  tx: Db,
  values: typeof businessCalendars.$inferInsert,
): Promise<CalendarRow> {
  const [row] = await tx.insert(businessCalendars).values(values).returning();
  return row!;
}

export async function updateCalendar(tx: Db, id: string, set: CalendarValues): Promise<CalendarRow> {
  const [row] = await tx.update(businessCalendars).set(set).where(eq(businessCalendars.id, id)).returning();
  return row!;
}

export async function deleteCalendar(tx: Db, id: string): Promise<void> {
  await tx.delete(businessCalendars).where(eq(businessCalendars.id, id));
}
