/**
 * Business calendars of SLA policies (opening hours, holiday region, closed dates, or 24/7): edited
 * by administrators (module `administration`), read by whoever reads tickets. A change recomputes the
 * deadlines of the running clocks.
 */
import type { CalendarCreate, CalendarUpdate } from '../../../shared/schemas/sla.ts';
import type { OpeningHours } from '../../db/schema/clients.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { presentCalendar } from './calendars.presenter.ts';
import * as repo from './calendars.repo.ts';
import type { CalendarRow } from './calendars.repo.ts';
import { recomputeOpenClocks } from './sla.service.ts';

export type CalendarWithUse = CalendarRow & { usedBy: number };

/** Every calendar by name, with how many policies and contracts use it. */
export async function listCalendars(db: Db): Promise<CalendarWithUse[]> {
  const rows = await repo.listCalendars(db);
  const used = await repo.calendarUsage(db);
  return rows.map((r) => ({ ...r, usedBy: used.get(r.id) ?? 0 }));
}

async function getCalendarOrThrow(db: Db, id: string) {
  const row = await repo.findCalendar(db, id);
  if (!row) throw notFound('Calendrier');
  return row;
}

function valuesOf(input: CalendarCreate | CalendarUpdate): repo.CalendarValues {
  const out: repo.CalendarValues = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.hours !== undefined) out.hours = (input.hours ?? null) as OpeningHours | null;
  if (input.holidayRegion !== undefined) out.holidayRegion = input.holidayRegion ?? null;
  if (input.closedDates !== undefined) out.closedDates = [...new Set(input.closedDates)].sort();
  if (input.kind === '24x7') out.hours = null;
  return out;
}

/** Creates a calendar (used by nothing yet). */
export async function createCalendar(
  db: Db,
  ctx: RequestContext,
  input: CalendarCreate,
): Promise<CalendarWithUse> {
  return db.transaction(async (tx) => {
    const row = await repo.insertCalendar(tx, {
      name: input.name,
      kind: input.kind,
      ...valuesOf(input),
      createdAt: clock.now(),
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'business_calendar',
      entityId: row.id,
      after: presentCalendar(row),
    });
    return { ...row, usedBy: 0 };
  });
}

/** Changes a calendar, then recomputes the deadlines of the open tickets' clocks. */
export async function updateCalendar(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: CalendarUpdate,
): Promise<CalendarWithUse> {
  const before = await getCalendarOrThrow(db, id);
  const kind = input.kind ?? before.kind;
  const hours = input.hours !== undefined ? input.hours : before.hours;
  if (kind === 'hours' && !hours) {
    throw validationFailed([
      { path: 'hours', message: 'Un calendrier en heures ouvrées doit avoir au moins une plage horaire.' },
    ]);
  }
  const row = await db.transaction(async (tx) => {
    const row = await repo.updateCalendar(tx, id, valuesOf(input));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'business_calendar',
      entityId: id,
      before: presentCalendar(before),
      after: presentCalendar(row),
    });
    return row;
  });
  await recomputeOpenClocks(db, clock.now());
  return { ...row, usedBy: (await repo.calendarUsage(db)).get(id) ?? 0 };
}

/** A calendar used by a policy or a contract is kept: 409 naming how many use it. */
export async function deleteCalendar(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const before = await getCalendarOrThrow(db, id);
  const used = (await repo.calendarUsage(db)).get(id) ?? 0;
  if (used > 0) {
    throw conflict(
      `Ce calendrier est utilisé par ${used} politique${used > 1 ? 's' : ''} SLA ou contrat${used > 1 ? 's' : ''} : changez-les d’abord.`,
    );
  }
  await db.transaction(async (tx) => {
    await repo.deleteCalendar(tx, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'business_calendar',
      entityId: id,
      before: presentCalendar(before),
    });
  });
}
