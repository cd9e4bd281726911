import { technicianKindOf } from '../../../shared/permissions.ts';
import type { AssignmentFactorKey } from '../../../shared/schemas/tickets.ts';
import { parisDate } from '../../../shared/paris-time.ts';
import { estimateTravel } from '../interventions/travel.ts';
import { latestPositionMaxAgeMs } from '../technicians/technicians.read.ts';
import {
  absenceWords,
  dayMonthFr,
  decimalFr,
  type Factor,
  factorLabels,
  factorOrder,
  firstFree,
  horizonDays,
  inHours,
  needsOnSite,
  overloadTickets,
  farKm,
  plural,
  type Proposal,
  type RankTechnician,
  type RankTicket,
  stepMinutes,
  stepsFrom,
  weightsFor,
  whenFr,
} from './assignment.factors.ts';

/**
 * Assignment that explains itself. `rankCandidates` is a pure function: it scores every technician
 * 0–100 on seven criteria (skills for the ticket's platform, zone and profile, availability, load,
 * SLA deadline, distance, rating; on-site work weighs the distance three times as much), each with its points and a French sentence, excludes those who
 * cannot take the ticket (absent now, missing the required skill, disabled account) and names the
 * deciding factors. The weights and inputs are in `assignment.factors.ts`; `assignment.service.ts`
 * loads what the ranking needs and assigns automatically.
 */

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
  const factorMax = weightsFor(onSite);

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
    // an intervention) — on site, plus the trip: when he can be there —, within the day for full points.
    const absentNow = t.absences.find(
      (a) => a.startsAt.getTime() <= now.getTime() && now.getTime() < a.endsAt.getTime(),
    );
    const freeAt = absentNow ? null : firstFree(t, steps);
    // The trip: from his live position when recent and on duty, else from home.
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
      const trip = onSite ? (travelMinutes ?? 0) : 0;
      // A trip of an hour or more is said: « sur place vers 14:46 ».
      const there =
        trip >= 60 ? `, sur place vers ${whenFr(new Date(freeAt.getTime() + trip * 60_000), now)}` : '';
      add(
        'availability',
        1 - (wait + trip) / (24 * 60),
        (wait < stepMinutes ? 'Disponible maintenant' : `Libre ${whenFr(freeAt, now)}`) + there + busyText,
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
