import type { Role } from '../../../shared/permissions.ts';
import type { AssignmentFactorKey } from '../../../shared/schemas/tickets.ts';
import { parisDate } from '../../../shared/paris-time.ts';
import type { TicketType } from '../../../shared/tickets.ts';
import type { OpeningHours } from '../../db/schema/clients.ts';
import { parisWeekdayTime } from '../technicians/paris.ts';

/**
 * What the assignment ranking (`assignment.rank.ts`) works with: the weights of its seven criteria,
 * its inputs and output, the French wording of dates, and the quarter-hour steps in which a
 * technician's first free instant is looked for.
 */

// ─── Weights (sum = 100) ──────────────────────────────────────────────────────────────────────────

/**
 * The points of each criterion, by kind of work (each set sums to 100):
 *
 * | criterion     | remote | on site |
 * |---------------|-------:|--------:|
 * | skills        |     25 |      20 |
 * | zone          |     15 |      10 |
 * | availability  |     20 |      15 |
 * | load          |     15 |      10 |
 * | SLA deadline  |     10 |      10 |
 * | distance      |     10 |      30 |
 * | rating        |      5 |       5 |
 *
 * On site the trip is the job's first hour(s), so it counts twice: distance weighs 30 and falls
 * linearly to 0 at `farKm` (600 km), one point every 20 km; and availability is the time until he
 * can be on site (first free instant + travel), full points now, none a day away. A technician
 * 280 km away thus leads colleagues 800 km away by some 16 points of distance and 6 of
 * availability, more than a lighter load (1¼ point per open ticket), a better rating or a higher
 * skill level can make up. Remote work has no trip (distance is the same half for everyone,
 * availability the first free instant).
 */
export const factorWeights: Record<'remote' | 'onSite', Record<AssignmentFactorKey, number>> = {
  remote: { skills: 25, zone: 15, availability: 20, load: 15, sla: 10, distance: 10, rating: 5 },
  onSite: { skills: 20, zone: 10, availability: 15, load: 10, sla: 10, distance: 30, rating: 5 },
};
/** The weights for a ticket that needs (`onSite`) or does not need someone on site. */
export const weightsFor = (onSite: boolean) => factorWeights[onSite ? 'onSite' : 'remote'];
export const factorLabels: Record<AssignmentFactorKey, string> = {
  skills: 'Compétences',
  zone: 'Zone et profil',
  availability: 'Disponibilité',
  load: 'Charge',
  sla: 'Échéance SLA',
  distance: 'Distance',
  rating: 'Note',
};
export const factorOrder = Object.keys(factorWeights.remote) as AssignmentFactorKey[];

/** Open tickets at which the load criterion gives 0 points (and the technician is « très chargé »). */
export const overloadTickets = 8;
/** Road distance (km) at which the distance criterion gives 0 points. */
export const farKm = 600;
/** Availability is looked for up to this far ahead, in 15-minute steps. */
export const horizonDays = 7;
export const stepMinutes = 15;

// ─── Inputs, output and availability ──────────────────────────────────────────────────────────────

export type RankTechnician = {
  id: string;
  userId: string;
  name: string;
  role: Role | string;
  /** Profile active, user enabled, role allowed to handle tickets. */
  active: boolean;
  userDisabled: boolean;
  canHandleTickets: boolean;
  skills: { skillId: string; name: string; level: number; validUntil: string | null }[];
  zones: string[];
  homeDepartment: string | null;
  home: { lat: number; lon: number } | null;
  /** Last shared position (sharing on); used only when ≤ 2 h old and he is on duty now. */
  livePosition: { lat: number; lon: number; recordedAt: Date } | null;
  workingHours: OpeningHours | null;
  /** Approved absences overlapping the next days. */
  absences: { kind: string; startsAt: Date; endsAt: Date }[];
  /** Planned interventions occupying him (planifiée, confirmée, en route, sur site…). */
  busy: { start: Date; minutes: number }[];
  openTickets: number;
  /** Overall rating 0–5 from facts (mean of punctuality, efficiency, quality), null without data. */
  rating: number | null;
};

export type RankTicket = {
  type: TicketType | string;
  requiredSkills: { id: string; name: string }[];
  site: { department: string | null; lat: number | null; lon: number | null } | null;
  slaDueAt: Date | null;
};

export type Factor = {
  key: AssignmentFactorKey;
  label: string;
  points: number;
  max: number;
  detail: string;
};

export type Proposal = {
  technicianId: string;
  userId: string;
  name: string;
  role: string;
  rank: number;
  eligible: boolean;
  score: number;
  factors: Factor[];
  reasons: string[];
  exclusions: string[];
  distanceKm: number | null;
  distanceFrom: 'position' | 'domicile' | null;
  openTickets: number;
  freeAt: Date | null;
};

/** Whether the ticket probably needs someone on site: a SAV or an incident at a known site. */
export const needsOnSite = (t: Pick<RankTicket, 'type' | 'site'>) =>
  (t.type === 'sav' || t.type === 'incident') && t.site !== null;

export const dayMonthFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: 'numeric',
  month: 'short',
});
const hourFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
});
const weekdayFr = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'short' });

/** « 14:30 » today, « mar. 14:30 » within the week, « 3 déc. 14:30 » further. */
export function whenFr(at: Date, now: Date): string {
  const days = Math.round((Date.parse(parisDate(at)) - Date.parse(parisDate(now))) / 86_400_000);
  if (days === 0) return hourFr.format(at);
  if (days > 0 && days < 7) return `${weekdayFr.format(at)} ${hourFr.format(at)}`;
  return `${dayMonthFr.format(at)} ${hourFr.format(at)}`;
}

export const absenceWords: Record<string, string> = {
  conges: 'En congé',
  maladie: 'En arrêt maladie',
  formation: 'En formation',
};

export const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
export const decimalFr = (n: number) => n.toFixed(1).replace('.', ',');

export type Step = { at: Date; day: Exclude<keyof OpeningHours, 'note'>; time: string };

/**
 * `now`, then every quarter hour (:00, :15, :30, :45) over the horizon, with their Paris weekday and
 * time (computed once, shared by all technicians).
 */
export function stepsFrom(now: Date): Step[] {
  const stepMs = stepMinutes * 60_000;
  const out: Step[] = [{ at: now, ...parisWeekdayTime(now) }];
  const first = Math.floor(now.getTime() / stepMs) * stepMs + stepMs;
  const end = now.getTime() + horizonDays * 86_400_000;
  for (let t = first; t <= end; t += stepMs) {
    const at = new Date(t);
    out.push({ at, ...parisWeekdayTime(at) });
  }
  return out;
}

export const inHours = (h: OpeningHours | null, s: Step) => {
  if (!h) return true; // no hours given: no constraint (as the conflict checks)
  const slots = h[s.day];
  return Array.isArray(slots) && slots.some((x) => Array.isArray(x) && x[0] <= s.time && s.time < x[1]);
};

/** The first step at which he is working, not absent and not on an intervention; null within the horizon. */
export function firstFree(t: RankTechnician, steps: Step[]): Date | null {
  for (const s of steps) {
    const ms = s.at.getTime();
    if (!inHours(t.workingHours, s)) continue;
    if (t.absences.some((a) => a.startsAt.getTime() <= ms && ms < a.endsAt.getTime())) continue;
    if (t.busy.some((b) => b.start.getTime() <= ms && ms < b.start.getTime() + b.minutes * 60_000)) continue;
    return s.at;
  }
  return null;
}
