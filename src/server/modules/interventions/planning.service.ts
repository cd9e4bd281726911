import type { z } from 'zod';
import type { BoardIntervention, BoardOut, boardQuery } from '../../../shared/schemas/interventions.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { forbidden, validationFailed } from '../../infra/errors.ts';
import {
  loadApprovedAbsences,
  loadPlanningTechnicians,
  technicianIdOfUser,
} from '../technicians/technicians.read.ts';
import * as repo from './interventions.repo.ts';
import { planningRights } from './scheduling.service.ts';

type Row = Awaited<ReturnType<typeof repo.queueRows>>[number];

/**
 * The planning board: technicians (rows), their interventions and approved absences in [from, to),
 * and the unscheduled queue. Five queries whatever the size of the board.
 */
export async function board(db: Db, ctx: RequestContext, q: z.infer<typeof boardQuery>): Promise<BoardOut> {
  const scope = ctx.policy.scopeFor('planning');
  if (scope.kind === 'partner' || scope.kind === 'none') {
    throw forbidden(
      'Le planning n’est pas accessible aux partenaires : consultez la liste des interventions.',
    );
  }
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(to > from) || to.getTime() - from.getTime() > 42 * 86_400_000) {
    throw validationFailed([
      { path: 'to', message: 'La période doit être positive et de 6 semaines au plus.' },
    ]);
  }
  let ids: string[] | null = q.technicianIds?.length ? q.technicianIds : null;
  if (scope.kind === 'technician') {
    const mine = await technicianIdOfUser(db, scope.userId);
    ids = mine && (!ids || ids.includes(mine)) ? [mine] : [];
  }
  let techs = await loadPlanningTechnicians(db, ids);
  techs = techs.filter((t) => t.active);
  if (q.department) {
    const d = q.department.toUpperCase();
    techs = techs.filter((t) => t.homeDepartment === d || t.zones.includes(d));
  }
  if (q.skillId) techs = techs.filter((t) => t.skills.some((s) => s.skillId === q.skillId));
  const techIds = techs.map((t) => t.id);
  const [rows, absences, queue] = await Promise.all([
    repo.boardRows(db, techIds, from, to),
    loadApprovedAbsences(db, techIds, from, to),
    scope.kind === 'all' ? repo.queueRows(db, q.department?.toUpperCase()) : Promise.resolve([] as Row[]),
  ]);
  const byId = new Map<string, BoardIntervention>();
  const card = (r: Row): BoardIntervention => ({
    id: r.id,
    number: r.number,
    title: r.title,
    kind: r.kind as BoardIntervention['kind'],
    status: r.status as BoardIntervention['status'],
    remote: r.remote,
    clientName: r.clientName,
    siteCity: r.siteCity,
    siteDepartment: r.siteDepartment,
    latitude: r.latitude,
    longitude: r.longitude,
    plannedStart: r.plannedStart?.toISOString() ?? null,
    plannedMinutes: r.plannedMinutes,
    technicianIds: [],
    leadTechnicianId: null,
    skills: [],
    conflictOverride: !!r.conflictOverride,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  });
  for (const r of rows) {
    const c = byId.get(r.id) ?? card(r);
    c.technicianIds.push(r.technicianId);
    if (r.lead) c.leadTechnicianId = r.technicianId;
    byId.set(r.id, c);
  }
  const queueCards = queue.map(card);
  const all = [...byId.values(), ...queueCards];
  const needs = await repo.skillsOf(
    db,
    all.map((c) => c.id),
  );
  const cardOf = new Map(all.map((c) => [c.id, c]));
  for (const s of needs) cardOf.get(s.interventionId)?.skills.push({ id: s.id, name: s.name });
  const rights = planningRights(ctx);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    technicians: techs.map((t) => ({
      id: t.id,
      name: t.name,
      role: t.role,
      homeDepartment: t.homeDepartment,
      zones: t.zones,
      skills: t.skills.map((s) => ({ skillId: s.skillId, name: s.name, level: s.level })),
      workingHours: (t.workingHours as Record<string, unknown> | null) ?? null,
    })),
    interventions: [...byId.values()],
    absences: absences.map((a) => ({
      id: a.id,
      technicianId: a.technicianId,
      kind: a.kind,
      startsAt: a.startsAt.toISOString(),
      endsAt: a.endsAt.toISOString(),
    })),
    queue: queueCards,
    canSchedule: rights.canSchedule,
    canOverride: rights.canOverride,
  };
}
