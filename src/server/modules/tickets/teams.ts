import { eq, inArray, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assigneeOut, teamBody, teamOut, type TeamOut, teamPatch } from '../../../shared/schemas/tickets.ts';
import { z } from '../../../shared/zod.ts';
import { teamMembers, teams, users } from '../../db/schema/index.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { conflict, notFound, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assignableUsers } from './tickets.service.ts';

/** Support teams (Administration › Équipes): a lead (notified of escalations and SLA alerts) and members. */
export async function listTeams(db: Db): Promise<TeamOut[]> {
  const res = await db.execute(sql`
    SELECT t.id, t.name, t.lead_user_id, lu.name AS lead_name,
      coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
        FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = t.id), '[]'::json) AS members
    FROM teams t LEFT JOIN users lu ON lu.id = t.lead_user_id
    ORDER BY t.name COLLATE "fr-FR"`);
  const rows = rowsOf<Record<string, unknown>>(res);
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    leadUserId: (r.lead_user_id as string | null) ?? null,
    leadName: (r.lead_name as string | null) ?? null,
    members: (typeof r.members === 'string' ? JSON.parse(r.members) : r.members) as TeamOut['members'],
  }));
}

async function checkUsersOrThrow(db: Db, ids: string[], path: string) {
  if (ids.length === 0) return;
  const found = new Set(
    (await db.select({ id: users.id }).from(users).where(inArray(users.id, ids))).map((u) => u.id),
  );
  const details = ids
    .map((id, i) => ({ id, i }))
    .filter((x) => !found.has(x.id))
    .map((x) => ({ path: path === 'leadUserId' ? path : `${path}.${x.i}`, message: 'Utilisateur inconnu.' }));
  if (details.length) throw validationFailed(details);
}

async function setMembers(tx: Db, teamId: string, memberIds: string[]) {
  await tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId));
  const ids = [...new Set(memberIds)];
  if (ids.length) await tx.insert(teamMembers).values(ids.map((userId) => ({ teamId, userId })));
}

const nameTaken = () =>
  conflict('Une équipe porte déjà ce nom.', [{ path: 'name', message: 'Nom déjà pris.' }]);
const isUniqueViolation = (e: unknown) =>
  (e as { code?: string; cause?: { code?: string } })?.code === '23505' ||
  (e as { cause?: { code?: string } })?.cause?.code === '23505';

async function nameExists(db: Db, name: string, exceptId?: string) {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(
      sql`lower(${teams.name}) = lower(${name}) ${exceptId ? sql`AND ${teams.id} <> ${exceptId}::uuid` : sql``}`,
    );
  return !!row;
}

export async function createTeam(db: Db, ctx: RequestContext, body: z.infer<typeof teamBody>) {
  if (body.leadUserId) await checkUsersOrThrow(db, [body.leadUserId], 'leadUserId');
  await checkUsersOrThrow(db, body.memberIds, 'memberIds');
  if (await nameExists(db, body.name)) throw nameTaken();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(teams)
        .values({ name: body.name, leadUserId: body.leadUserId ?? null })
        .returning();
      await setMembers(tx, row!.id, body.memberIds);
      await recordAudit(tx, ctx, {
        category: 'business',
        action: 'create',
        entityType: 'team',
        entityId: row!.id,
        after: { name: row!.name, leadUserId: row!.leadUserId, memberIds: body.memberIds },
      });
      return row!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
}

export async function updateTeam(db: Db, ctx: RequestContext, id: string, body: z.infer<typeof teamPatch>) {
  const [before] = await db.select().from(teams).where(eq(teams.id, id));
  if (!before) throw notFound('Équipe');
  if (body.leadUserId) await checkUsersOrThrow(db, [body.leadUserId], 'leadUserId');
  if (body.memberIds) await checkUsersOrThrow(db, body.memberIds, 'memberIds');
  if (body.name && (await nameExists(db, body.name, id))) throw nameTaken();
  return db.transaction(async (tx) => {
    const values: Partial<typeof teams.$inferInsert> = {};
    if (body.name !== undefined) values.name = body.name;
    if (body.leadUserId !== undefined) values.leadUserId = body.leadUserId;
    const [after] = Object.keys(values).length
      ? await tx.update(teams).set(values).where(eq(teams.id, id)).returning()
      : [before];
    if (body.memberIds) await setMembers(tx, id, body.memberIds);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'team',
      entityId: id,
      before: { name: before.name, leadUserId: before.leadUserId },
      after: { name: after!.name, leadUserId: after!.leadUserId, memberIds: body.memberIds ?? null },
    });
    return after!;
  });
}

export async function deleteTeam(db: Db, ctx: RequestContext, id: string) {
  const [before] = await db.select().from(teams).where(eq(teams.id, id));
  if (!before) throw notFound('Équipe');
  await db.transaction(async (tx) => {
    // Tickets of the team keep their assignee; their team becomes empty (ON DELETE SET NULL).
    await tx.delete(teams).where(eq(teams.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'team',
      entityId: id,
      before: { name: before.name, leadUserId: before.leadUserId },
    });
  });
}

const idParam = z.strictObject({ id: z.uuid('Identifiant invalide.') });

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['Tickets'];
  const one = async (id: string) => (await listTeams(db)).find((t) => t.id === id)!;
  app.get(
    '/teams',
    {
      schema: {
        tags,
        summary: 'Les équipes de support',
        response: { 200: z.object({ items: z.array(teamOut) }) },
      },
      config: { permission: 'tickets:read' },
    },
    async (req) => ({ items: ctxOf(req).policy.isStaff() ? await listTeams(db) : [] }),
  );
  app.get(
    '/tickets/assignees',
    {
      schema: {
        tags,
        summary: 'Les personnes à qui un ticket peut être attribué',
        response: { 200: z.object({ items: z.array(assigneeOut) }) },
      },
      config: { permission: 'tickets:update' },
    },
    async (req) => {
      if (!ctxOf(req).policy.isStaff()) return { items: [] };
      return { items: await assignableUsers(db) };
    },
  );
  app.post(
    '/teams',
    {
      schema: { tags, summary: 'Créer une équipe', body: teamBody, response: { 201: teamOut } },
      config: { permission: 'administration:create' },
    },
    async (req, reply) => {
      const row = await createTeam(db, ctxOf(req), req.body);
      return reply.status(201).send(await one(row.id));
    },
  );
  app.patch(
    '/teams/:id',
    {
      schema: {
        tags,
        summary: 'Modifier une équipe',
        params: idParam,
        body: teamPatch,
        response: { 200: teamOut },
      },
      config: { permission: 'administration:update' },
    },
    async (req) => {
      await updateTeam(db, ctxOf(req), req.params.id, req.body);
      return one(req.params.id);
    },
  );
  app.delete(
    '/teams/:id',
    {
      schema: { tags, summary: 'Supprimer une équipe', params: idParam },
      config: { permission: 'administration:delete' },
    },
    async (req, reply) => {
      await deleteTeam(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
