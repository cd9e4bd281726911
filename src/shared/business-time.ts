/**
 * Business time for SLA clocks: opening hours in Europe/Paris wall-clock time, French public holidays
 * of a region, extra closed days, or 24/7. Shared by the server (deadlines, breaches) and the web app
 * (« time left »). Inputs and outputs are `Date`s (UTC instants); business time is real elapsed time
 * inside the opening windows, so a window 01:00–04:00 lasts 2 h on the spring-forward Sunday and 4 h
 * on the fall-back one.
 *
 * Wall-clock → instant: a window boundary is the first instant at which Paris clocks show that time or
 * later. A time skipped by the spring change (02:30 on the last Sunday of March) maps to the change
 * itself (03:00 CEST); a time seen twice in October maps to its first occurrence (CEST).
 *
 * Work is done window by window (never minute by minute); the Paris UTC offsets are read once per year
 * from `Intl` (tzdata) and cached, holidays once per year and region.
 */
import { type HolidayRegion, isPublicHoliday } from './holidays.ts';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * Weekly opening hours, Paris wall-clock `HH:MM` pairs per day; same JSON as a site's `opening_hours`
 * (`OpeningHours` in the server's clients schema). `"24:00"` may end a window.
 */
export type WeeklyHours = Partial<Record<Weekday, [string, string][]>> & { note?: string };

export type BusinessCalendar =
  | { kind: '24x7' }
  | {
      kind: 'hours';
      hours: WeeklyHours;
      region: HolidayRegion;
      /** Extra closed calendar days (`YYYY-MM-DD`, Paris), e.g. a company closure. */
      closedDates?: string[];
    };

/** A period during which an SLA clock runs; the gaps between segments are pauses. */
export type ClockSegment = { from: Date; to: Date | null };

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** A deadline search gives up after this many calendar days (a calendar that is never open). */
const MAX_SCAN_DAYS = 3_700;
/** Days of windows kept per calendar (about 11 years), cleared when full. */
const DAY_CACHE_SIZE = 4_000;

/** Whether the calendar is open at `at` (window start included, end excluded). */
export function isOpen(at: Date, cal: BusinessCalendar): boolean {
  if (cal.kind === '24x7') return true;
  const t = at.getTime();
  const day = parisDayOf(t);
  for (const [s, e] of windowsOf(day, compile(cal))) if (s <= t && t < e) return true;
  return false;
}

/** `at` itself when open, else the next opening instant. Throws if the calendar never opens. */
export function nextBusinessInstant(at: Date, cal: BusinessCalendar): Date {
  if (cal.kind === '24x7') return new Date(at.getTime());
  return new Date(addBusinessMs(at.getTime(), 0, compile(cal)));
}

/**
 * The deadline: the instant at which `minutes` of business time have elapsed after `start`. Outside
 * hours, counting begins at the next opening; a deadline landing exactly on a closing time is that
 * closing time. Fractional minutes are allowed (millisecond precision).
 */
export function addBusinessMinutes(start: Date, minutes: number, cal: BusinessCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Durée invalide : ${minutes}`);
  const ms = Math.round(minutes * MINUTE);
  if (cal.kind === '24x7') return new Date(start.getTime() + ms);
  return new Date(addBusinessMs(start.getTime(), ms, compile(cal)));
}

/**
 * Business minutes between `a` and `b` (0 if `b` ≤ `a`), as a fractional number exact to the
 * millisecond (seconds = minutes × 60). `addBusinessMinutes` is its inverse.
 */
export function businessMinutesBetween(a: Date, b: Date, cal: BusinessCalendar): number {
  return businessMsBetween(a.getTime(), b.getTime(), cal) / MINUTE;
}

/** Business seconds between `a` and `b` (0 if `b` ≤ `a`), fractional, exact to the millisecond. */
export function businessSecondsBetween(a: Date, b: Date, cal: BusinessCalendar): number {
  return businessMsBetween(a.getTime(), b.getTime(), cal) / 1000;
}

/**
 * Business seconds an SLA clock has run: the sum over its running segments, the open one counted up
 * to `now`. Whole seconds (floored), as a clock stores them. Overlapping segments count once.
 */
export function elapsedBusinessSeconds(
  segments: readonly ClockSegment[],
  now: Date,
  cal: BusinessCalendar,
): number {
  return Math.floor(elapsedMs(segments, now.getTime(), cal) / 1000);
}

/**
 * When the SLA clock reaches `targetSeconds` of business time. While paused (no segment, or the last
 * one closed) the deadline is unknown → null, unless the target was already reached before the pause:
 * then that past instant. While running, the instant the target is reached if it keeps running (in the
 * past when already breached).
 */
export function deadlineFrom(
  segments: readonly ClockSegment[],
  targetSeconds: number,
  now: Date,
  cal: BusinessCalendar,
): Date | null {
  if (!Number.isFinite(targetSeconds) || targetSeconds < 0) {
    throw new RangeError(`Durée invalide : ${targetSeconds}`);
  }
  const target = Math.round(targetSeconds * 1000);
  const nowMs = now.getTime();
  let done = 0;
  for (const [from, to] of normalizeSegments(segments, nowMs)) {
    const run = to === null ? Number.POSITIVE_INFINITY : businessMsBetween(from, to, cal);
    if (done + run >= target) {
      const rest = target - done;
      return new Date(cal.kind === '24x7' ? from + rest : addBusinessMs(from, rest, compile(cal)));
    }
    done += run;
  }
  return null;
}

/**
 * « 2 h 15 min ouvrées » left, « moins d’1 min ouvrée », « échéance atteinte », « dépassé de 35 min »
 * (negative = overdue). Rounded down to the minute; hours only (a business day has no fixed length).
 */
export function describeRemaining(seconds: number): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`Durée invalide : ${seconds}`);
  if (seconds >= 60) {
    const minutes = Math.floor(seconds / 60);
    const last = minutes % 60 || Math.floor(minutes / 60);
    return `${formatMinutes(minutes)} ${last > 1 ? 'ouvrées' : 'ouvrée'}`;
  }
  if (seconds > 0) return 'moins d’1 min ouvrée';
  if (seconds > -60) return 'échéance atteinte';
  return `dépassé de ${formatMinutes(Math.floor(-seconds / 60))}`;
}

/**
 * How late a deadline is, in calendar time since it passed: « dépassé de 35 min », « dépassé de
 * 3 h 5 min », and from 24 hours on in days and hours, « dépassé de 5 j 2 h » (not « 122 h »).
 */
export function describeOverdue(seconds: number): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`Durée invalide : ${seconds}`);
  const minutes = Math.max(1, Math.floor(seconds / 60));
  if (minutes < 24 * 60) return `dépassé de ${formatMinutes(minutes)}`;
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  return `dépassé de ${days} j${hours ? ` ${hours} h` : ''}`;
}

function formatMinutes(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

// ---------------------------------------------------------------------------------------------------
// Core: windows of a Paris calendar day, as UTC instants.

type Compiled = {
  /** Per weekday (0 = Sunday, as `getUTCDay`), merged windows in minutes of the day. */
  week: readonly (readonly [number, number][])[];
  region: HolidayRegion;
  closed: ReadonlySet<string>;
  everOpen: boolean;
  /** Windows by Paris day number, computed on demand. */
  days: Map<number, readonly (readonly [number, number])[]>;
};

const weekdayIndex: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const compiledCache = new WeakMap<object, Compiled>();

function compile(cal: Extract<BusinessCalendar, { kind: 'hours' }>): Compiled {
  const hit = compiledCache.get(cal);
  if (hit) return hit;
  const week: [number, number][][] = [[], [], [], [], [], [], []];
  for (const key of Object.keys(weekdayIndex) as Weekday[]) {
    const raw = cal.hours[key] ?? [];
    const parsed = raw.map(([s, e]): [number, number] => {
      const from = parseTime(s);
      const to = parseTime(e);
      if (to <= from) throw new RangeError(`Plage horaire invalide : ${s}–${e}`);
      return [from, to];
    });
    parsed.sort((p, q) => p[0] - q[0]);
    const merged: [number, number][] = [];
    for (const w of parsed) {
      const prev = merged[merged.length - 1];
      if (prev && w[0] <= prev[1]) prev[1] = Math.max(prev[1], w[1]);
      else merged.push([w[0], w[1]]);
    }
    week[weekdayIndex[key]] = merged;
  }
  for (const d of cal.closedDates ?? []) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new RangeError(`Date invalide : ${d}`);
  }
  const compiled: Compiled = {
    week,
    region: cal.region,
    closed: new Set(cal.closedDates ?? []),
    everOpen: week.some((w) => w.length > 0),
    days: new Map(),
  };
  compiledCache.set(cal, compiled);
  return compiled;
}

function parseTime(s: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!(minutes <= 24 * 60)) throw new RangeError(`Heure invalide : ${s}`);
  return minutes;
}

/** Opening windows (UTC ms, ascending, non-empty) of the Paris day number `day` (days since 1970-01-01). */
function windowsOf(day: number, c: Compiled): readonly (readonly [number, number])[] {
  const hit = c.days.get(day);
  if (hit) return hit;
  const out = computeWindows(day, c);
  if (c.days.size >= DAY_CACHE_SIZE) c.days.clear();
  c.days.set(day, out);
  return out;
}

function computeWindows(day: number, c: Compiled): [number, number][] {
  const spec = c.week[(((day + 4) % 7) + 7) % 7] ?? []; // 1970-01-01 was a Thursday
  if (spec.length === 0) return [];
  const date = new Date(day * DAY).toISOString().slice(0, 10);
  if (c.closed.has(date) || isPublicHoliday(date, c.region) !== null) return [];
  const out: [number, number][] = [];
  for (const [s, e] of spec) {
    const from = parisWallToInstant(day * DAY + s * MINUTE);
    const to = parisWallToInstant(day * DAY + e * MINUTE);
    if (to > from) out.push([from, to]);
  }
  return out;
}

function addBusinessMs(start: number, ms: number, c: Compiled): number {
  if (!c.everOpen) throw new RangeError('Calendrier sans aucune heure ouvrée');
  let rest = ms;
  const first = parisDayOf(start);
  for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
    for (const [ws, we] of windowsOf(day, c)) {
      if (we <= start) continue;
      const from = Math.max(ws, start);
      if (rest <= we - from) return from + rest;
      rest -= we - from;
    }
  }
  throw new RangeError('Calendrier fermé sur toute la période recherchée');
}

function businessMsBetween(a: number, b: number, cal: BusinessCalendar): number {
  if (!(b > a)) return 0;
  if (cal.kind === '24x7') return b - a;
  const c = compile(cal);
  if (!c.everOpen) return 0;
  let total = 0;
  const last = parisDayOf(b);
  for (let day = parisDayOf(a); day <= last; day++) {
    for (const [ws, we] of windowsOf(day, c)) {
      const from = Math.max(ws, a);
      const to = Math.min(we, b);
      if (to > from) total += to - from;
    }
  }
  return total;
}

/** Segments sorted, clipped to `now` and to each other (overlaps count once); the open one last. */
function normalizeSegments(segments: readonly ClockSegment[], now: number): [number, number | null][] {
  const sorted = [...segments].sort((p, q) => p.from.getTime() - q.from.getTime());
  const out: [number, number | null][] = [];
  let cursor = Number.NEGATIVE_INFINITY;
  for (const seg of sorted) {
    const from = Math.max(seg.from.getTime(), cursor);
    if (seg.to === null) {
      if (from <= now) out.push([from, null]);
      break; // a running segment is the last one that counts
    }
    const to = Math.min(seg.to.getTime(), now);
    if (to > from) {
      out.push([from, to]);
      cursor = to;
    }
  }
  return out;
}

function elapsedMs(segments: readonly ClockSegment[], now: number, cal: BusinessCalendar): number {
  let total = 0;
  for (const [from, to] of normalizeSegments(segments, now)) total += businessMsBetween(from, to ?? now, cal);
  return total;
}

// ---------------------------------------------------------------------------------------------------
// Europe/Paris offsets, read from Intl once per UTC year.

type YearOffsets = { start: number; changes: { at: number; offset: number }[] };

const parisFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});
const yearOffsets = new Map<number, YearOffsets>();

/** The Paris UTC offset (ms) at instant `t`, straight from Intl. */
function intlOffset(t: number): number {
  const p = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of parisFormat.formatToParts(new Date(t))) {
    if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
  }
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

function offsetsOfYear(year: number): YearOffsets {
  const hit = yearOffsets.get(year);
  if (hit) return hit;
  const begin = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const start = intlOffset(begin);
  const changes: { at: number; offset: number }[] = [];
  let prev = start;
  // Sample every 6 h (changes are months apart), then find each change to the second.
  for (let t = begin + 6 * HOUR; t <= end; t += 6 * HOUR) {
    const off = intlOffset(t);
    if (off === prev) continue;
    let lo = t - 6 * HOUR; // offset `prev`
    let hi = t; // offset `off`
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (intlOffset(mid) === prev) lo = mid;
      else hi = mid;
    }
    if (hi < end) changes.push({ at: hi, offset: off });
    prev = off;
  }
  const entry = { start, changes };
  yearOffsets.set(year, entry);
  return entry;
}

function parisOffsetAt(t: number): number {
  const y = offsetsOfYear(new Date(t).getUTCFullYear());
  let off = y.start;
  for (const ch of y.changes) {
    if (ch.at > t) break;
    off = ch.offset;
  }
  return off;
}

/** The Paris day number (days since 1970-01-01) of instant `t`. */
function parisDayOf(t: number): number {
  return Math.floor((t + parisOffsetAt(t)) / DAY);
}

/** The first instant at which Paris clocks show `wall` (a wall-clock time written as UTC ms) or later. */
function parisWallToInstant(wall: number): number {
  const before = parisOffsetAt(wall - DAY);
  const after = parisOffsetAt(wall + DAY);
  if (before === after) return wall - before;
  const a = wall - before;
  const b = wall - after;
  const aOk = parisOffsetAt(a) === before;
  const bOk = parisOffsetAt(b) === after;
  if (aOk && bOk) return Math.min(a, b); // seen twice (fall back): first occurrence
  if (aOk) return a;
  if (bOk) return b;
  // Skipped (spring forward): the change itself, the first instant showing a later time.
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (parisOffsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}
