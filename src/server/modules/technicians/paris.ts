import type { OpeningHours } from '../../db/schema/clients.ts';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The calendar day (YYYY-MM-DD) of an instant in Europe/Paris. */
export function parisDate(at: Date): string {
  return dayFormat.format(at);
}

/** Adds days to a calendar day (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

type Day = Exclude<keyof OpeningHours, 'note'>;
const weekdayKeys: Record<string, Day> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

/** Weekday key and HH:MM of an instant, Paris time. */
export function parisWeekdayTime(at: Date): { day: Day; time: string } {
  const parts = Object.fromEntries(partsFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: weekdayKeys[parts.weekday!]!, time: `${parts.hour}:${parts.minute}` };
}

/** Whether `at` falls inside the weekly working hours (Paris local time); false without hours. */
export function withinWorkingHours(hours: OpeningHours | null, at: Date): boolean {
  if (!hours) return false;
  const { day, time } = parisWeekdayTime(at);
  const slots = hours[day];
  if (!Array.isArray(slots)) return false;
  return slots.some((s) => Array.isArray(s) && s[0] <= time && time < s[1]);
}
