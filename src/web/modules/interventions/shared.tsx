import { Badge } from '@mantine/core';
import { addDays, parisDate, parisInstant } from '../../../shared/paris-time.ts';
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

export { addDays, parisDate as parisDay, parisInstant };
export { mondayOf } from './api.ts';
