import { Badge } from '@mantine/core';
import {
  type InterventionStatus,
  interventionKindLabels,
  type InterventionKind,
  interventionStatusColors,
  interventionStatusLabels,
  interventionKinds,
  interventionStatuses,
} from '../../../shared/interventions.ts';

export const statusOptions = interventionStatuses.map((s) => ({
  value: s,
  label: interventionStatusLabels[s],
}));
export const kindOptions = interventionKinds.map((k) => ({ value: k, label: interventionKindLabels[k] }));

export function InterventionStatusBadge({ status }: { status: InterventionStatus }) {
  return (
    <Badge
      color={interventionStatusColors[status]}
      variant="light"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {interventionStatusLabels[status]}
    </Badge>
  );
}

export const kindLabel = (k: string) => interventionKindLabels[k as InterventionKind] ?? k;

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'short',
  day: '2-digit',
  month: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const hm = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

/** « lun. 09/03 09:00 – 10:30 » in Paris time, or « À planifier ». */
export function slotLabel(start: string | null, minutes: number): string {
  if (!start) return 'Non planifiée';
  const s = new Date(start);
  return `${dateTime.format(s)} – ${hm.format(new Date(s.getTime() + minutes * 60_000))}`;
}
export const timeLabel = (d: Date) => hm.format(d);
export const dateTimeLabel = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : '—');

export function durationLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h${m ? ` ${String(m).padStart(2, '0')}` : ''}` : `${m} min`;
}

/** The Paris calendar day (YYYY-MM-DD) of an instant. */
export function parisDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(d);
}

/** The UTC instant of a Paris local date and time (« 2026-03-09 », 540 minutes). */
export function parisInstant(day: string, minutes: number): Date {
  const guess = new Date(`${day}T00:00:00Z`);
  const offset = (d: Date) => {
    const p = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(d);
    const g = (t: string) => Number(p.find((x) => x.type === t)!.value);
    return Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute')) - d.getTime();
  };
  const t = guess.getTime() + minutes * 60_000;
  const first = t - offset(new Date(t));
  return new Date(t - offset(new Date(first)));
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Monday of the week of `day`. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}
