import type { CalendarOut } from '../../../shared/schemas/sla.ts';
import type { CalendarRow } from './calendars.repo.ts';

/** A calendar with how many policies and contracts use it (0 when not counted). */
export function presentCalendar(c: CalendarRow & { usedBy?: number }): CalendarOut {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind as CalendarOut['kind'],
    hours: (c.hours as Record<string, unknown> | null) ?? null,
    holidayRegion: c.holidayRegion,
    closedDates: [...c.closedDates].sort(),
    usedBy: c.usedBy ?? 0,
    createdAt: c.createdAt.toISOString(),
  };
}
