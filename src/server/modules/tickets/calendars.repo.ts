import { asc, count, eq } from 'drizzle-orm';
import { businessCalendars, maintenanceContracts, slaPolicies } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { deleteRow, insertRow, updateRow } from '../../infra/rows.ts';

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

export const insertCalendar = (tx: Db, values: typeof businessCalendars.$inferInsert) =>
  insertRow(tx, businessCalendars, values);
export const updateCalendar = (tx: Db, id: string, set: CalendarValues) =>
  updateRow(tx, businessCalendars, id, set);

export const deleteCalendar = (tx: Db, id: string) => deleteRow(tx, businessCalendars, id);
