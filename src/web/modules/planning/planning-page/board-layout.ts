import type { planningSearch } from '../../../app/search-params.ts';
import { type InterventionStatus, interventionStatusColors } from '../../../../shared/interventions.ts';
import type { BoardIntervention, ConflictOut } from '../../../../shared/schemas/interventions.ts';
import { parisDay } from '../../interventions/shared.tsx';

/** Hours shown on the board (Paris time): 07:00 → 20:00, snapping to 30 minutes. */
export const dayStartMin = 7 * 60;
export const dayEndMin = 20 * 60;
export const span = dayEndMin - dayStartMin;
export const snap = 30;

/** A change of the board's search parameters (day, view, filters). */
export type PlanningSearchPatch = Partial<ReturnType<typeof planningSearch.parse>>;

export type View = 'day' | 'week';
export type Slot = { technicianId: string; start: string };
export type Dragged = { card: BoardIntervention; fromTechnicianId: string | null };
export type Pending = {
  card: BoardIntervention;
  technicianIds: string[];
  leadTechnicianId: string;
  start: string;
  conflicts: ConflictOut[];
};

export const dayHeader = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  weekday: 'short',
  day: '2-digit',
  month: '2-digit',
});
export const longDay = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
export const dayLabel = (day: string) => dayHeader.format(new Date(`${day}T12:00:00Z`));

export function minutesInParis(iso: string) {
  const d = new Date(iso);
  const p = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(d)
    .split(':');
  return Number(p[0]) * 60 + Number(p[1]);
}

/** Horizontal position (percent of the row) of a Paris instant on the board, or null when outside. */
export function position(days: string[], iso: string, minutes: number) {
  const d = days.indexOf(parisDay(new Date(iso)));
  if (d < 0) return null;
  const start = Math.max(dayStartMin, minutesInParis(iso));
  const end = Math.min(dayEndMin, minutesInParis(iso) + minutes);
  if (end <= start) return null;
  const w = 100 / days.length;
  const left = d * w + ((start - dayStartMin) / span) * w;
  const width = Math.min(Math.max(((end - start) / span) * w, 0.6), (d + 1) * w - left);
  return { left, width };
}

export function colorVars(status: string) {
  const c = interventionStatusColors[status as InterventionStatus] ?? 'gray';
  return {
    background: `var(--mantine-color-${c}-light)`,
    borderColor: `var(--mantine-color-${c}-filled)`,
    borderLeft: `3px solid var(--mantine-color-${c}-filled)`,
  };
}
