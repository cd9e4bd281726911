import { holidayRegionLabels } from '../../../shared/holidays.ts';
import type { TicketSlaDetailOut, TicketSlaOut } from '../../../shared/schemas/sla.ts';
import type { SlaMetric } from '../../../shared/tickets.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import { presentClock } from './sla.presenter.ts';
import * as repo from './sla.repo.ts';
import { calendarOf, clockSettings, defaultWarnPercent, deadlines, resolveSla } from './sla.resolve.ts';

/**
 * Reading and recomputing SLA clocks: summaries for lists, a ticket's clocks and history, and the
 * recompute after a calendar or policy change. How clocks start, pause and stop is in
 * `sla.clocks.ts`, which SLA applies in `sla.resolve.ts`.
 */

/** Clocks of several tickets (a list page), as `{ firstResponse, resolution }` per ticket id. */
export async function ticketSlaSummaries(db: Db, ticketIds: string[]): Promise<Map<string, TicketSlaOut>> {
  const out = new Map<string, TicketSlaOut>();
  if (ticketIds.length === 0) return out;
  const rows = await repo.clocksOfTickets(db, ticketIds);
  if (rows.length === 0) return out;
  const ctx = await repo.loadSlaContext(
    db,
    rows.filter((r) => r.clock.policyId === null).map((r) => r.contractId),
  );
  const now = clock.now();
  for (const r of rows) {
    const settings = clockSettings(ctx, r.clock, r);
    const cal = calendarOf(settings.calendarId ? ctx.calendars.get(settings.calendarId) : null, r.department);
    const entry = out.get(r.clock.ticketId) ?? { firstResponse: null, resolution: null };
    const presented = presentClock(r.clock, cal, now);
    if (r.clock.metric === 'first_response') entry.firstResponse = presented;
    else if (r.clock.metric === 'resolution') entry.resolution = presented;
    out.set(r.clock.ticketId, entry);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Recompute after a calendar or policy change.

/**
 * Recomputes target, deadline and warning instant of every open clock, running or paused (after a
 * calendar or policy change), by batches of `batchSize` in keyset order. Clocks whose policy no longer applies keep
 * their target. Returns how many clocks changed.
 */
export async function recomputeOpenClocks(
  db: Db,
  now: Date = clock.now(),
  batchSize = 2000,
): Promise<number> {
  const ctxAll = await repo.loadSlaContext(db);
  let contractsLoaded = false;
  let after = '00000000-0000-0000-0000-000000000000';
  let changed = 0;
  for (;;) {
    const rows = await repo.openClocksAfter(db, after, batchSize);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.clock.id;
    if (!contractsLoaded) {
      const all = await repo.allContracts(db);
      for (const c of all) ctxAll.contracts.set(c.id, c);
      contractsLoaded = true;
    }
    const updates: {
      id: string;
      target: number;
      policyId: string | null;
      dueAt: Date | null;
      warnAt: Date | null;
    }[] = [];
    for (const r of rows) {
      const c = r.clock;
      // A paused clock takes the new target too (it counts from there when it resumes); its
      // deadlines stay null until then.
      const sla = resolveSla(ctxAll, r);
      const target =
        (c.metric === 'first_response' ? sla?.firstResponseSeconds : sla?.resolutionSeconds) ??
        c.targetSeconds;
      const calendarId = sla?.calendarId ?? clockSettings(ctxAll, c, r).calendarId;
      const warnPercent = sla?.warnPercent ?? defaultWarnPercent;
      const cal = calendarOf(calendarId ? ctxAll.calendars.get(calendarId) : null, r.department);
      const { dueAt, warnAt } = deadlines(c.segments, target, warnPercent, now, cal);
      const policyId = sla ? sla.policyId : c.policyId;
      if (
        target !== c.targetSeconds ||
        policyId !== c.policyId ||
        dueAt?.getTime() !== c.dueAt?.getTime() ||
        warnAt?.getTime() !== c.warnAt?.getTime()
      ) {
        updates.push({ id: c.id, target, policyId, dueAt, warnAt });
      }
    }
    if (updates.length > 0) {
      await repo.updateClockTargets(db, updates, now);
      changed += updates.length;
    }
    if (rows.length < batchSize) break;
  }
  return changed;
}

// ---------------------------------------------------------------------------------------------------
// A ticket's clocks and their history (GET /tickets/:id/sla).

export async function ticketSlaDetail(db: Db, ticketId: string): Promise<TicketSlaDetailOut> {
  const rows = await repo.clocksOfTicket(db, ticketId);
  const ctx = await repo.loadSlaContext(
    db,
    rows.map((r) => r.contractId),
  );
  const now = clock.now();
  const clocks = rows.map((r) => {
    const c = r.clock;
    const settings = clockSettings(ctx, c, r);
    const calRow = settings.calendarId ? ctx.calendars.get(settings.calendarId) : undefined;
    const cal = calendarOf(calRow, r.department);
    const policy = c.policyId ? ctx.policyById.get(c.policyId) : undefined;
    return {
      ...presentClock(c, cal, now),
      metric: c.metric as SlaMetric,
      policyId: c.policyId,
      policyName: policy?.name ?? (c.policyId ? null : 'Contrat (GTI/GTR)'),
      calendarName: calRow
        ? `${calRow.name}${cal.kind === 'hours' ? ` (${holidayRegionLabels[cal.region]})` : ''}`
        : null,
      warnAt: c.warnAt?.toISOString() ?? null,
      warnedAt: c.warnedAt?.toISOString() ?? null,
      breachedAt: c.breachedAt?.toISOString() ?? null,
      stoppedAt: c.stoppedAt?.toISOString() ?? null,
      segments: c.segments,
    };
  });
  const events = await repo.eventsOfTicket(db, ticketId);
  return {
    clocks,
    events: events.map((e) => ({
      id: e.id,
      metric: e.metric,
      kind: e.kind,
      at: e.at.toISOString(),
      detail: e.detail ?? null,
    })),
  };
}
