/**
 * Vocabulary of field service, shared by the server and the web app: intervention kinds and
 * statuses with their French labels, the allowed status transitions, absence kinds and statuses.
 */
import { recordNumber } from './record-number.ts';

export const interventionKinds = ['installation', 'sav', 'maintenance', 'audit'] as const;
export type InterventionKind = (typeof interventionKinds)[number];
export const interventionKindLabels: Record<InterventionKind, string> = {
  installation: 'Installation',
  sav: 'SAV',
  maintenance: 'Maintenance',
  audit: 'Audit',
};

/** An intervention's human number: `INT-2026-000310` (its rank in the intervention sequence). */
export const interventionNumber = (year: number | string, rank: number): string =>
  recordNumber('INT', year, rank);
/** Whether a search query is an intervention number (`INT-2026-000310`). */
export const isInterventionNumber = (q: string) => q.startsWith('INT-');

export const interventionStatuses = [
  'a_planifier',
  'planifiee',
  'confirmee',
  'en_route',
  'sur_site',
  'terminee',
  'annulee',
  'echouee',
] as const;
export type InterventionStatus = (typeof interventionStatuses)[number];
export const interventionStatusLabels: Record<InterventionStatus, string> = {
  a_planifier: 'À planifier',
  planifiee: 'Planifiée',
  confirmee: 'Confirmée',
  en_route: 'En route',
  sur_site: 'Sur site',
  terminee: 'Terminée',
  annulee: 'Annulée',
  echouee: 'Échouée',
};
/** Mantine colour of each status (badges, planning board). */
export const interventionStatusColors: Record<InterventionStatus, string> = {
  a_planifier: 'gray',
  planifiee: 'blue',
  confirmee: 'indigo',
  en_route: 'cyan',
  sur_site: 'orange',
  terminee: 'green',
  annulee: 'dark',
  echouee: 'red',
};

/**
 * The allowed transitions. Scheduling (setting a slot and technicians) moves `a_planifier` to
 * `planifiee`; unscheduling moves back. A remote intervention skips `en_route` (check-in goes from
 * `planifiee`/`confirmee` to `sur_site`, which reads "en cours" for remote work).
 */
export const interventionTransitions: Record<InterventionStatus, readonly InterventionStatus[]> = {
  a_planifier: ['planifiee', 'annulee'],
  planifiee: ['a_planifier', 'confirmee', 'en_route', 'sur_site', 'annulee'],
  confirmee: ['a_planifier', 'planifiee', 'en_route', 'sur_site', 'annulee'],
  en_route: ['sur_site', 'echouee', 'annulee'],
  sur_site: ['terminee', 'echouee'],
  terminee: [],
  annulee: [],
  echouee: ['a_planifier'],
};

export function canTransition(from: InterventionStatus, to: InterventionStatus): boolean {
  return interventionTransitions[from].includes(to);
}

/** Statuses in which an intervention occupies its technicians' time (conflict checks). */
export const busyStatuses: readonly InterventionStatus[] = [
  'planifiee',
  'confirmee',
  'en_route',
  'sur_site',
  'terminee',
];

export const absenceKinds = ['conges', 'maladie', 'formation', 'autre'] as const;
export type AbsenceKind = (typeof absenceKinds)[number];
export const absenceKindLabels: Record<AbsenceKind, string> = {
  conges: 'Congés',
  maladie: 'Maladie',
  formation: 'Formation',
  autre: 'Autre absence',
};

export const absenceStatuses = ['demandee', 'approuvee', 'refusee', 'annulee'] as const;
export type AbsenceStatus = (typeof absenceStatuses)[number];
export const absenceStatusLabels: Record<AbsenceStatus, string> = {
  demandee: 'Demandée',
  approuvee: 'Approuvée',
  refusee: 'Refusée',
  annulee: 'Annulée',
};

/** Schedule conflict kinds (409 schedule_conflict, details[].code), with their French label. */
export const conflictKinds = [
  'overlap',
  'absence',
  'outside_hours',
  'travel_time',
  'missing_skill',
  'site_closed',
  'zone',
] as const;
export type ConflictKind = (typeof conflictKinds)[number];
export const conflictKindLabels: Record<ConflictKind, string> = {
  overlap: 'Chevauchement avec une autre intervention',
  absence: 'Technicien absent',
  outside_hours: 'Hors des horaires de travail',
  travel_time: 'Temps de trajet insuffisant',
  missing_skill: 'Compétence manquante',
  site_closed: 'Site fermé à cette heure',
  zone: 'Hors de la zone du technicien',
};

/** Skill levels of a technician. */
export const skillLevelLabels: Record<number, string> = { 1: 'Notions', 2: 'Confirmé', 3: 'Expert' };

/** Statuses the office may set by hand (the others come from scheduling or the phone). */
export const officeStatusActions: Partial<Record<InterventionStatus, string>> = {
  confirmee: 'Confirmer',
  planifiee: 'Repasser en planifiée',
  en_route: 'Marquer en route',
  sur_site: 'Marquer sur site',
  terminee: 'Terminer',
  echouee: 'Déclarer en échec',
  annulee: 'Annuler',
  a_planifier: 'Remettre à planifier',
};

/** French sentence of a refused transition, naming both statuses. */
export function transitionRefusal(from: InterventionStatus, to: InterventionStatus): string {
  return `Impossible de passer une intervention de « ${interventionStatusLabels[from]} » à « ${interventionStatusLabels[to]} ».`;
}

/** Travel estimate: road distance ≈ haversine × 1.3, at 60 km/h, plus a 10-minute margin. */
export const travelRoadFactor = 1.3;
export const travelSpeedKmh = 60;
export const travelMarginMinutes = 10;

/** Real-time event type published on every change of an intervention (planning board refresh). */
export const interventionChangedEvent = 'intervention.changed';
