import { parisDayStart } from '../../infra/clock.ts';

/** Calendar facts of an instant in Europe/Paris (working hours and opening hours are Paris time). */
const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

export type WeekdayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const weekdayKeys: Record<string, WeekdayKey> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};
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

export function parisParts(d: Date): ParisParts {
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(d)) p[part.type] = part.value;
  const hhmm = `${p.hour}:${p.minute}`;
  return {
    day: `${p.year}-${p.month}-${p.day}`,
    weekday: weekdayKeys[p.weekday!]!,
    minutes: Number(p.hour) * 60 + Number(p.minute),
    hhmm,
    year: Number(p.year),
  };
}

/** [start, end) of the Paris calendar day containing `d`. */
export function parisDayRange(d: Date): { start: Date; end: Date; day: string } {
  const { day } = parisParts(d);
  const start = parisDayStart(day);
  const next = new Date(`${day}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { start, end: parisDayStart(next.toISOString().slice(0, 10)), day };
}

/** The Paris day after `day` (YYYY-MM-DD). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** « 09:30 » → 570. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

const dateFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const shortFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
/** « mardi 12 mars 2026 » */
export const longDateFr = (d: Date) => dateFr.format(d);
/** « 12/03 09:30 » */
export const shortDateTimeFr = (d: Date) => shortFr.format(d).replace(' ', ' ');
/** « 09:00 – 10:30 » */
export function slotFr(start: Date, minutes: number): string {
  return `${parisParts(start).hhmm} – ${parisParts(new Date(start.getTime() + minutes * 60_000)).hhmm}`;
}
