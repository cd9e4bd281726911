import { count, eq, sql } from 'drizzle-orm';
import { skills, technicianSkills } from '../../db/schema/index.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { deleteRow, insertRow, updateRow } from '../../infra/rows.ts';

export type SkillBase = typeof skills.$inferSelect;
/** A skill with how many technicians hold it. */
export type SkillRow = SkillBase & { technicianCount: number };

/** The catalogue by category then name (French collation), with each skill's holders counted. */
export async function listSkills(db: Db): Promise<SkillRow[]> {
  return db
    .select({
      id: skills.id,
      name: skills.name,
      category: skills.category,
      certification: skills.certification,
      createdAt: skills.createdAt,
      technicianCount: sql<number>`count(${technicianSkills.technicianId})::int`,
    })
    .from(skills)
    .leftJoin(technicianSkills, eq(technicianSkills.skillId, skills.id))
    .groupBy(skills.id)
    .orderBy(sql`${skills.category} COLLATE "fr-FR" NULLS LAST`, sql`${skills.name} COLLATE "fr-FR"`);
}

export async function findSkill(db: Db, id: string): Promise<SkillBase | undefined> {
  const [s] = await db.select().from(skills).where(eq(skills.id, id));
  return s;
}

/** The skill of that name, case-insensitively. */
export async function findSkillByName(db: Db, name: string): Promise<SkillBase | undefined> {
  const [s] = await db.select().from(skills).where(sql`lower(${skills.name}) = lower(${name})`);
  return s;
}

/** How many technicians hold the skill. */
export async function countHolders(db: Db, id: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(technicianSkills).where(eq(technicianSkills.skillId, id));
  return Number(r?.n ?? 0);
}

/** How many interventions require the skill. */
export async function countRequiringInterventions(db: Db, id: string): Promise<number> {
  const [r] = rowsOf<{ n: number }>(
    await db.execute(sql`SELECT count(*)::int AS n FROM intervention_skills WHERE skill_id = ${id}::uuid`),
  );
  return Number(r?.n ?? 0);
}

export const insertSkill = (db: Db, values: typeof skills.$inferInsert) => insertRow(db, skills, values);
export const updateSkill = (db: Db, id: string, set: Partial<typeof skills.$inferInsert>) =>
  updateRow(db, skills, id, set);
export const deleteSkill = (db: Db, id: string) => deleteRow(db, skills, id);
