import { and, eq } from 'drizzle-orm';
import { type BusinessCalendar, elapsedBusinessSeconds } from '../../../shared/business-time.ts';
import type { SlaMetric, TicketStatus } from '../../../shared/tickets.ts';
import { ticketSlaClocks, type tickets } from '../../db/schema/index.ts';
import type { SlaSegment } from '../../db/schema/tickets.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import { addEvent, departmentOf, loadSlaContext } from './sla.repo.ts';
import {
  type ClockRow,
  calendarOf,
  clockSettings,
  deadlines,
  isRunning,
  resolveSla,
  toSegments,
} from './sla.resolve.ts';

/**
 * SLA clocks of tickets (first response, resolution) in business time.
 *
 * A ticket gets its clocks at creation from the most specific active SLA policy (contract + priority
 * + type … default), or from its contract's GTI/GTR when the contract has no policy of its own. A
 * clock keeps its running segments (pauses are the gaps: `en_attente_client`), its target, the
 * deadline and the near-breach instant while running, and its state; every change appends a
 * `ticket_sla_events` row. The ticket module calls the `slaOn…` hooks inside its own transaction.
 */

// Hooks called by the ticket module, inside its transaction.

/** Starts the ticket's clocks (none when no policy applies). `siteDepartment`: the ticket's site's. */
export async function slaOnTicketCreated(
  tx: Db,
  ticket: typeof tickets.$inferSelect,
  siteDepartment: string | null,
): Promise<void> {
  const ctx = await loadSlaContext(tx, [ticket.contractId]);
  const sla = resolveSla(ctx, ticket);
  if (!sla) return;
  const cal = calendarOf(sla.calendarId ? ctx.calendars.get(sla.calendarId) : null, siteDepartment);
  const now = clock.now();
  const start = ticket.createdAt;
  const paused = ticket.status === 'en_attente_client';
  const closedResolution = ticket.status === 'resolu' || ticket.status === 'clos';
  const metrics: [SlaMetric, number | null][] = [
    ['first_response', sla.firstResponseSeconds],
    ['resolution', sla.resolutionSeconds],
  ];
  for (const [metric, target] of metrics) {
    if (target === null) continue;
    const stopped =
      (metric === 'first_response' && ticket.firstResponseAt !== null) ||
      (metric === 'resolution' && closedResolution);
    const stopAt = metric === 'first_response' ? (ticket.firstResponseAt ?? now) : (ticket.resolvedAt ?? now);
    const segments: SlaSegment[] = [
      { from: start.toISOString(), to: stopped || paused ? (stopped ? stopAt : now).toISOString() : null },
    ];
    const { dueAt, warnAt } = deadlines(segments, target, sla.warnPercent, now, cal);
    let state = 'running';
    if (stopped) {
      const elapsed = elapsedBusinessSeconds(toSegments(segments), stopAt, cal);
      state = elapsed > target ? 'breached' : 'met';
    } else if (paused) state = 'paused';
    await tx
      .insert(ticketSlaClocks)
      .values({
        ticketId: ticket.id,
        metric,
        policyId: sla.policyId,
        targetSeconds: target,
        segments,
        state,
        dueAt,
        warnAt,
        stoppedAt: stopped ? stopAt : null,
        breachedAt: state === 'breached' ? stopAt : null,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [ticketSlaClocks.ticketId, ticketSlaClocks.metric] });
    await addEvent(tx, ticket.id, metric, 'start', start, {
      source: sla.source,
      policyId: sla.policyId,
      calendarId: sla.calendarId,
      targetSeconds: target,
      dueAt: dueAt?.toISOString() ?? null,
      region: cal.kind === 'hours' ? cal.region : null,
    });
    if (paused) await addEvent(tx, ticket.id, metric, 'pause', now, { status: ticket.status });
    if (stopped) await addEvent(tx, ticket.id, metric, state === 'met' ? 'met' : 'stop', stopAt, { state });
  }
}

/**
 * A status change: `en_attente_client` pauses the running clocks, leaving it resumes them; `resolu`
 * (or `clos`) stops the resolution clock (met or breached); reopening restarts it with a new segment.
 * `ticket` is the row before or after the change (its id, site, contract, priority and type count).
 */
export async function slaOnStatusChange(
  tx: Db,
  ticket: typeof tickets.$inferSelect,
  from: TicketStatus,
  to: TicketStatus,
): Promise<void> {
  if (from === to) return;
  // Only a stop (resolved, closed), a restart or a wait for the client moves a clock: any other
  // change (to « escalade », say) locks no clock, so the SLA scan cannot deadlock on it.
  const moves = (s: TicketStatus) => s === 'resolu' || s === 'clos' || s === 'en_attente_client';
  if (!moves(from) && !moves(to)) return;
  const clocks = await tx
    .select()
    .from(ticketSlaClocks)
    .where(eq(ticketSlaClocks.ticketId, ticket.id))
    .for('update');
  if (clocks.length === 0) return;
  const ctx = await loadSlaContext(tx, [ticket.contractId]);
  const department = await departmentOf(tx, ticket.siteId, ticket.clientId);
  const now = clock.now();
  const done = (s: TicketStatus) => s === 'resolu' || s === 'clos';
  for (const c of clocks) {
    const settings = clockSettings(ctx, c, ticket);
    const cal = calendarOf(settings.calendarId ? ctx.calendars.get(settings.calendarId) : null, department);
    const stopped = c.state === 'met' || c.stoppedAt !== null;
    // Resolving or closing stops every clock, the first response's included: no reply is due on a
    // ticket that is resolved, and no alert may follow for it.
    if (done(to) && !done(from)) {
      if (!stopped) await stopClock(tx, c, cal, now, { status: to });
      continue;
    }
    if (c.metric === 'resolution' && done(from) && !done(to)) {
      if (stopped) await restartClock(tx, c, cal, settings.warnPercent, now, to === 'en_attente_client');
      continue;
    }
    if (stopped) continue;
    if (to === 'en_attente_client' && isRunning(c.segments)) {
      await pauseClock(tx, c, now, { status: to });
    } else if (from === 'en_attente_client' && !isRunning(c.segments) && !done(to)) {
      await resumeClock(tx, c, cal, settings.warnPercent, now, { status: to });
    }
  }
}

/**
 * A ticket « à qualifier » gets its client (`ticket`: the row after, with its contract and site): its
 * clocks take the targets and calendar a ticket created with that client would have had (contract
 * policy, GTI/GTR, the client's or site's holidays), counted from the ticket's creation over the
 * segments already run. A running clock gets its new deadline and warning (warned again if the
 * warning moved); a stopped one is met or breached against its new target; a clock the ticket lacked
 * starts. Each change is a `recompute` event.
 */
export async function slaOnTicketQualified(tx: Db, ticket: typeof tickets.$inferSelect): Promise<void> {
  const department = await departmentOf(tx, ticket.siteId, ticket.clientId);
  const clocks = await tx
    .select()
    .from(ticketSlaClocks)
    .where(eq(ticketSlaClocks.ticketId, ticket.id))
    .for('update');
  if (clocks.length === 0) {
    await slaOnTicketCreated(tx, ticket, department);
    return;
  }
  const ctx = await loadSlaContext(tx, [ticket.contractId]);
  const sla = resolveSla(ctx, ticket);
  if (!sla) return;
  const cal = calendarOf(sla.calendarId ? ctx.calendars.get(sla.calendarId) : null, department);
  const now = clock.now();
  for (const c of clocks) {
    const target = c.metric === 'first_response' ? sla.firstResponseSeconds : sla.resolutionSeconds;
    if (target === null) continue;
    const stopped = c.stoppedAt !== null;
    const { dueAt, warnAt } = stopped
      ? { dueAt: null, warnAt: null }
      : deadlines(c.segments, target, sla.warnPercent, now, cal);
    let state = c.state;
    let breachedAt = c.breachedAt;
    if (stopped) {
      const elapsed = elapsedBusinessSeconds(toSegments(c.segments), c.stoppedAt!, cal);
      state = elapsed > target ? 'breached' : 'met';
      breachedAt = state === 'breached' ? (c.breachedAt ?? c.stoppedAt) : null;
    }
    const warnMoved = warnAt?.getTime() !== c.warnAt?.getTime();
    await tx
      .update(ticketSlaClocks)
      .set({
        policyId: sla.policyId,
        targetSeconds: target,
        dueAt,
        warnAt,
        state,
        breachedAt,
        ...(warnMoved && !stopped ? { warnedAt: null } : {}),
        updatedAt: now,
      })
      .where(eq(ticketSlaClocks.id, c.id));
    await addEvent(tx, ticket.id, c.metric, 'recompute', now, {
      reason: 'qualified',
      source: sla.source,
      policyId: sla.policyId,
      calendarId: sla.calendarId,
      targetSeconds: target,
      previousTargetSeconds: c.targetSeconds,
      dueAt: dueAt?.toISOString() ?? null,
      state,
      region: cal.kind === 'hours' ? cal.region : null,
    });
  }
}

/** The first public staff reply: stops the first-response clock (met, or stays breached). */
export async function slaOnFirstResponse(tx: Db, ticket: typeof tickets.$inferSelect): Promise<void> {
  const [c] = await tx
    .select()
    .from(ticketSlaClocks)
    .where(and(eq(ticketSlaClocks.ticketId, ticket.id), eq(ticketSlaClocks.metric, 'first_response')))
    .for('update');
  if (!c || c.stoppedAt !== null || c.state === 'met') return;
  const ctx = await loadSlaContext(tx, [ticket.contractId]);
  const department = await departmentOf(tx, ticket.siteId, ticket.clientId);
  const settings = clockSettings(ctx, c, ticket);
  const cal = calendarOf(settings.calendarId ? ctx.calendars.get(settings.calendarId) : null, department);
  await stopClock(tx, c, cal, clock.now(), { reason: 'first_response' });
}

function closeSegments(segments: readonly SlaSegment[], at: Date): SlaSegment[] {
  return segments.map((s) => (s.to === null ? { from: s.from, to: at.toISOString() } : s));
}

async function stopClock(
  tx: Db,
  c: ClockRow,
  cal: BusinessCalendar,
  now: Date,
  detail: Record<string, unknown>,
) {
  const segments = closeSegments(c.segments, now);
  const elapsed = elapsedBusinessSeconds(toSegments(segments), now, cal);
  const breached = c.breachedAt !== null || c.state === 'breached' || elapsed > c.targetSeconds;
  const state = breached ? 'breached' : 'met';
  await tx
    .update(ticketSlaClocks)
    .set({
      segments,
      state,
      dueAt: null,
      warnAt: null,
      stoppedAt: now,
      breachedAt: breached ? (c.breachedAt ?? now) : null,
      updatedAt: now,
    })
    .where(eq(ticketSlaClocks.id, c.id));
  await addEvent(tx, c.ticketId, c.metric, breached ? 'stop' : 'met', now, {
    ...detail,
    state,
    elapsedSeconds: elapsed,
    targetSeconds: c.targetSeconds,
  });
}

async function pauseClock(tx: Db, c: ClockRow, now: Date, detail: Record<string, unknown>) {
  await tx
    .update(ticketSlaClocks)
    .set({
      segments: closeSegments(c.segments, now),
      state: c.state === 'breached' ? 'breached' : 'paused',
      dueAt: null,
      warnAt: null,
      updatedAt: now,
    })
    .where(eq(ticketSlaClocks.id, c.id));
  await addEvent(tx, c.ticketId, c.metric, 'pause', now, detail);
}

async function resumeClock(
  tx: Db,
  c: ClockRow,
  cal: BusinessCalendar,
  warnPercent: number,
  now: Date,
  detail: Record<string, unknown>,
) {
  const segments: SlaSegment[] = [...c.segments, { from: now.toISOString(), to: null }];
  const { dueAt, warnAt } = deadlines(segments, c.targetSeconds, warnPercent, now, cal);
  await tx
    .update(ticketSlaClocks)
    .set({
      segments,
      state: c.state === 'breached' ? 'breached' : 'running',
      dueAt,
      warnAt,
      updatedAt: now,
    })
    .where(eq(ticketSlaClocks.id, c.id));
  await addEvent(tx, c.ticketId, c.metric, 'resume', now, { ...detail, dueAt: dueAt?.toISOString() ?? null });
}

/** Reopened ticket: the resolution clock runs again (new segment); an earlier breach stays recorded. */
async function restartClock(
  tx: Db,
  c: ClockRow,
  cal: BusinessCalendar,
  warnPercent: number,
  now: Date,
  paused: boolean,
) {
  const segments: SlaSegment[] = paused
    ? [...c.segments]
    : [...c.segments, { from: now.toISOString(), to: null }];
  const { dueAt, warnAt } = deadlines(segments, c.targetSeconds, warnPercent, now, cal);
  await tx
    .update(ticketSlaClocks)
    .set({
      segments,
      state: c.state === 'breached' ? 'breached' : paused ? 'paused' : 'running',
      dueAt,
      warnAt,
      stoppedAt: null,
      updatedAt: now,
    })
    .where(eq(ticketSlaClocks.id, c.id));
  await addEvent(tx, c.ticketId, c.metric, 'restart', now, { dueAt: dueAt?.toISOString() ?? null });
}
