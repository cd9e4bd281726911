import {
  and,
  asc,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNull,
  lt,
  ne,
  or,
  sql,
  type SQL,
  type SQLWrapper,
} from 'drizzle-orm';
import { busyStatuses } from '../../../shared/interventions.ts';
import {
  clients,
  contacts,
  interventionSkills,
  interventionTechnicians,
  interventions,
  sites,
  skills,
} from '../../db/schema/index.ts';
import { type Db, rowsOf, likeContains } from '../../infra/db.ts';
import { updateVersionedOrThrow } from '../../infra/versioned.ts';
import type { PgUpdateSetSource, SelectedFields } from 'drizzle-orm/pg-core';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere as whereOfScope } from '../../policy/scope-sql.ts';
import { deleteRow, insertRow } from '../../infra/rows.ts';

export type InterventionBase = typeof interventions.$inferSelect;
export type InterventionValues = typeof interventions.$inferInsert;
export type InterventionRow = InterventionBase & {
  clientName: string;
  partnerId: string | null;
  siteName: string | null;
  siteAddress: string | null;
  sitePostalCode: string | null;
  siteCity: string | null;
  siteDepartment: string | null;
  latitude: number | null;
  longitude: number | null;
  siteOpeningHours: (typeof sites.$inferSelect)['openingHours'];
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  technicians: { id: string; userId: string; name: string; lead: boolean }[];
  skills: { id: string; name: string }[];
};

/** Whether the intervention `interventionId` (a uuid expression) is assigned to the technician user `userId`. */
export const assignedToTechnician = (userId: string, interventionId: SQLWrapper) =>
  sql`EXISTS (SELECT 1 FROM intervention_technicians it JOIN technicians t ON t.id = it.technician_id
        WHERE it.intervention_id = ${interventionId} AND t.user_id = ${userId}::uuid)`;

/** Row scope on interventions: a partner sees those at its clients, a field technician his own. */
export const scopeWhere = (scope: RowScope) =>
  whereOfScope(scope, {
    partner: clients.partnerId,
    technician: (userId) => assignedToTechnician(userId, interventions.id),
  });

const baseColumns = {
  i: interventions,
  clientName: clients.name,
  partnerId: clients.partnerId,
  siteName: sites.name,
  siteAddress: sites.addressLine,
  sitePostalCode: sites.postalCode,
  siteCity: sites.city,
  siteDepartment: sites.department,
  latitude: sites.latitude,
  longitude: sites.longitude,
  siteOpeningHours: sites.openingHours,
  contactName: sql<
    string | null
  >`CASE WHEN ${contacts.id} IS NULL THEN NULL ELSE ${contacts.firstName} || ' ' || ${contacts.lastName} END`,
  contactEmail: contacts.email,
  contactPhone: sql<string | null>`coalesce(${contacts.mobile}, ${contacts.phone})`,
  // Technicians and required skills in the same statement (one round trip per page or record).
  technicians: sql<InterventionRow['technicians']>`coalesce((
    SELECT json_agg(json_build_object('id', t.id, 'userId', t.user_id, 'name', u.name, 'lead', it.lead)
      ORDER BY it.lead DESC, u.name)
    FROM intervention_technicians it JOIN technicians t ON t.id = it.technician_id JOIN users u ON u.id = t.user_id
    WHERE it.intervention_id = ${interventions.id}), '[]'::json)`,
  skills: sql<InterventionRow['skills']>`coalesce((
    SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.name)
    FROM intervention_skills isk JOIN skills s ON s.id = isk.skill_id
    WHERE isk.intervention_id = ${interventions.id}), '[]'::json)`,
};

type BaseRow = { i: InterventionBase } & Omit<InterventionRow, keyof InterventionBase>;

function baseQuery(db: Db) {
  return db
    .select(baseColumns)
    .from(interventions)
    .innerJoin(clients, eq(clients.id, interventions.clientId))
    .leftJoin(sites, eq(sites.id, interventions.siteId))
    .leftJoin(contacts, eq(contacts.id, interventions.contactId));
}

function attach(rows: BaseRow[]): InterventionRow[] {
  return rows.map(({ i, ...rest }) => ({ ...i, ...rest }));
}

export async function findIntervention(db: Db, id: string): Promise<InterventionRow | undefined> {
  const rows = await baseQuery(db).where(eq(interventions.id, id));
  return attach(rows as BaseRow[])[0];
}

export type ListFilters = {
  q?: string | undefined;
  status?: string[] | undefined;
  kind?: string | undefined;
  clientId?: string | undefined;
  technicianId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  unscheduled?: 'true' | 'false' | undefined;
  after: [number, string, string] | null;
  limit: number;
};

/**
 * Order of the list: the unplanned ones first (they wait for a slot), newest created first; then the
 * planned ones, latest start first. Never the two interleaved.
 */
const plannedGroup = sql`(CASE WHEN ${interventions.plannedStart} IS NULL THEN 0 ELSE 1 END)`;
const sortKey = sql`coalesce(${interventions.plannedStart}, ${interventions.createdAt})`;

export async function listInterventions(db: Db, scope: RowScope, f: ListFilters) {
  const where: (SQL | undefined)[] = [scopeWhere(scope)];
  if (f.q) {
    const like = likeContains(f.q);
    where.push(
      or(ilike(interventions.number, like), ilike(interventions.title, like), ilike(clients.name, like)),
    );
  }
  if (f.status?.length) where.push(inArray(interventions.status, f.status));
  if (f.kind) where.push(eq(interventions.kind, f.kind));
  if (f.clientId) where.push(eq(interventions.clientId, f.clientId));
  if (f.technicianId) {
    where.push(
      sql`EXISTS (SELECT 1 FROM intervention_technicians it WHERE it.intervention_id = ${interventions.id}
        AND it.technician_id = ${f.technicianId}::uuid)`,
    );
  }
  if (f.from) where.push(gte(interventions.plannedStart, new Date(f.from)));
  if (f.to) where.push(lt(interventions.plannedStart, new Date(f.to)));
  if (f.unscheduled === 'true') where.push(isNull(interventions.plannedStart));
  if (f.unscheduled === 'false') where.push(sql`${interventions.plannedStart} IS NOT NULL`);
  if (f.after) {
    const [group, at, id] = f.after;
    where.push(
      sql`(${plannedGroup} > ${group}::int OR (${plannedGroup} = ${group}::int AND (${sortKey}, ${interventions.id}) < (${at}::timestamptz, ${id}::uuid)))`,
    );
  }
  const rows = await baseQuery(db)
    .where(and(...where))
    .orderBy(asc(plannedGroup), desc(sortKey), desc(interventions.id))
    .limit(f.limit);
  return attach(rows as BaseRow[]);
}

export async function nextNumber(tx: Db): Promise<number> {
  const res = await tx.execute(sql`SELECT nextval('intervention_number_seq')::int AS n`);
  return Number(rowsOf<{ n: number }>(res)[0]!.n);
}

/**
 * The interventions of these technicians matching `where`, one row per technician and intervention
 * (its id, the technician's id and `columns`; client and site joined).
 */
function assignmentsOf<C extends SelectedFields>(
  db: Db,
  technicianIds: readonly string[],
  columns: C,
  where: SQL[],
) {
  return db
    .select({ id: interventions.id, technicianId: interventionTechnicians.technicianId, ...columns })
    .from(interventionTechnicians)
    .innerJoin(interventions, eq(interventions.id, interventionTechnicians.interventionId))
    .innerJoin(clients, eq(clients.id, interventions.clientId))
    .leftJoin(sites, eq(sites.id, interventions.siteId))
    .where(and(inArray(interventionTechnicians.technicianId, [...technicianIds]), ...where));
}

/** The other interventions occupying these technicians between `from` and `to` (one query). */
export async function busyOf(db: Db, technicianIds: readonly string[], from: Date, to: Date) {
  if (technicianIds.length === 0) return [];
  const columns = {
    number: interventions.number,
    title: interventions.title,
    start: interventions.plannedStart,
    minutes: interventions.plannedMinutes,
    remote: interventions.remote,
    clientName: clients.name,
    siteCity: sites.city,
    latitude: sites.latitude,
    longitude: sites.longitude,
  };
  return assignmentsOf(db, technicianIds, columns, [
    inArray(interventions.status, [...busyStatuses]),
    // Index on planned_start: anything starting up to a day before may still run into the range.
    gte(interventions.plannedStart, new Date(from.getTime() - 86_400_000)),
    lt(interventions.plannedStart, to),
    sql`${interventions.plannedStart} + make_interval(mins => ${interventions.plannedMinutes}) > ${from.toISOString()}::timestamptz`,
  ]);
}

/** The columns of an intervention card on the planning board (scheduled rows and the queue). */
const boardColumns = {
  number: interventions.number,
  title: interventions.title,
  kind: interventions.kind,
  status: interventions.status,
  remote: interventions.remote,
  clientName: clients.name,
  siteCity: sites.city,
  siteDepartment: sites.department,
  latitude: sites.latitude,
  longitude: sites.longitude,
  plannedStart: interventions.plannedStart,
  plannedMinutes: interventions.plannedMinutes,
  conflictOverride: interventions.conflictOverride,
  version: interventions.version,
  createdAt: interventions.createdAt,
};

/** Board: every intervention of these technicians starting in [from, to), one row per technician. */
export async function boardRows(db: Db, technicianIds: readonly string[], from: Date, to: Date) {
  if (technicianIds.length === 0) return [];
  const columns = { lead: interventionTechnicians.lead, ...boardColumns };
  return assignmentsOf(db, technicianIds, columns, [
    gte(interventions.plannedStart, from),
    lt(interventions.plannedStart, to),
    ne(interventions.status, 'annulee'),
  ]).orderBy(asc(interventions.plannedStart));
}

/** Board: the unscheduled queue, oldest first. */
export async function queueRows(db: Db, department: string | undefined, limit = 300) {
  return db
    .select({
      id: interventions.id,
      ...boardColumns,
    })
    .from(interventions)
    .innerJoin(clients, eq(clients.id, interventions.clientId))
    .leftJoin(sites, eq(sites.id, interventions.siteId))
    .where(
      and(eq(interventions.status, 'a_planifier'), department ? eq(sites.department, department) : undefined),
    )
    .orderBy(asc(interventions.createdAt), asc(interventions.id))
    .limit(limit);
}

/** Required skills of these interventions. */
export async function skillsOf(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ interventionId: interventionSkills.interventionId, id: skills.id, name: skills.name })
    .from(interventionSkills)
    .innerJoin(skills, eq(skills.id, interventionSkills.skillId))
    .where(inArray(interventionSkills.interventionId, ids));
}

export async function setSkills(tx: Db, id: string, skillIds: string[]) {
  await tx.delete(interventionSkills).where(eq(interventionSkills.interventionId, id));
  if (skillIds.length)
    await tx
      .insert(interventionSkills)
      .values([...new Set(skillIds)].map((skillId) => ({ interventionId: id, skillId })));
}

export async function setTechnicians(tx: Db, id: string, technicianIds: string[], leadId: string | null) {
  await tx.delete(interventionTechnicians).where(eq(interventionTechnicians.interventionId, id));
  if (technicianIds.length)
    await tx.insert(interventionTechnicians).values(
      [...new Set(technicianIds)].map((technicianId) => ({
        interventionId: id,
        technicianId,
        lead: technicianId === leadId,
      })),
    );
}

export async function existingSkillIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return (await db.select({ id: skills.id }).from(skills).where(inArray(skills.id, ids))).map((r) => r.id);
}

export async function clientOf(db: Db, id: string) {
  const [row] = await db
    .select({
      id: clients.id,
      name: clients.name,
      partnerId: clients.partnerId,
      email: clients.email,
      phone: clients.phone,
    })
    .from(clients)
    .where(eq(clients.id, id));
  return row;
}

export const insertIntervention = (tx: Db, values: InterventionValues) =>
  insertRow(tx, interventions, values);

export const deleteInterventionRow = (tx: Db, id: string) => deleteRow(tx, interventions, id);

/**
 * Updates the intervention when its version is still `version`, else 409: someone changed it
 * meanwhile (`updateVersionedOrThrow` with the intervention's table and message).
 */
export function bumpOrThrow(
  tx: Db,
  id: string,
  version: number,
  values: PgUpdateSetSource<typeof interventions>,
) {
  return updateVersionedOrThrow(
    tx,
    interventions,
    id,
    version,
    values,
    'Cette intervention a été modifiée entre-temps par quelqu’un d’autre. Rechargez-la puis recommencez.',
  );
}
