import { type BusinessCalendar, type ClockSegment, deadlineFrom } from '../../../shared/business-time.ts';
import { type HolidayRegion, holidayRegionOf, holidayRegions } from '../../../shared/holidays.ts';
import type {
  businessCalendars,
  maintenanceContracts,
  slaPolicies,
  ticketSlaClocks,
  tickets,
} from '../../db/schema/index.ts';
import type { SlaSegment } from '../../db/schema/tickets.ts';

/**
 * Which SLA a ticket gets and how its clocks count, without a database: the business calendar
 * objects, the policy resolution (policy, contract GTI/GTR, default) and the deadlines of a clock's
 * segments. The clocks themselves are in `sla.clocks.ts`.
 */

type TicketRow = typeof tickets.$inferSelect;
export type ClockRow = typeof ticketSlaClocks.$inferSelect;
export type PolicyRow = typeof slaPolicies.$inferSelect;
export type CalendarRow = typeof businessCalendars.$inferSelect;
export type ContractRow = typeof maintenanceContracts.$inferSelect;

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
export function clockSettings(
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

export function isRunning(segments: readonly SlaSegment[]): boolean {
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
