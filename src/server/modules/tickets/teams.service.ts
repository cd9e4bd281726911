import type { z } from 'zod';
import type { teamBody, teamPatch } from '../../../shared/schemas/tickets.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, isUniqueViolation } from '../../infra/db.ts';
import { conflict, notFound, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './teams.repo.ts';
import type { TeamRow } from './teams.repo.ts';
import { assignableUsers } from './tickets.service.ts';

/** Support teams (Administration › Équipes): a lead (notified of escalations and SLA alerts) and members. */

/** The teams, for staff only: a partner's ticket pages do not show them. */
export async function listTeams(db: Db, ctx: RequestContext): Promise<TeamRow[]> {
  return ctx.policy.isStaff() ? repo.listTeams(db) : [];
}

/** The team with its lead and members, or 404. */
export async function getTeamOrThrow(db: Db, id: string): Promise<TeamRow> {
  const [row] = await repo.listTeams(db, id);
  if (!row) throw notFound('Équipe');
  return row;
}

/** Who a ticket may be assigned to, for staff only (a partner assigns nobody). */
export async function listAssignees(db: Db, ctx: RequestContext) {
  return ctx.policy.isStaff() ? assignableUsers(db) : [];
}

async function assertUsersExist(db: Db, ids: string[], path: string) {
  if (ids.length === 0) return;
  const found = await repo.existingUserIds(db, ids);
  const details = ids
    .map((id, i) => ({ id, i }))
    .filter((x) => !found.has(x.id))
    .map((x) => ({ path: path === 'leadUserId' ? path : `${path}.${x.i}`, message: 'Utilisateur inconnu.' }));
  if (details.length) throw validationFailed(details);
}

const nameTaken = () =>
  conflict('Une équipe porte déjà ce nom.', [{ path: 'name', message: 'Nom déjà pris.' }]);

/** Creates a team with its lead and members (409 on a name already taken, whatever its case). */
export async function createTeam(db: Db, ctx: RequestContext, body: z.infer<typeof teamBody>) {
  if (body.leadUserId) await assertUsersExist(db, [body.leadUserId], 'leadUserId');
  await assertUsersExist(db, body.memberIds, 'memberIds');
  if (await repo.nameExists(db, body.name)) throw nameTaken();
  try {
    return await db.transaction(async (tx) => {
      const row = await repo.insertTeam(tx, { name: body.name, leadUserId: body.leadUserId ?? null });
      await repo.setMembers(tx, row.id, body.memberIds);
      await recordAudit(tx, ctx, {
        category: 'business',
        action: 'create',
        entityType: 'team',
        entityId: row.id,
        after: { name: row.name, leadUserId: row.leadUserId, memberIds: body.memberIds },
      });
      return row;
    });
  } catch (e) {
    // Two creations racing past the check above: the unique index decides.
    if (isUniqueViolation(e)) throw nameTaken();
    throw e;
  }
}

/** Renames a team, changes its lead, or replaces its members. */
export async function updateTeam(db: Db, ctx: RequestContext, id: string, body: z.infer<typeof teamPatch>) {
  const before = await repo.findTeam(db, id);
  if (!before) throw notFound('Équipe');
  if (body.leadUserId) await assertUsersExist(db, [body.leadUserId], 'leadUserId');
  if (body.memberIds) await assertUsersExist(db, body.memberIds, 'memberIds');
  if (body.name && (await repo.nameExists(db, body.name, id))) throw nameTaken();
  return db.transaction(async (tx) => {
    const values: Partial<typeof before> = {};
    if (body.name !== undefined) values.name = body.name;
    if (body.leadUserId !== undefined) values.leadUserId = body.leadUserId;
    const after = Object.keys(values).length ? await repo.updateTeam(tx, id, values) : before;
    if (body.memberIds) await repo.setMembers(tx, id, body.memberIds);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'team',
      entityId: id,
      before: { name: before.name, leadUserId: before.leadUserId },
      after: { name: after.name, leadUserId: after.leadUserId, memberIds: body.memberIds ?? null },
    });
    return after;
  });
}

/** Deletes a team; its tickets keep their assignee and lose their team (ON DELETE SET NULL). */
export async function deleteTeam(db: Db, ctx: RequestContext, id: string) {
  const before = await repo.findTeam(db, id);
  if (!before) throw notFound('Équipe');
  await db.transaction(async (tx) => {
    await repo.deleteTeam(tx, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'team',
      entityId: id,
      before: { name: before.name, leadUserId: before.leadUserId },
    });
  });
}
