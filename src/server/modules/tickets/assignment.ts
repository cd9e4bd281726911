import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { type Role, technicianKindOf } from '../../../shared/permissions.ts';
import type {
  AssignmentCandidateOut,
  AssignmentFactorKey,
  AssignmentProposalOut,
  AssignmentSettingOut,
} from '../../../shared/schemas/tickets.ts';
import { skillsForPlatform } from '../../../shared/skills.ts';
import { openTicketStatuses, type TicketType, ticketTypes } from '../../../shared/tickets.ts';
import type { OpeningHours } from '../../db/schema/clients.ts';
import {
  sites,
  skills as skillsTable,
  technicianPositions,
  technicians as techniciansTable,
  telephonyPlatforms,
  ticketAssignmentSettings,
  ticketMessages,
  tickets,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { busyOf } from '../interventions/interventions.repo.ts';
import { computeRatingsOf } from '../interventions/ratings.service.ts';
import { estimateTravel } from '../interventions/travel.ts';
import { latestPositionMaxAgeMs } from '../technicians/positions.ts';
import { parisWeekdayTime } from '../technicians/paris.ts';
import { parisDate } from '../../../shared/paris-time.ts';
import { loadApprovedAbsences, loadPlanningTechnicians } from '../technicians/technicians.read.ts';
import { ticketSlaSummaries } from './sla.service.ts';
import { findTicket, type TicketRow } from './tickets.repo.ts';
import {
  announce,
  bumpOrThrow,
  getOrThrow,
  notifyAssigned,
  ownerOf,
  snapshot,
  type TicketEffects,
} from './tickets.service.ts';
import { mayBeAssignedTickets } from '../../policy/policy.ts';

/**
 * Assignment that explains itself. `rankCandidates` is a pure function: it scores every technician
 * 0–100 on seven criteria (skills for the ticket's platform, zone and profile, availability, load,
 * SLA deadline, distance, rating), each with its points and a French sentence, excludes those who
 * cannot take the ticket (absent now, missing the required skill, disabled account) and names the
 * deciding factors. `proposeAssignees` loads what it needs in a fixed number of queries;
 * `autoAssignIfEnabled` assigns the best one when an admin turned it on for the ticket's type.
 */

// ─── Weights (sum = 100) ──────────────────────────────────────────────────────────────────────────

export const factorMax: Record<AssignmentFactorKey, number> = {
  skills: 25,
  zone: 15,
  availability: 20,
  load: 15,
  sla: 10,
  distance: 10,
  rating: 5,
};
export const factorLabels: Record<AssignmentFactorKey, string> = {
  skills: 'Compétences',
  zone: 'Zone et profil',
  availability: 'Disponibilité',
  load: 'Charge',
  sla: 'Échéance SLA',
  distance: 'Distance',
  rating: 'Note',
};
const factorOrder = Object.keys(factorMax) as AssignmentFactorKey[];

/** Open tickets at which the load criterion gives 0 points (and the technician is « très chargé »). */
export const overloadTickets = 8;
/** Road distance (km) at which the distance criterion gives 0 points. */
export const farKm = 300;
/** Availability is looked for up to this far ahead, in 15-minute steps. */
const horizonDays = 7;
const stepMinutes = 15;

// ─── The pure ranking ─────────────────────────────────────────────────────────────────────────────

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

const dayMonthFr = new Intl.DateTimeFormat('fr-FR', {
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

const absenceWords: Record<string, string> = {
  conges: 'En congé',
  maladie: 'En arrêt maladie',
  formation: 'En formation',
};

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
const decimalFr = (n: number) => n.toFixed(1).replace('.', ',');

type Step = { at: Date; day: Exclude<keyof OpeningHours, 'note'>; time: string };

/**
 * `now`, then every quarter hour (:00, :15, :30, :45) over the horizon, with their Paris weekday and
 * time (computed once, shared by all technicians).
 */
function stepsFrom(now: Date): Step[] {
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

const inHours = (h: OpeningHours | null, s: Step) => {
  if (!h) return true; // no hours given: no constraint (as the conflict checks)
  const slots = h[s.day];
  return Array.isArray(slots) && slots.some((x) => Array.isArray(x) && x[0] <= s.time && s.time < x[1]);
};

/** The first step at which he is working, not absent and not on an intervention; null within the horizon. */
function firstFree(t: RankTechnician, steps: Step[]): Date | null {
  for (const s of steps) {
    const ms = s.at.getTime();
    if (!inHours(t.workingHours, s)) continue;
    if (t.absences.some((a) => a.startsAt.getTime() <= ms && ms < a.endsAt.getTime())) continue;
    if (t.busy.some((b) => b.start.getTime() <= ms && ms < b.start.getTime() + b.minutes * 60_000)) continue;
    return s.at;
  }
  return null;
}

/**
 * Ranks the technicians for a ticket. Eligible ones first by score (ties: nearer, then name), then
 * the excluded ones with their reason. `reasons` are the details of the factors where a candidate
 * stands out from the others (at least 10 % of the criterion above, or 25 % below, the average),
 * best first — the deciding factors.
 */
export function rankCandidates(input: {
  ticket: RankTicket;
  technicians: readonly RankTechnician[];
  now: Date;
}): Proposal[] {
  const { ticket, now } = input;
  const onSite = needsOnSite(ticket);
  const steps = stepsFrom(now);
  const today = parisDate(now);
  const site = ticket.site;
  const siteAt = site && site.lat != null && site.lon != null ? { lat: site.lat, lon: site.lon } : null;
  const due = ticket.slaDueAt;

  const scored = input.technicians.map((t) => {
    const factors: Factor[] = [];
    const exclusions: string[] = [];
    const add = (key: AssignmentFactorKey, share: number, detail: string) =>
      factors.push({
        key,
        label: factorLabels[key],
        points: Math.round(factorMax[key] * Math.max(0, Math.min(1, share)) * 10) / 10,
        max: factorMax[key],
        detail,
      });

    if (t.userDisabled) exclusions.push('Compte utilisateur désactivé');
    else if (!t.active) exclusions.push('Profil technicien inactif');
    else if (!t.canHandleTickets) exclusions.push('Son rôle ne permet pas de traiter les tickets');

    // Skills: the best level among the platform's skills he holds (a certification must be valid).
    if (ticket.requiredSkills.length === 0) {
      add('skills', 0.5, 'Aucune compétence particulière requise (pas de plateforme)');
    } else {
      const held = t.skills
        .filter((s) => ticket.requiredSkills.some((r) => r.id === s.skillId))
        .filter((s) => !s.validUntil || s.validUntil >= today)
        .sort((a, b) => b.level - a.level)[0];
      if (held) add('skills', held.level / 3, `Maîtrise ${held.name} (niveau ${held.level})`);
      else {
        const expired = t.skills.find((s) => ticket.requiredSkills.some((r) => r.id === s.skillId));
        const names = ticket.requiredSkills.map((r) => r.name).join(' ou ');
        const why = expired ? `Certification ${expired.name} expirée` : `Ne maîtrise pas ${names}`;
        add('skills', 0, why);
        exclusions.push(why);
      }
    }

    // Zone and profile: on site, a field technician covering the site's département; otherwise
    // internal technicians (remote work) first, field technicians kept for the field.
    const internal = technicianKindOf(t.role) === 'interne';
    if (onSite) {
      const dep = site!.department;
      if (internal) add('zone', 0, 'Technicien interne : n’intervient pas sur site');
      else if (!dep) add('zone', 0.5, 'Département du site inconnu');
      else if (t.zones.includes(dep) || t.homeDepartment === dep) add('zone', 1, `Couvre le ${dep}`);
      else {
        const zones = [...new Set([t.homeDepartment, ...t.zones].filter(Boolean))].join(', ');
        add('zone', 0, `Hors de ses zones (${zones || 'aucune'}) : le site est dans le ${dep}`);
      }
    } else if (internal) {
      add('zone', 1, 'Technicien interne : traite à distance');
    } else {
      add('zone', 2 / 3, 'Technicien terrain : pas de déplacement prévu');
    }

    // Availability: absent now excludes; otherwise the first free instant (working, not absent, not on
    // an intervention), within the day for full points.
    const absentNow = t.absences.find(
      (a) => a.startsAt.getTime() <= now.getTime() && now.getTime() < a.endsAt.getTime(),
    );
    const freeAt = absentNow ? null : firstFree(t, steps);
    const todayBusy = t.busy.filter(
      (b) => parisDate(b.start) === today && b.start.getTime() + b.minutes * 60_000 > now.getTime(),
    ).length;
    const busyText = todayBusy
      ? ` (${plural(todayBusy, 'intervention prévue', 'interventions prévues')} aujourd’hui)`
      : '';
    if (absentNow) {
      const back = new Date(absentNow.endsAt.getTime() - 1);
      const why = `${absenceWords[absentNow.kind] ?? 'Absent'} jusqu’au ${dayMonthFr.format(back)}`;
      add('availability', 0, why);
      exclusions.push(why);
    } else if (!freeAt) {
      add('availability', 0, `Aucun créneau libre dans les ${horizonDays} jours`);
    } else {
      const wait = (freeAt.getTime() - now.getTime()) / 60_000;
      add(
        'availability',
        1 - wait / (24 * 60),
        wait < stepMinutes ? `Disponible maintenant${busyText}` : `Libre ${whenFr(freeAt, now)}${busyText}`,
      );
    }

    // Load: his open tickets.
    const n = t.openTickets;
    add(
      'load',
      1 - n / overloadTickets,
      n === 0
        ? 'Aucun ticket ouvert'
        : n >= overloadTickets
          ? `Très chargé : ${n} tickets ouverts`
          : plural(n, 'ticket ouvert', 'tickets ouverts'),
    );

    // Distance: from his live position when recent and on duty, else from home.
    let distanceKm: number | null = null;
    let distanceFrom: Proposal['distanceFrom'] = null;
    const live =
      t.livePosition &&
      now.getTime() - t.livePosition.recordedAt.getTime() <= latestPositionMaxAgeMs &&
      !absentNow &&
      inHours(t.workingHours, steps[0]!)
        ? t.livePosition
        : null;
    const origin = live ?? t.home;
    let travelMinutes: number | null = null;
    if (siteAt && origin) {
      const trip = estimateTravel({ lat: origin.lat, lon: origin.lon }, siteAt);
      distanceKm = trip.km;
      travelMinutes = trip.minutes;
      distanceFrom = live ? 'position' : 'domicile';
    }
    if (!onSite) add('distance', 0.5, 'Pas de déplacement prévu');
    else if (!siteAt) add('distance', 0.5, 'Distance inconnue : site non localisé');
    else if (distanceKm === null) add('distance', 0.3, 'Distance inconnue : domicile non localisé');
    else {
      const ago = live ? Math.round((now.getTime() - live.recordedAt.getTime()) / 60_000) : 0;
      add(
        'distance',
        1 - distanceKm / farKm,
        live
          ? `À ${distanceKm} km (position en direct il y a ${ago} min)`
          : `À ${distanceKm} km de son domicile`,
      );
    }

    // SLA: free (and, on site, there) before the running deadline.
    if (!due) add('sla', 0.5, 'Pas d’échéance SLA en cours');
    else if (due.getTime() <= now.getTime()) {
      add(
        'sla',
        freeAt && freeAt.getTime() - now.getTime() < stepMinutes * 60_000 ? 1 : 0,
        `Échéance SLA dépassée (${whenFr(due, now)}) : ${freeAt && freeAt.getTime() - now.getTime() < stepMinutes * 60_000 ? 'disponible maintenant' : 'pas disponible maintenant'}`,
      );
    } else if (!freeAt || freeAt.getTime() >= due.getTime()) {
      add('sla', 0, `Pas libre avant l’échéance SLA (${whenFr(due, now)})`);
    } else if (
      onSite &&
      travelMinutes !== null &&
      freeAt.getTime() + travelMinutes * 60_000 > due.getTime()
    ) {
      const there = new Date(freeAt.getTime() + travelMinutes * 60_000);
      add(
        'sla',
        0.5,
        `Libre avant l’échéance SLA (${whenFr(due, now)}) mais sur place vers ${whenFr(there, now)}`,
      );
    } else {
      add('sla', 1, `Libre avant l’échéance SLA (${whenFr(due, now)})`);
    }

    // Rating from facts.
    if (t.rating === null) add('rating', 0.6, 'Pas encore noté (aucune intervention terminée sur 90 jours)');
    else add('rating', t.rating / 5, `Note ${decimalFr(t.rating)}/5`);

    const score = Math.max(0, Math.min(100, Math.round(factors.reduce((s, f) => s + f.points, 0))));
    return {
      technicianId: t.id,
      userId: t.userId,
      name: t.name,
      role: t.role,
      rank: 0,
      eligible: exclusions.length === 0,
      score,
      factors,
      reasons: [] as string[],
      exclusions,
      distanceKm,
      distanceFrom,
      openTickets: t.openTickets,
      freeAt,
    } satisfies Proposal;
  });

  // Deciding factors: where a candidate stands out from the average of the eligible candidates (of
  // all of them when fewer than two are eligible).
  const eligibleOnes = scored.filter((c) => c.eligible);
  const pool = eligibleOnes.length >= 2 ? eligibleOnes : scored;
  const mean = new Map(
    factorOrder.map((k) => [
      k,
      pool.reduce((s, c) => s + (c.factors.find((f) => f.key === k)?.points ?? 0), 0) / (pool.length || 1),
    ]),
  );
  for (const c of scored) {
    if (!c.eligible) {
      c.reasons = [...c.exclusions];
      continue;
    }
    const diffs = c.factors.map((f) => ({ f, d: (f.points - mean.get(f.key)!) / f.max }));
    const good = diffs
      .filter((x) => x.d >= 0.1)
      .sort((a, b) => b.d - a.d)
      .slice(0, 4);
    const bad = diffs
      .filter((x) => x.d <= -0.25)
      .sort((a, b) => a.d - b.d)
      .slice(0, 2);
    // The required skill he holds always explains why he is proposed at all (others are excluded).
    const skill = ticket.requiredSkills.length ? c.factors.find((f) => f.key === 'skills') : undefined;
    c.reasons = [
      ...(skill ? [skill] : []),
      ...[...good, ...bad].map((x) => x.f).filter((f) => f !== skill),
    ].map((f) => f.detail);
    if (c.reasons.length < 2) {
      // Few differences with the others: add his strongest criteria.
      const strong = [...c.factors]
        .filter((f) => f.points / f.max >= 0.75 && !c.reasons.includes(f.detail))
        .sort((a, b) => b.points / b.max - a.points / a.max)
        .map((f) => f.detail);
      c.reasons = [...c.reasons, ...strong].slice(0, Math.max(2, c.reasons.length));
    }
  }

  const byName = (a: Proposal, b: Proposal) => a.name.localeCompare(b.name, 'fr');
  const sorted = [...scored].sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      b.score - a.score ||
      (a.distanceKm ?? Number.POSITIVE_INFINITY) - (b.distanceKm ?? Number.POSITIVE_INFINITY) ||
      byName(a, b),
  );
  sorted.forEach((c, i) => {
    c.rank = i + 1;
  });
  return sorted;
}

// ─── Loading (a fixed number of queries, whatever the number of technicians) ──────────────────────

async function requiredSkillsOf(db: Db, platformId: string | null) {
  if (!platformId) return [];
  const [[platform], catalogue] = await Promise.all([
    db
      .select({ kind: telephonyPlatforms.kind, provider: telephonyPlatforms.provider })
      .from(telephonyPlatforms)
      .where(eq(telephonyPlatforms.id, platformId)),
    db.select({ id: skillsTable.id, name: skillsTable.name }).from(skillsTable),
  ]);
  return platform ? skillsForPlatform(platform, catalogue) : [];
}

async function siteOf(db: Db, siteId: string | null) {
  if (!siteId) return null;
  const [row] = await db
    .select({ department: sites.department, lat: sites.latitude, lon: sites.longitude })
    .from(sites)
    .where(eq(sites.id, siteId));
  return row ?? null;
}

/** The nearest running SLA deadline of the ticket (first response or resolution). */
async function slaDueOf(db: Db, ticketId: string): Promise<Date | null> {
  const sla = (await ticketSlaSummaries(db, [ticketId])).get(ticketId);
  const dues = [sla?.firstResponse, sla?.resolution]
    .filter((c) => c && c.state !== 'met' && c.dueAt)
    .map((c) => new Date(c!.dueAt!));
  return dues.length ? new Date(Math.min(...dues.map((d) => d.getTime()))) : null;
}

/** Open tickets per assignee among these users (one query). */
async function openTicketCounts(db: Db, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ userId: tickets.assigneeId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(tickets)
    .where(and(inArray(tickets.assigneeId, userIds), inArray(tickets.status, [...openTicketStatuses])))
    .groupBy(tickets.assigneeId);
  return new Map(rows.map((r) => [r.userId!, r.n]));
}

/** The last position (≤ 2 h) of those of these technicians who share it (one query). */
async function livePositions(db: Db, technicianIds: string[], now: Date) {
  if (technicianIds.length === 0) return new Map<string, { lat: number; lon: number; recordedAt: Date }>();
  const rows = await db
    .selectDistinctOn([technicianPositions.technicianId], {
      technicianId: technicianPositions.technicianId,
      lat: technicianPositions.latitude,
      lon: technicianPositions.longitude,
      recordedAt: technicianPositions.recordedAt,
    })
    .from(technicianPositions)
    .innerJoin(techniciansTable, eq(techniciansTable.id, technicianPositions.technicianId))
    .where(
      and(
        inArray(technicianPositions.technicianId, technicianIds),
        eq(techniciansTable.positionSharing, true),
        gte(technicianPositions.recordedAt, new Date(now.getTime() - latestPositionMaxAgeMs)),
      ),
    )
    .orderBy(technicianPositions.technicianId, sql`${technicianPositions.recordedAt} DESC`);
  return new Map(rows.map((r) => [r.technicianId, r]));
}

/** Everything the ranking needs about a ticket, then the ranking. */
export async function rankForTicket(
  db: Db,
  t: Pick<TicketRow, 'id' | 'type' | 'siteId' | 'platformId'>,
): Promise<{ proposals: Proposal[]; ticket: RankTicket }> {
  const now = clock.now();
  const horizon = new Date(now.getTime() + horizonDays * 86_400_000);
  const [requiredSkills, site, slaDueAt, techs, matrix] = await Promise.all([
    requiredSkillsOf(db, t.platformId),
    siteOf(db, t.siteId),
    slaDueOf(db, t.id),
    loadPlanningTechnicians(db, null),
    getMatrix(db),
  ]);
  const ids = techs.map((x) => x.id);
  const userIds = techs.map((x) => x.userId);
  const [disabled, absences, busy, load, positions, ratings] = await Promise.all([
    userIds.length
      ? db
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.id, userIds), sql`${users.disabledAt} IS NOT NULL`))
      : Promise.resolve([]),
    loadApprovedAbsences(db, ids, now, horizon),
    busyOf(db, ids, now, horizon),
    openTicketCounts(db, userIds),
    livePositions(db, ids, now),
    computeRatingsOf(db, ids),
  ]);
  const disabledSet = new Set(disabled.map((d) => d.id));
  const ticket: RankTicket = { type: t.type, requiredSkills, site, slaDueAt };
  const technicians: RankTechnician[] = techs.map((x) => {
    const r = ratings.get(x.id);
    const scores = [r?.punctuality.score, r?.efficiency.score, r?.quality.score].filter(
      (s): s is number => typeof s === 'number',
    );
    return {
      id: x.id,
      userId: x.userId,
      name: x.name,
      role: x.role,
      active: x.active,
      userDisabled: disabledSet.has(x.userId),
      canHandleTickets: mayBeAssignedTickets(matrix, x.role as Role),
      skills: x.skills,
      zones: x.zones,
      homeDepartment: x.homeDepartment,
      home:
        x.homeLatitude != null && x.homeLongitude != null
          ? { lat: x.homeLatitude, lon: x.homeLongitude }
          : null,
      livePosition: positions.get(x.id) ?? null,
      workingHours: x.workingHours,
      absences: absences.filter((a) => a.technicianId === x.id),
      busy: busy
        .filter((b) => b.technicianId === x.id && b.start)
        .map((b) => ({ start: b.start!, minutes: b.minutes })),
      openTickets: load.get(x.userId) ?? 0,
      rating: scores.length
        ? Math.round((scores.reduce((s, v) => s + v, 0) / scores.length) * 10) / 10
        : null,
    };
  });
  return { proposals: rankCandidates({ ticket, technicians, now }), ticket };
}

export function presentProposal(p: Proposal): AssignmentCandidateOut {
  return {
    technicianId: p.technicianId,
    userId: p.userId,
    name: p.name,
    role: p.role,
    rank: p.rank,
    eligible: p.eligible,
    score: p.score,
    factors: p.factors,
    reasons: p.reasons,
    distanceKm: p.distanceKm,
    distanceFrom: p.distanceFrom,
    openTickets: p.openTickets,
    freeAt: p.freeAt?.toISOString() ?? null,
  };
}

/** GET /tickets/:id/assignment-proposal: staff who may update the ticket; partners 403, out of scope 404. */
export async function proposeAssignees(
  db: Db,
  ctx: RequestContext,
  ticketId: string,
): Promise<AssignmentProposalOut> {
  ctx.policy.staffOnlyOrThrow('Un partenaire ne peut pas attribuer de ticket.');
  const row = await getOrThrow(db, ctx, ticketId);
  ctx.policy.authorizeOrThrow('tickets', 'update', ownerOf(row));
  const { proposals, ticket } = await rankForTicket(db, row);
  return {
    ticketId: row.id,
    ticketVersion: row.version,
    requiredSkills: ticket.requiredSkills.map((s) => ({ id: s.id, name: s.name })),
    onSite: needsOnSite(ticket),
    slaDueAt: ticket.slaDueAt?.toISOString() ?? null,
    generatedAt: clock.now().toISOString(),
    candidates: proposals.map(presentProposal),
  };
}

// ─── Automatic assignment per ticket type ─────────────────────────────────────────────────────────

export async function listAssignmentSettings(db: Db): Promise<{ items: AssignmentSettingOut[] }> {
  const rows = await db.select().from(ticketAssignmentSettings);
  const byType = new Map(rows.map((r) => [r.ticketType, r]));
  return {
    items: ticketTypes.map((type) => ({
      ticketType: type,
      autoAssign: byType.get(type)?.autoAssign ?? false,
      updatedAt: byType.get(type)?.updatedAt.toISOString() ?? null,
    })),
  };
}

export async function setAssignmentSetting(
  db: Db,
  ctx: RequestContext,
  type: TicketType,
  autoAssign: boolean,
): Promise<AssignmentSettingOut> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(ticketAssignmentSettings)
      .where(eq(ticketAssignmentSettings.ticketType, type));
    const now = clock.now();
    const [row] = await tx
      .insert(ticketAssignmentSettings)
      .values({ ticketType: type, autoAssign, updatedAt: now })
      .onConflictDoUpdate({
        target: ticketAssignmentSettings.ticketType,
        set: { autoAssign, updatedAt: now },
      })
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'ticket_assignment_setting',
      entityId: type,
      before: { ticketType: type, autoAssign: before?.autoAssign ?? false },
      after: { ticketType: type, autoAssign },
    });
    return { ticketType: type, autoAssign: row!.autoAssign, updatedAt: row!.updatedAt.toISOString() };
  });
}

/**
 * Called by ticket creation inside its transaction: when automatic assignment is on for the ticket's
 * type and nobody is assigned, gives it to the best eligible technician — audit entry, internal note
 * stating the reasons (staff only), event and the same notification as a manual assignment. Returns
 * the updated row, or null when nothing was done.
 */
export async function autoAssignIfEnabled(
  tx: Db,
  ctx: RequestContext,
  ticket: typeof tickets.$inferSelect,
  partnerId: string | null,
  fx: TicketEffects,
): Promise<typeof tickets.$inferSelect | null> {
  if (ticket.assigneeId) return null;
  const [setting] = await tx
    .select({ autoAssign: ticketAssignmentSettings.autoAssign })
    .from(ticketAssignmentSettings)
    .where(eq(ticketAssignmentSettings.ticketType, ticket.type));
  if (!setting?.autoAssign) return null;
  const { proposals } = await rankForTicket(tx, ticket);
  const best = proposals.find((p) => p.eligible);
  if (!best) return null;
  const after = await bumpOrThrow(tx, ticket.id, ticket.version, { assigneeId: best.userId });
  const why = best.reasons.join(' ; ');
  await recordAudit(
    tx,
    { ip: ctx.ip, requestId: ctx.requestId, actorUserId: null, actorLabel: 'Attribution automatique' },
    {
      category: 'business',
      action: 'auto_assign',
      entityType: 'ticket',
      entityId: ticket.id,
      clientId: ticket.clientId,
      partnerId,
      before: snapshot(ticket),
      after: { ...snapshot(after), assigneeName: best.name, score: best.score, reasons: best.reasons },
    },
  );
  await tx.insert(ticketMessages).values({
    ticketId: ticket.id,
    visibility: 'internal',
    authorId: null,
    authorName: 'Attribution automatique',
    channel: 'web',
    body: `Attribué automatiquement à ${best.name} (score ${best.score}/100) : ${why}.`,
    createdAt: clock.now(),
  });
  await announce(tx, after, partnerId, 'update');
  if (best.userId !== ctx.actor.userId) {
    const full = await findTicket(tx, ticket.id);
    if (full) await notifyAssigned(tx, fx, full);
  }
  return after;
}
