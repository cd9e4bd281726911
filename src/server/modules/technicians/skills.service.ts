import type { z } from 'zod';
import type { skillBody, skillPatch } from '../../../shared/schemas/technicians.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './skills.repo.ts';
import type { SkillRow } from './skills.repo.ts';

/**
 * The skills catalog (Administration › Compétences): everyone who reads planning lists it; admins
 * maintain it. A skill held by a technician cannot be deleted (409).
 */
export const listSkills = (db: Db): Promise<SkillRow[]> => repo.listSkills(db);

async function getSkillOrThrow(db: Db, id: string) {
  const s = await repo.findSkill(db, id);
  if (!s) throw notFound('Compétence');
  return s;
}

async function assertNameFree(db: Db, name: string, exceptId?: string) {
  const same = await repo.findSkillByName(db, name);
  if (same && same.id !== exceptId) {
    throw conflict(`La compétence « ${same.name} » existe déjà.`, [
      { path: 'name', message: 'Ce nom est déjà pris.' },
    ]);
  }
}

/** Adds a skill to the catalogue (409 on a name already taken, whatever its case). */
export async function createSkill(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof skillBody>,
): Promise<SkillRow> {
  await assertNameFree(db, input.name);
  return db.transaction(async (tx) => {
    const row = await repo.insertSkill(tx, {
      name: input.name,
      category: input.category ?? null,
      certification: input.certification ?? false,
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'skill',
      entityId: row.id,
      after: row,
    });
    return { ...row, technicianCount: 0 };
  });
}

/** Renames or recategorises a skill; returns it with its holders counted. */
export async function updateSkill(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: z.infer<typeof skillPatch>,
): Promise<SkillRow> {
  const before = await getSkillOrThrow(db, id);
  if (input.name !== undefined) await assertNameFree(db, input.name, id);
  const after = await db.transaction(async (tx) => {
    const after = await repo.updateSkill(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.category !== undefined ? { category: input.category } : {}),
      ...(input.certification !== undefined ? { certification: input.certification } : {}),
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'skill',
      entityId: id,
      before,
      after,
    });
    return after;
  });
  return { ...after, technicianCount: await repo.countHolders(db, id) };
}

/** Deletes a skill nobody holds and no intervention requires (409 otherwise). */
export async function deleteSkill(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const before = await getSkillOrThrow(db, id);
  await db.transaction(async (tx) => {
    const used = await repo.countHolders(tx, id);
    if (used > 0) {
      throw conflict(
        `Impossible de supprimer la compétence « ${before.name} » : ${used} technicien${used > 1 ? 's la détiennent' : ' la détient'}. Retirez-la d’abord de leur fiche.`,
      );
    }
    // Interventions may require it too (intervention_skills): the foreign key would refuse then.
    if ((await repo.countRequiringInterventions(tx, id)) > 0) {
      throw conflict(
        `Impossible de supprimer la compétence « ${before.name} » : des interventions la requièrent.`,
      );
    }
    await repo.deleteSkill(tx, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'skill',
      entityId: id,
      before,
    });
  });
}
