import { and, asc, count, eq, inArray, isNull, notExists, sql, type SQL } from 'drizzle-orm';
import { toE164 } from '../../../shared/sms.ts';
import { regionByCode } from '../../../shared/regions.ts';
import { technicianKindOf, technicianRoleOfKind } from '../../../shared/permissions.ts';
import type { TechnicianKind } from '../../../shared/schemas/technicians.ts';
import {
  interventionTechnicians,
  skills,
  technicianSkills,
  technicians,
  users,
} from '../../db/schema/index.ts';
import { type Db, likeContains } from '../../infra/db.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere as whereOfScope } from '../../policy/scope-sql.ts';
import { deleteRow, insertRow, updateRow } from '../../infra/rows.ts';

/** The kind of a technician's user: internal when his role says so, field otherwise. */
export const kindOfRole = (role: string): TechnicianKind => technicianKindOf(role) ?? 'terrain';
const technicianRoles = Object.values(technicianRoleOfKind);

export type TechnicianRow = typeof technicians.$inferSelect & { name: string; email: string; role: string };
export type HeldSkillRow = {
  technicianId: string;
  skillId: string;
  name: string;
  category: string | null;
  certification: boolean;
  level: number;
  validUntil: string | null;
  reference: string | null;
};

const columns = { t: technicians, name: users.name, email: users.email, role: users.role };
const flat = (r: { t: typeof technicians.$inferSelect; name: string; email: string; role: string }) => ({
  ...r.t,
  name: r.name,
  email: r.email,
  role: r.role,
});

/** Row scope on technicians: staff see all, a field technician himself, a partner nothing. */
export const scopeWhere = (scope: RowScope) => whereOfScope(scope, { technician: technicians.userId });

const nameKey = sql`${users.name} COLLATE "fr-FR"`;

export async function listTechnicians(
  db: Db,
  scope: RowScope,
  f: {
    q?: string | undefined;
    department?: string | undefined;
    region?: string | undefined;
    skill?: string | undefined;
    minLevel?: number | undefined;
    kind?: TechnicianKind | undefined;
    active: 'true' | 'false' | 'all';
    after: [string, string] | null;
    limit: number;
  },
): Promise<TechnicianRow[]> {
  const where: (SQL | undefined)[] = [scopeWhere(scope)];
  if (f.q) {
    const like = likeContains(f.q);
    const phone = toE164(f.q);
    where.push(
      sql`(f_unaccent(lower(${users.name})) LIKE f_unaccent(lower(${like}))
        OR lower(${users.email}) LIKE lower(${like})
        OR lower(coalesce(${technicians.homeCity}, '')) LIKE lower(${like})
        ${phone ? sql`OR ${technicians.phoneE164} = ${phone}` : sql``})`,
    );
  }
  if (f.department) {
    where.push(
      sql`(${technicians.zones} @> ARRAY[${f.department}]::text[] OR ${technicians.homeDepartment} = ${f.department})`,
    );
  }
  if (f.region) {
    const deps = regionByCode(f.region)?.departments ?? [];
    const arr = `{${deps.join(',')}}`;
    where.push(
      sql`(${technicians.zones} && ${arr}::text[] OR ${technicians.homeDepartment} = ANY(${arr}::text[]))`,
    );
  }
  if (f.skill) {
    where.push(
      sql`EXISTS (SELECT 1 FROM ${technicianSkills} ts WHERE ts.technician_id = ${technicians.id}
        AND ts.skill_id = ${f.skill}::uuid AND ts.level >= ${f.minLevel ?? 1})`,
    );
  }
  if (f.kind) where.push(eq(users.role, technicianRoleOfKind[f.kind]));
  if (f.active !== 'all') where.push(eq(technicians.active, f.active === 'true'));
  if (f.after) {
    where.push(
      sql`(${nameKey}, ${technicians.id}) > (${f.after[0]}::text COLLATE "fr-FR", ${f.after[1]}::uuid)`,
    );
  }
  const rows = await db
    .select(columns)
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(and(...where))
    .orderBy(nameKey, asc(technicians.id))
    .limit(f.limit);
  return rows.map(flat);
}

export async function findTechnician(db: Db, id: string): Promise<TechnicianRow | undefined> {
  const [r] = await db
    .select(columns)
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(eq(technicians.id, id));
  return r ? flat(r) : undefined;
}

export async function findTechnicianByUser(db: Db, userId: string): Promise<TechnicianRow | undefined> {
  const [r] = await db
    .select(columns)
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(eq(technicians.userId, userId));
  return r ? flat(r) : undefined;
}

export async function heldSkills(db: Db, ids: readonly string[]): Promise<HeldSkillRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      technicianId: technicianSkills.technicianId,
      skillId: technicianSkills.skillId,
      name: skills.name,
      category: skills.category,
      certification: skills.certification,
      level: technicianSkills.level,
      validUntil: technicianSkills.validUntil,
      reference: technicianSkills.reference,
    })
    .from(technicianSkills)
    .innerJoin(skills, eq(skills.id, technicianSkills.skillId))
    .where(inArray(technicianSkills.technicianId, [...ids]))
    .orderBy(sql`${skills.name} COLLATE "fr-FR"`);
}

export async function findUser(db: Db, id: string) {
  const [u] = await db
    .select({ id: users.id, name: users.name, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, id));
  return u;
}

/** Enabled technician users without a profile yet (the creation form's choices). */
export async function listCandidates(db: Db) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(
      and(
        inArray(users.role, [...technicianRoles]),
        isNull(users.disabledAt),
        notExists(db.select({ x: sql`1` }).from(technicians).where(eq(technicians.userId, users.id))),
      ),
    )
    .orderBy(nameKey);
}

export const insertTechnician = (db: Db, values: typeof technicians.$inferInsert) =>
  insertRow(db, technicians, values);
export const updateTechnicianRow = (db: Db, id: string, values: Partial<typeof technicians.$inferInsert>) =>
  updateRow(db, technicians, id, values);
export const deleteTechnicianRow = (db: Db, id: string) => deleteRow(db, technicians, id);

export async function countInterventions(db: Db, technicianId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(interventionTechnicians)
    .where(eq(interventionTechnicians.technicianId, technicianId));
  return Number(r?.n ?? 0);
}

export async function replaceSkills(
  db: Db,
  technicianId: string,
  list: { skillId: string; level: number; validUntil: string | null; reference: string | null }[],
) {
  await db.delete(technicianSkills).where(eq(technicianSkills.technicianId, technicianId));
  if (list.length) {
    await db.insert(technicianSkills).values(list.map((s) => ({ ...s, technicianId })));
  }
}

/** Enabled users of these roles (notification recipients). */
export async function userIdsWithRoles(db: Db, roles: readonly string[]): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, [...roles]), isNull(users.disabledAt)));
  return rows.map((r) => r.id);
}
