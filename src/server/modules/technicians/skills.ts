import { count, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { idParam } from '../../../shared/schemas/common.ts';
import { skillBody, skillOut, skillPatch, type SkillOut } from '../../../shared/schemas/technicians.ts';
import { z as zod } from '../../../shared/zod.ts';
import { skills, technicianSkills } from '../../db/schema/index.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { conflict, notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';

/**
 * The skills catalog (Administration › Compétences): everyone who reads planning lists it; admins
 * maintain it. A skill held by a technician cannot be deleted (409).
 */
type SkillRow = typeof skills.$inferSelect;

export async function listSkills(db: Db) {
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

const present = (s: SkillRow, technicianCount: number): SkillOut => ({
  id: s.id,
  name: s.name,
  category: s.category,
  certification: s.certification,
  technicianCount,
  createdAt: s.createdAt.toISOString(),
});

async function findSkill(db: Db, id: string) {
  const [s] = await db.select().from(skills).where(eq(skills.id, id));
  if (!s) throw notFound('Compétence');
  return s;
}

async function checkNameFree(db: Db, name: string, exceptId?: string) {
  const [same] = await db.select().from(skills).where(sql`lower(${skills.name}) = lower(${name})`);
  if (same && same.id !== exceptId) {
    throw conflict(`La compétence « ${same.name} » existe déjà.`, [
      { path: 'name', message: 'Ce nom est déjà pris.' },
    ]);
  }
}

async function usage(db: Db, id: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(technicianSkills).where(eq(technicianSkills.skillId, id));
  return Number(r?.n ?? 0);
}

export async function createSkill(db: Db, ctx: RequestContext, input: z.infer<typeof skillBody>) {
  await checkNameFree(db, input.name);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(skills)
      .values({
        name: input.name,
        category: input.category ?? null,
        certification: input.certification ?? false,
      })
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'skill',
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export async function updateSkill(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof skillPatch>,
) {
  const before = await findSkill(db, id);
  if (input.name !== undefined) await checkNameFree(db, input.name, id);
  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(skills)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
        ...(input.certification !== undefined ? { certification: input.certification } : {}),
      })
      .where(eq(skills.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'skill',
      entityId: id,
      before,
      after,
    });
    return after!;
  });
}

export async function deleteSkill(db: Db, ctx: RequestContext, id: string) {
  const before = await findSkill(db, id);
  await db.transaction(async (tx) => {
    const used = await usage(tx, id);
    if (used > 0) {
      throw conflict(
        `Impossible de supprimer la compétence « ${before.name} » : ${used} technicien${used > 1 ? 's la détiennent' : ' la détient'}. Retirez-la d’abord de leur fiche.`,
      );
    }
    // Interventions may require it too (intervention_skills): the foreign key refuses then.
    const [req] = rowsOf<{ n: number }>(
      await tx.execute(sql`SELECT count(*)::int AS n FROM intervention_skills WHERE skill_id = ${id}::uuid`),
    );
    if (Number(req?.n ?? 0) > 0) {
      throw conflict(
        `Impossible de supprimer la compétence « ${before.name} » : des interventions la requièrent.`,
      );
    }
    await tx.delete(skills).where(eq(skills.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'skill',
      entityId: id,
      before,
    });
  });
}

const tags = ['Techniciens'];

export const skillRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/skills',
    {
      schema: {
        tags,
        summary: 'Catalogue des compétences',
        response: { 200: zod.object({ items: zod.array(skillOut) }) },
      },
      config: { permission: 'planning:read' },
    },
    async () => ({ items: (await listSkills(db)).map((s) => present(s, s.technicianCount)) }),
  );
  app.post(
    '/skills',
    {
      schema: {
        tags,
        summary: 'Ajouter une compétence au catalogue',
        body: skillBody,
        response: { 201: skillOut },
      },
      config: { permission: 'administration:update' },
    },
    async (req, reply) => reply.status(201).send(present(await createSkill(db, ctxOf(req), req.body), 0)),
  );
  app.patch(
    '/skills/:id',
    {
      schema: {
        tags,
        summary: 'Modifier une compétence',
        params: idParam,
        body: skillPatch,
        response: { 200: skillOut },
      },
      config: { permission: 'administration:update' },
    },
    async (req) => {
      const row = await updateSkill(db, ctxOf(req), req.params.id, req.body);
      return present(row, await usage(db, row.id));
    },
  );
  app.delete(
    '/skills/:id',
    {
      schema: { tags, summary: 'Supprimer une compétence inutilisée', params: idParam },
      config: { permission: 'administration:update' },
    },
    async (req, reply) => {
      await deleteSkill(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
