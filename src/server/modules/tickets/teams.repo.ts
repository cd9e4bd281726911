import { eq, inArray, sql } from 'drizzle-orm';
import { teamMembers, teams, users } from '../../db/schema/index.ts';
import { type Db, selectRows } from '../../infra/db.ts';
import { deleteRow, insertRow, updateRow } from '../../infra/rows.ts';

export type TeamBase = typeof teams.$inferSelect;
/** A team with its lead's name and its members (id, name) sorted by name. */
export type TeamRow = {
  id: string;
  name: string;
  lead_user_id: string | null;
  lead_name: string | null;
  members: { id: string; name: string }[] | string;
};

/** Every team (or the one of id `onlyId`) by name, French collation, members in one JSON column. */
export async function listTeams(db: Db, onlyId?: string): Promise<TeamRow[]> {
  return selectRows<TeamRow>(
    db,
    sql`
    SELECT t.id, t.name, t.lead_user_id, lu.name AS lead_name,
      coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
        FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '[]'::json) AS members
    FROM teams t LEFT JOIN users lu ON lu.id = t.lead_user_id
    ${onlyId ? sql`WHERE t.id = ${onlyId}::uuid` : sql``}
    ORDER BY t.name COLLATE "fr-FR"`,
  );
}

export async function findTeam(db: Db, id: string): Promise<TeamBase | undefined> {
  const [row] = await db.select().from(teams).where(eq(teams.id, id));
  return row;
}

/** Which of these user ids exist. */
export async function existingUserIds(db: Db, ids: string[]): Promise<Set<string>> {
  const rows = await db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
  return new Set(rows.map((u) => u.id));
}

/** Whether another team (not `exceptId`) has this name, case-insensitively. */
export async function nameExists(db: Db, name: string, exceptId?: string): Promise<boolean> {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(
      sql`lower(${teams.name}) = lower(${name}) ${exceptId ? sql`AND ${teams.id} <> ${exceptId}::uuid` : sql``}`,
    );
  return !!row;
}

export const insertTeam = (tx: Db, values: typeof teams.$inferInsert) => insertRow(tx, teams, values);
export const updateTeam = (tx: Db, id: string, set: Partial<typeof teams.$inferInsert>) =>
  updateRow(tx, teams, id, set);
export const deleteTeam = (tx: Db, id: string) => deleteRow(tx, teams, id);

/** Replaces the team's members (duplicates dropped). */
export async function setMembers(tx: Db, teamId: string, memberIds: string[]): Promise<void> {
  await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
  const ids = [...new Set(memberIds)];
  if (ids.length) await tx.insert(teamMembers).values(ids.map((userId) => ({ teamId, userId })));
}
