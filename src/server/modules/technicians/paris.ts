import type { OpeningHours } from '../../db/schema/clients.ts';
import { parisParts } from '../../../shared/paris-time.ts';

type Day = Exclude<keyof OpeningHours, 'note'>;

/** Weekday key and HH:MM of an instant, Paris time. */
export function parisWeekdayTime(at: Date): { day: Day; time: string } {
  const { weekday, hhmm } = parisParts(at);
  return { day: weekday, time: hhmm };
}

/** Whether `at` falls inside the weekly working hours (Paris local time); false without hours. */
export function withinWorkingHours(hours: OpeningHours | null, at: Date): boolean {
  if (!hours) return false;
  const { day, time } = parisWeekdayTime(at);
  const slots = hours[day];
  if (!Array.isArray(slots)) return false;
  return slots.some((s) => Array.isArray(s) && s[0] <= time && time < s[1]);
}
