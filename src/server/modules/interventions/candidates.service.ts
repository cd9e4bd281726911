import type { z } from 'zod';
import { type AbsenceKind, absenceKindLabels } from '../../../shared/interventions.ts';
import {
  absencePeriodFr,
  addDays,
  longDateFr,
  parisDate,
  parisInstant,
  parisParts,
} from '../../../shared/paris-time.ts';
import type { PlanningCandidatesOut, planningCandidatesBody } from '../../../shared/schemas/interventions.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { forbidden, validationFailed } from '../../infra/errors.ts';
import { getClientOrThrow, getSiteLocation } from '../clients/clients.read.ts';
import {
  listSkillCatalogue,
  loadApprovedAbsences,
  loadPlanningTechnicians,
  technicianIdOfUser,
} from '../technicians/technicians.read.ts';
import * as repo from './interventions.repo.ts';
import { conflictsFor, loadConflictInputs, planningRights } from './scheduling.service.ts';

/**
 * The technicians ranked for an intervention being written (the new-intervention form's picker):
 * a score out of 100 from three criteria — skills 40 (share of the required skills he holds, valid
 * certifications), zone 30 (the site's département is his home or one of his zones; remote work
 * always fits) and availability 30 (at the chosen start: free of the board's blocking conflicts;
 * without a start: his share of the next five working days not taken by absences or interventions)
 * — with a French detail per criterion and, when a start is given, the board's own conflicts.
 */

const weights = { skills: 40, zone: 30, availability: 30 } as const;
const labels = { skills: 'Compétences', zone: 'Zone', availability: 'Disponibilité' } as const;
/** The conflicts that mean he is not available at that time (the others are counted apart). */
const blocking = new Set(['overlap', 'absence', 'outside_hours', 'travel_time']);
const workdayMinutes = 8 * 60;
const draftId = '00000000-0000-0000-0000-000000000000';

/** The next `n` working days (Monday–Friday, Paris) from today. */
function nextWorkdays(now: Date, n: number): string[] {
  const out: string[] = [];
  for (let d = parisDate(now); out.length < n; d = addDays(d, 1)) {
    const wd = parisParts(parisInstant(d, 12 * 60)).weekday;
    if (wd !== 'sat' && wd !== 'sun') out.push(d);
  }
  return out;
}

export async function rankTechniciansForDraft(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof planningCandidatesBody>,
): Promise<PlanningCandidatesOut> {
  const rights = planningRights(ctx);
  if (!rights.canSchedule) throw forbidden('Vous ne pouvez pas modifier le planning.');
  const client = await getClientOrThrow(db, ctx, body.clientId);
  const site = body.siteId ? await getSiteLocation(db, body.siteId) : undefined;
  if (body.siteId && site?.clientId !== client.id) {
    throw validationFailed([{ path: 'siteId', message: 'Ce site n’est pas un site de ce client.' }]);
  }
  const remote = body.remote ?? false;
  const wanted = new Set(body.skillIds ?? []);
  const required = (await listSkillCatalogue(db)).filter((s) => wanted.has(s.id));
  let techs = (await loadPlanningTechnicians(db, null)).filter((t) => t.active);
  if (ctx.policy.scopeFor('planning').kind === 'technician') {
    const mine = ctx.actor.userId ? await technicianIdOfUser(db, ctx.actor.userId) : null;
    techs = techs.filter((t) => t.id === mine);
  }
  const ids = techs.map((t) => t.id);
  const now = clock.now();
  const today = parisDate(now);
  const start = body.plannedStart ? new Date(body.plannedStart) : null;

  // At a start: the board's conflicts for every technician at once. Without: the next working days.
  const conflictsOf = new Map<string, PlanningCandidatesOut['items'][number]['conflicts']>();
  const loadOf = new Map<string, { minutes: number; away: string | null }>();
  if (start && ids.length) {
    const draft = {
      id: draftId,
      remote,
      clientName: client.name,
      siteId: body.siteId ?? null,
      siteCity: site?.city ?? null,
      siteDepartment: site?.department ?? null,
      latitude: site?.lat ?? null,
      longitude: site?.lon ?? null,
      siteOpeningHours: site?.openingHours ?? null,
      skills: required,
    };
    const inputs = await loadConflictInputs(db, ids, start, body.plannedMinutes);
    const { conflicts } = await conflictsFor(db, draft, ids, start, body.plannedMinutes, inputs);
    for (const id of ids)
      conflictsOf.set(
        id,
        conflicts.filter((c) => c.technicianId === id || !c.technicianId),
      );
  } else if (ids.length) {
    const days = nextWorkdays(now, 5);
    const from = parisInstant(days[0]!, 0);
    const to = parisInstant(addDays(days.at(-1)!, 1), 0);
    const [busy, absences] = await Promise.all([
      repo.busyOf(db, ids, from, to),
      loadApprovedAbsences(db, ids, from, to),
    ]);
    for (const id of ids) {
      const mineAway = absences.filter((a) => a.technicianId === id);
      const awayDays = days.filter((d) =>
        mineAway.some((a) => a.startsAt < parisInstant(d, 18 * 60) && a.endsAt > parisInstant(d, 8 * 60)),
      );
      const busyMinutes = busy
        .filter((b) => b.technicianId === id && b.start && !awayDays.includes(parisDate(b.start)))
        .reduce((sum, b) => sum + b.minutes, 0);
      const first = mineAway[0];
      loadOf.set(id, {
        minutes: busyMinutes + awayDays.length * workdayMinutes,
        away: first
          ? `${absenceKindLabels[first.kind as AbsenceKind] ?? first.kind} ${absencePeriodFr(first.startsAt, first.endsAt)}`
          : null,
      });
    }
  }

  const items = techs.map((t) => {
    const valid = (skillId: string) =>
      t.skills.some((s) => s.skillId === skillId && (!s.validUntil || s.validUntil >= today));
    const held = required.filter((r) => valid(r.id)).length;
    const skillShare = required.length ? held / required.length : 1;
    const inZone =
      remote ||
      !site?.department ||
      t.homeDepartment === site.department ||
      t.zones.includes(site.department);
    const conflicts = conflictsOf.get(t.id) ?? [];
    let availShare: number;
    let availDetail: string;
    if (start) {
      const blocker = conflicts.find((c) => blocking.has(c.code));
      availShare = blocker ? 0 : 1;
      availDetail = blocker ? blocker.message : `Libre le ${longDateFr(start)} à ${parisParts(start).hhmm}.`;
    } else {
      const load = loadOf.get(t.id) ?? { minutes: 0, away: null };
      availShare = Math.max(0, 1 - load.minutes / (5 * workdayMinutes));
      availDetail = `${Math.round(availShare * 100)} % de libre sur les 5 prochains jours ouvrés${load.away ? ` ; absent : ${load.away}` : ''}.`;
    }
    const factors = [
      {
        key: 'skills' as const,
        share: skillShare,
        detail: required.length
          ? `${held} compétence${held > 1 ? 's' : ''} requise${held > 1 ? 's' : ''} sur ${required.length}.`
          : 'Aucune compétence requise.',
      },
      {
        key: 'zone' as const,
        share: inZone ? 1 : 0,
        detail: remote
          ? 'À distance : pas de déplacement.'
          : !site?.department
            ? 'Département du site inconnu.'
            : inZone
              ? `Le ${site.department} est dans ses zones.`
              : `Le ${site.department} est hors de ses zones.`,
      },
      { key: 'availability' as const, share: availShare, detail: availDetail },
    ].map((f) => ({
      key: f.key,
      label: labels[f.key],
      points: Math.round(f.share * weights[f.key]),
      max: weights[f.key],
      detail: f.detail,
    }));
    return {
      technicianId: t.id,
      name: t.name,
      score: factors.reduce((s, f) => s + f.points, 0),
      factors,
      conflicts,
    };
  });
  items.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'fr'));
  return { items, canOverride: rights.canOverride };
}
