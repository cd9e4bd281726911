import { useQueryClient } from '@tanstack/react-query';
import type { AbsenceStatus } from '../../../../shared/interventions.ts';
import type { Weekday } from '../../../../shared/schemas/client-records.ts';
import type { AbsenceOut, TechnicianDetailOut } from '../../../../shared/schemas/technicians.ts';
import { formatDateTime } from '../../../ui/format.ts';
import { invalidateTechnicians } from '../api.ts';

/** What the technician page's dialogs get. */
export type TechnicianModalProps = { t: TechnicianDetailOut; opened: boolean; onClose: () => void };

type Slot = [string, string];
export type Hours = Partial<Record<Weekday, Slot[]>> & { note?: string };

export const absenceColors: Record<AbsenceStatus, string> = {
  demandee: 'yellow',
  approuvee: 'green',
  refusee: 'red',
  annulee: 'gray',
};

export function useInvalidate() {
  const queryClient = useQueryClient();
  return () => invalidateTechnicians(queryClient);
}

const parisParts = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
});
const parisDay = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'medium' });

/** « 23 janv. 2027 → 25 janv. 2027 (3 j) » for whole days, else the two instants. */
export function when(a: AbsenceOut): string {
  const start = new Date(a.startsAt);
  const end = new Date(a.endsAt);
  if (parisParts.format(start) === '00:00' && parisParts.format(end) === '00:00') {
    const last = new Date(end.getTime() - 12 * 3_600_000);
    const days = Math.round((end.getTime() - start.getTime()) / 86_400_000);
    const first = parisDay.format(start);
    const lastDay = parisDay.format(last);
    return first === lastDay ? `${first} (1 j)` : `${first} → ${lastDay} (${days} j)`;
  }
  return `${formatDateTime(a.startsAt)} → ${formatDateTime(a.endsAt)}`;
}
