/**
 * Paris wall-clock time, on server and web: working hours, opening hours, planning days and French
 * dates are all Europe/Paris. One module on `@date-fns/tz` (tzdata through Intl) instead of a
 * formatter rebuilt in every module. Days are `YYYY-MM-DD` strings; instants are `Date`s.
 */
import { TZDate } from '@date-fns/tz';

export const parisZone = 'Europe/Paris';

export type WeekdayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** By `Date.getDay()` (Sunday first). */
const weekdayKeys: WeekdayKey[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
export const weekdayLabels: Record<WeekdayKey, string> = {
  mon: 'lundi',
  tue: 'mardi',
  wed: 'mercredi',
  thu: 'jeudi',
  fri: 'vendredi',
  sat: 'samedi',
  sun: 'dimanche',
};

export type ParisParts = { day: string; weekday: WeekdayKey; minutes: number; hhmm: string; year: number };

const pad = (n: number) => String(n).padStart(2, '0');

/** Calendar facts of an instant in Paris: day, weekday, minutes since midnight, « HH:MM », year. */
export function parisParts(at: Date): ParisParts {
  const p = new TZDate(at.getTime(), parisZone);
  const [h, m] = [p.getHours(), p.getMinutes()];
  return {
    day: `${p.getFullYear()}-${pad(p.getMonth() + 1)}-${pad(p.getDate())}`,
    weekday: weekdayKeys[p.getDay()]!,
    minutes: h * 60 + m,
    hhmm: `${pad(h)}:${pad(m)}`,
    year: p.getFullYear(),
  };
}

/** The Paris calendar day (YYYY-MM-DD) of an instant. */
export const parisDate = (at: Date): string => parisParts(at).day;

/** The UTC instant of a Paris local date and time (« 2026-03-09 », 540 minutes). */
export function parisInstant(day: string, minutes: number): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(new TZDate(y!, m! - 1, d!, Math.floor(minutes / 60), minutes % 60, parisZone).getTime());
}

/** The UTC instant of a Paris wall-clock time written « YYYY-MM-DD HH:mm[:ss] » (or with a « T »). */
export function parisWallInstant(wall: string): Date {
  const [day = '', time = ''] = wall.split(/[ T]/);
  return parisInstant(day, minutesOf(time.slice(0, 5)));
}

/** The UTC instant at which a calendar day (YYYY-MM-DD) starts in Paris. */
export const parisDayStart = (day: string): Date => parisInstant(day, 0);

/** Adds days to a calendar day (YYYY-MM-DD); no time zone involved. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The day after `day` (YYYY-MM-DD). */
export const nextDay = (day: string): string => addDays(day, 1);

/** [start, end) of the Paris calendar day containing `at`. */
export function parisDayRange(at: Date): { start: Date; end: Date; day: string } {
  const { day } = parisParts(at);
  return { start: parisDayStart(day), end: parisDayStart(nextDay(day)), day };
}

/** « 09:30 » → 570. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

const dateFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: parisZone,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const shortFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: parisZone,
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
/** « mardi 12 mars 2026 » */
export const longDateFr = (d: Date) => dateFr.format(d);
/** « 12/03 09:30 » */
export const shortDateTimeFr = (d: Date) => shortFr.format(d);
/** « 09:00 – 10:30 » */
export function slotFr(start: Date, minutes: number): string {
  return `${parisParts(start).hhmm} – ${parisParts(new Date(start.getTime() + minutes * 60_000)).hhmm}`;
}

const dayMonthFr = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'long' });
const dayMonthYearFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const noonOf = (day: string) => new Date(`${day}T12:00:00Z`);

/**
 * The period of an absence as people say it. Whole days (midnight to midnight, Paris) are inclusive
 * days: « du 21 au 23 décembre inclus », « du 30 novembre au 2 décembre inclus », « le 21 décembre »
 * (the year when it is not the same at both ends). Otherwise the instants: « le 8 décembre de 08:00
 * à 18:00 », « du 8 décembre à 08:00 au 9 décembre à 12:00 ».
 */
export function absencePeriodFr(startsAt: Date, endsAt: Date): string {
  const s = parisParts(startsAt);
  const e = parisParts(endsAt);
  if (s.minutes === 0 && e.minutes === 0 && e.day > s.day) {
    const last = addDays(e.day, -1);
    if (last === s.day) return `le ${dayMonthFr.format(noonOf(s.day))}`;
    const sameYear = s.day.slice(0, 4) === last.slice(0, 4);
    const first =
      s.day.slice(0, 7) === last.slice(0, 7)
        ? String(Number(s.day.slice(8)))
        : (sameYear ? dayMonthFr : dayMonthYearFr).format(noonOf(s.day));
    return `du ${first} au ${(sameYear ? dayMonthFr : dayMonthYearFr).format(noonOf(last))} inclus`;
  }
  if (s.day === e.day) return `le ${dayMonthFr.format(noonOf(s.day))} de ${s.hhmm} à ${e.hhmm}`;
  return `du ${dayMonthFr.format(noonOf(s.day))} à ${s.hhmm} au ${dayMonthFr.format(noonOf(e.day))} à ${e.hhmm}`;
}
