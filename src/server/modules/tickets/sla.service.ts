/**
 * SLA clocks of tickets (first response, resolution) in business time.
 *
 * A ticket gets its clocks at creation from the most specific active SLA policy (contract + priority
 * + type … default), or from its contract's GTI/GTR when the contract has no policy of its own. A
 * clock keeps its running segments (pauses are the gaps: `en_attente_client`), its target, the
 * deadline and the near-breach instant while running, and its state; every change appends a
 * `ticket_sla_events` row. The ticket module calls the `slaOn…` hooks inside its own transaction.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  type BusinessCalendar,
  type ClockSegment,
  businessSecondsBetween,
  deadlineFrom,
  elapsedBusinessSeconds,
} from '../../../shared/business-time.ts';
import {
  type HolidayRegion,
  holidayRegionLabels,
  holidayRegionOf,
  holidayRegions,
} from '../../../shared/holidays.ts';
import type { SlaClockOut, SlaState, TicketSlaDetailOut, TicketSlaOut } from '../../../shared/schemas/sla.ts';
import type { SlaMetric, TicketStatus } from '../../../shared/tickets.ts';
import {
  businessCalendars,
  maintenanceContracts,
  sites,
  slaPolicies,
  ticketSlaClocks,
  ticketSlaEvents,
  tickets,
} from '../../db/schema/index.ts';
import type { SlaSegment } from '../../db/schema/tickets.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';

type TicketRow = typeof tickets.$inferSelect;
type ClockRow = typeof ticketSlaClocks.$inferSelect;
type PolicyRow = typeof slaPolicies.$inferSelect;
type CalendarRow = typeof businessCalendars.$inferSelect;
type ContractRow = typeof maintenanceContracts.$inferSelect;

export const defaultWarnPercent = 75;

// ---------------------------------------------------------------------------------------------------
// Calendars: one BusinessCalendar object per (calendar row content, region) — the engine caches
// compiled windows per object, so reusing it matters.

const calendarObjects = new Map<string, BusinessCalendar>();
const always: BusinessCalendar = { kind: '24x7' };

export function calendarOf(row: CalendarRow | null | undefined, department: string | null): BusinessCalendar {
  if (!row || row.kind === '24x7') return always;
  const region: HolidayRegion =
    row.holidayRegion && (holidayRegions as readonly string[]).includes(row.holidayRegion)
      ? (row.holidayRegion as HolidayRegion)
      : holidayRegionOf(department);
  const key = `${row.id}|${region}|${JSON.stringify(row.hours)}|${row.closedDates.join(',')}`;
  let cal = calendarObjects.get(key);
  if (!cal) {
    if (calendarObjects.size > 500) calendarObjects.clear();
    const { note: _note, ...hours } = row.hours ?? {};
    cal = { kind: 'hours', hours, region, closedDates: [...row.closedDates] };
    calendarObjects.set(key, cal);
  }
  return cal;
}

// ---------------------------------------------------------------------------------------------------
// Policy resolution.

/** What a ticket's clocks measure: targets, calendar and warning threshold. */
export type ResolvedSla = {
  policyId: string | null;
  /** Where it came from, for the history: `policy` or `contract` (GTI/GTR). */
  source: 'policy' | 'contract';
  calendarId: string | null;
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  warnPercent: number;
};

/** The policies, calendars and contracts needed to resolve SLAs, loaded once for many tickets. */
export type SlaContext = {
  policies: PolicyRow[];
  policyById: Map<string, PolicyRow>;
  calendars: Map<string, CalendarRow>;
  contracts: Map<string, ContractRow>;
};

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

/**
 * The most specific active policy for the ticket: its contract + priority + type, contract +
 * priority, contract + type, contract; then the same among default policies (no contract). A policy's
 * null priority or type matches any; a set one must equal the ticket's.
 */
export function bestPolicy(
  ctx: SlaContext,
  t: Pick<TicketRow, 'contractId' | 'priority' | 'type'>,
  contractOnly: boolean | null = null,
): PolicyRow | null {
  let best: PolicyRow | null = null;
  let bestScore = -1;
  for (const p of ctx.policies) {
    if (!p.active) continue;
    if (p.contractId !== null && p.contractId !== t.contractId) continue;
    if (contractOnly === true && p.contractId === null) continue;
    if (contractOnly === false && p.contractId !== null) continue;
    if (p.priority !== null && p.priority !== t.priority) continue;
    if (p.ticketType !== null && p.ticketType !== t.type) continue;
    const score = (p.contractId ? 4 : 0) + (p.priority ? 2 : 0) + (p.ticketType ? 1 : 0);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The SLA of a ticket, or null (no clock). A contract policy wins; else an active contract's GTI/GTR
 * (first response = GTI, resolution = GTR, on the contract's calendar — or the default policy's when
 * the contract has none — a missing one taken from the default policy); else the default policy.
 */
export function resolveSla(
  ctx: SlaContext,
  t: Pick<TicketRow, 'contractId' | 'priority' | 'type'>,
): ResolvedSla | null {
  const fromContract = t.contractId ? bestPolicy(ctx, t, true) : null;
  if (fromContract) return ofPolicy(fromContract);
  const dflt = bestPolicy(ctx, t, false);
  const contract = t.contractId ? ctx.contracts.get(t.contractId) : undefined;
  if (contract && contract.status === 'actif' && (contract.gtiMinutes || contract.gtrMinutes)) {
    const calendarId = contract.calendarId ?? dflt?.calendarId ?? null;
    if (calendarId) {
      return {
        policyId: null,
        source: 'contract',
        calendarId,
        firstResponseSeconds: minutesToSeconds(contract.gtiMinutes ?? dflt?.firstResponseMinutes ?? null),
        resolutionSeconds: minutesToSeconds(contract.gtrMinutes ?? dflt?.resolutionMinutes ?? null),
        warnPercent: dflt?.warnPercent ?? defaultWarnPercent,
      };
    }
  }
  return dflt ? ofPolicy(dflt) : null;
}

function ofPolicy(p: PolicyRow): ResolvedSla {
  return {
    policyId: p.id,
    source: 'policy',
    calendarId: p.calendarId,
    firstResponseSeconds: p.firstResponseMinutes * 60,
    resolutionSeconds: p.resolutionMinutes * 60,
    warnPercent: p.warnPercent,
  };
}

function minutesToSeconds(m: number | null): number | null {
  return m && m > 0 ? m * 60 : null;
}

/** The calendar and warning threshold a clock runs on: its policy's, else the ticket's current SLA. */
function clockSettings(
  ctx: SlaContext,
  c: Pick<ClockRow, 'policyId'>,
  t: Pick<TicketRow, 'contractId' | 'priority' | 'type'>,
): { calendarId: string | null; warnPercent: number } {
  const p = c.policyId ? ctx.policyById.get(c.policyId) : undefined;
  if (p) return { calendarId: p.calendarId, warnPercent: p.warnPercent };
  const r = resolveSla(ctx, t);
  return { calendarId: r?.calendarId ?? null, warnPercent: r?.warnPercent ?? defaultWarnPercent };
}

// ---------------------------------------------------------------------------------------------------
// Segments and deadlines.

export function toSegments(raw: readonly SlaSegment[]): ClockSegment[] {
  return raw.map((s) => ({ from: new Date(s.from), to: s.to === null ? null : new Date(s.to) }));
}

function isRunning(segments: readonly SlaSegment[]): boolean {
  const last = segments[segments.length - 1];
  return last !== undefined && last.to === null;
}

/** Deadline and near-breach instant of a running clock (both null while paused). */
export function deadlines(
  segments: readonly SlaSegment[],
  targetSeconds: number,
  warnPercent: number,
  now: Date,
  cal: BusinessCalendar,
): { dueAt: Date | null; warnAt: Date | null } {
  if (!isRunning(segments)) return { dueAt: null, warnAt: null };
  const segs = toSegments(segments);
  return {
    dueAt: deadlineFrom(segs, targetSeconds, now, cal),
    warnAt: deadlineFrom(segs, Math.floor((targetSeconds * warnPercent) / 100), now, cal),
  };
}

async function departmentOf(tx: Db, siteId: string | null): Promise<string | null> {
  if (!siteId) return null;
  const [row] = await tx.select({ department: sites.department }).from(sites).where(eq(sites.id, siteId));
  return row?.department ?? null;
}

async function addEvent(
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
  const department = await departmentOf(tx, ticket.siteId);
  const now = clock.now();
  const done = (s: TicketStatus) => s === 'resolu' || s === 'clos';
  for (const c of clocks) {
    const settings = clockSettings(ctx, c, ticket);
    const cal = calendarOf(settings.calendarId ? ctx.calendars.get(settings.calendarId) : null, department);
    const stopped = c.state === 'met' || c.stoppedAt !== null;
    if (c.metric === 'resolution' && done(to) && !done(from)) {
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

/** The first public staff reply: stops the first-response clock (met, or stays breached). */
export async function slaOnFirstResponse(tx: Db, ticket: typeof tickets.$inferSelect): Promise<void> {
  const [c] = await tx
    .select()
    .from(ticketSlaClocks)
    .where(and(eq(ticketSlaClocks.ticketId, ticket.id), eq(ticketSlaClocks.metric, 'first_response')))
    .for('update');
  if (!c || c.stoppedAt !== null || c.state === 'met') return;
  const ctx = await loadSlaContext(tx, [ticket.contractId]);
  const department = await departmentOf(tx, ticket.siteId);
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

// ---------------------------------------------------------------------------------------------------
// Summaries for lists and the ticket page.

export function clockState(
  c: Pick<ClockRow, 'state' | 'segments' | 'dueAt' | 'warnAt' | 'breachedAt'>,
  now: Date,
): SlaState {
  if (c.state === 'met') return 'met';
  if (c.state === 'breached' || c.breachedAt !== null) return 'breached';
  if (!isRunning(c.segments)) return 'paused';
  if (c.dueAt && c.dueAt.getTime() <= now.getTime()) return 'breached';
  if (c.warnAt && c.warnAt.getTime() <= now.getTime()) return 'at_risk';
  return 'ok';
}

export function presentClock(c: ClockRow, cal: BusinessCalendar, now: Date): SlaClockOut {
  const state = clockState(c, now);
  let remaining: number | null = null;
  if (c.state !== 'met' && c.stoppedAt === null) {
    if (isRunning(c.segments) && c.dueAt) {
      remaining =
        c.dueAt.getTime() >= now.getTime()
          ? Math.floor(businessSecondsBetween(now, c.dueAt, cal))
          : -Math.floor(businessSecondsBetween(c.dueAt, now, cal));
    } else {
      remaining = c.targetSeconds - elapsedBusinessSeconds(toSegments(c.segments), now, cal);
    }
  } else if (c.stoppedAt !== null && c.state === 'breached') {
    remaining = c.targetSeconds - elapsedBusinessSeconds(toSegments(c.segments), now, cal);
  }
  return {
    state,
    dueAt: isRunning(c.segments) ? (c.dueAt?.toISOString() ?? null) : null,
    remainingSeconds: remaining,
    targetSeconds: c.targetSeconds,
  };
}

/** Clocks of several tickets (a list page), as `{ firstResponse, resolution }` per ticket id. */
export async function ticketSlaSummaries(db: Db, ticketIds: string[]): Promise<Map<string, TicketSlaOut>> {
  const out = new Map<string, TicketSlaOut>();
  if (ticketIds.length === 0) return out;
  const rows = await db
    .select({
      clock: ticketSlaClocks,
      contractId: tickets.contractId,
      priority: tickets.priority,
      type: tickets.type,
      department: sites.department,
    })
    .from(ticketSlaClocks)
    .innerJoin(tickets, eq(tickets.id, ticketSlaClocks.ticketId))
    .leftJoin(sites, eq(sites.id, tickets.siteId))
    .where(inArray(ticketSlaClocks.ticketId, ticketIds));
  if (rows.length === 0) return out;
  const ctx = await loadSlaContext(
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
  const ctxAll = await loadSlaContext(db);
  let contractsLoaded = false;
  let after = '00000000-0000-0000-0000-000000000000';
  let changed = 0;
  for (;;) {
    const rows = await db
      .select({
        clock: ticketSlaClocks,
        contractId: tickets.contractId,
        priority: tickets.priority,
        type: tickets.type,
        department: sites.department,
      })
      .from(ticketSlaClocks)
      .innerJoin(tickets, eq(tickets.id, ticketSlaClocks.ticketId))
      .leftJoin(sites, eq(sites.id, tickets.siteId))
      .where(
        and(
          inArray(ticketSlaClocks.state, ['running', 'paused', 'breached']),
          isNull(ticketSlaClocks.stoppedAt),
          sql`${ticketSlaClocks.id} > ${after}`,
        ),
      )
      .orderBy(asc(ticketSlaClocks.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.clock.id;
    if (!contractsLoaded) {
      const all = await db.select().from(maintenanceContracts);
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
      changed += updates.length;
    }
    if (rows.length < batchSize) break;
  }
  return changed;
}

// ---------------------------------------------------------------------------------------------------
// A ticket's clocks and their history (GET /tickets/:id/sla).

export async function ticketSlaDetail(db: Db, ticketId: string): Promise<TicketSlaDetailOut> {
  const rows = await db
    .select({
      clock: ticketSlaClocks,
      contractId: tickets.contractId,
      priority: tickets.priority,
      type: tickets.type,
      department: sites.department,
    })
    .from(ticketSlaClocks)
    .innerJoin(tickets, eq(tickets.id, ticketSlaClocks.ticketId))
    .leftJoin(sites, eq(sites.id, tickets.siteId))
    .where(eq(ticketSlaClocks.ticketId, ticketId))
    .orderBy(asc(ticketSlaClocks.metric));
  const ctx = await loadSlaContext(
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
  const events = await db
    .select()
    .from(ticketSlaEvents)
    .where(eq(ticketSlaEvents.ticketId, ticketId))
    .orderBy(asc(ticketSlaEvents.at), asc(ticketSlaEvents.id));
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
