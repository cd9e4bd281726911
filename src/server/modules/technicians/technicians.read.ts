import { and, asc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/permissions.ts';
import {
  absences,
  skills,
  technicianPositions,
  technicianSkills,
  technicians,
  users,
} from '../../db/schema/index.ts';
import type { OpeningHours } from '../../db/schema/clients.ts';
import type { Db } from '../../infra/db.ts';

/**
 * What other modules (interventions: planning board, conflict checks, assignment proposals; map)
 * read about technicians. They go through these functions, never the tables.
 */
export type PlanningTechnician = {
  id: string;
  userId: string;
  name: string;
  /** tech_terrain (field) or tech_interne (internal), the user's role. */
  role: Role;
  active: boolean;
  phone: string | null;
  homeDepartment: string | null;
  homeLatitude: number | null;
  homeLongitude: number | null;
  workingHours: OpeningHours | null;
  zones: string[];
  skills: { skillId: string; name: string; level: number; validUntil: string | null }[];
};

/** Technicians with their skills, by id (all active ones when `ids` is null), sorted by name: one query. */
export async function loadPlanningTechnicians(
  db: Db,
  ids: readonly string[] | null,
): Promise<PlanningTechnician[]> {
  if (ids && ids.length === 0) return [];
  const rows = await db
    .select({
      id: technicians.id,
      userId: technicians.userId,
      name: users.name,
      role: users.role,
      active: technicians.active,
      phone: technicians.phone,
      homeDepartment: technicians.homeDepartment,
      homeLatitude: technicians.homeLatitude,
      homeLongitude: technicians.homeLongitude,
      workingHours: technicians.workingHours,
      zones: technicians.zones,
      skills: sql<PlanningTechnician['skills']>`coalesce((
        SELECT json_agg(json_build_object('skillId', ts.skill_id, 'name', s.name, 'level', ts.level,
          'validUntil', ts.valid_until) ORDER BY s.name)
        FROM ${technicianSkills} ts JOIN ${skills} s ON s.id = ts.skill_id
        WHERE ts.technician_id = ${technicians.id}), '[]'::json)`,
    })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(ids ? inArray(technicians.id, [...ids]) : eq(technicians.active, true))
    .orderBy(sql`${users.name} COLLATE "fr-FR"`, asc(technicians.id));
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export type ApprovedAbsence = {
  id: string;
  technicianId: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
};

/** Approved absences of these technicians overlapping [from, to). */
export async function loadApprovedAbsences(
  db: Db,
  technicianIds: readonly string[],
  from: Date,
  to: Date,
): Promise<ApprovedAbsence[]> {
  if (technicianIds.length === 0) return [];
  return db
    .select({
      id: absences.id,
      technicianId: absences.technicianId,
      kind: absences.kind,
      startsAt: absences.startsAt,
      endsAt: absences.endsAt,
    })
    .from(absences)
    .where(
      and(
        inArray(absences.technicianId, [...technicianIds]),
        eq(absences.status, 'approuvee'),
        lt(absences.startsAt, to),
        gt(absences.endsAt, from),
      ),
    )
    .orderBy(asc(absences.startsAt));
}

/** The technician profile of a user, if any (a field technician acting on his own rows). */
export async function technicianIdOfUser(db: Db, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ id: technicians.id })
    .from(technicians)
    .where(eq(technicians.userId, userId));
  return row?.id ?? null;
}

/** A live position older than this is not shown nor used (map, assignment). */
export const latestPositionMaxAgeMs = 2 * 60 * 60_000;

/** The last position (≤ 2 h) of those of these technicians who share it (one query), by technician. */
export async function livePositionsOf(db: Db, technicianIds: readonly string[], now: Date) {
  if (technicianIds.length === 0) return new Map<string, { lat: number; lon: number; recordedAt: Date }>();
  const rows = await db
    .selectDistinctOn([technicianPositions.technicianId], {
      technicianId: technicianPositions.technicianId,
      lat: technicianPositions.latitude,
      lon: technicianPositions.longitude,
      recordedAt: technicianPositions.recordedAt,
    })
    .from(technicianPositions)
    .innerJoin(technicians, eq(technicians.id, technicianPositions.technicianId))
    .where(
      and(
        inArray(technicianPositions.technicianId, [...technicianIds]),
        eq(technicians.positionSharing, true),
        gte(technicianPositions.recordedAt, new Date(now.getTime() - latestPositionMaxAgeMs)),
      ),
    )
    .orderBy(technicianPositions.technicianId, sql`${technicianPositions.recordedAt} DESC`);
  return new Map(rows.map((r) => [r.technicianId, r]));
}

/** The skills catalogue (id and name), for matching a platform's required skills. */
export function listSkillCatalogue(db: Db) {
  return db.select({ id: skills.id, name: skills.name }).from(skills);
}
