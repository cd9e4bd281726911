import { and, eq, gt, gte, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { positionBody } from '../../../shared/schemas/technicians.ts';
import { absences, technicianPositions, technicians, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, conflict, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { publishEvent } from '../notifications/events.service.ts';
import { withinWorkingHours } from './paris.ts';
import { latestPositionMaxAgeMs } from './technicians.read.ts';
import { kindOfRole } from './technicians.repo.ts';
import { getMyTechnician } from './technicians.service.ts';

/**
 * Live positions (CNIL): the technician switches sharing on and off himself (each switch is an audit
 * entry); a position is stored only while sharing is on AND he is on duty — now, Paris time, inside
 * his working hours and not on an approved absence. No speed or heading is kept (the body is strict).
 * Positions older than two months are purged every night.
 */
export async function setPositionSharing(db: Db, ctx: RequestContext, enabled: boolean) {
  const { row } = await getMyTechnician(db, ctx);
  await db.transaction(async (tx) => {
    await tx
      .update(technicians)
      .set({ positionSharing: enabled, updatedAt: clock.now() })
      .where(eq(technicians.id, row.id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: enabled ? 'position_sharing.on' : 'position_sharing.off',
      entityType: 'technician',
      entityId: row.id,
      before: { positionSharing: row.positionSharing },
      after: { positionSharing: enabled },
    });
  });
  return enabled;
}

/** Whether the technician is on duty at `at`: inside his working hours and not on approved leave. */
export async function isOnDuty(
  db: Db,
  t: { id: string; workingHours: Parameters<typeof withinWorkingHours>[0] },
  at: Date,
): Promise<boolean> {
  if (!withinWorkingHours(t.workingHours, at)) return false;
  const [absent] = await db
    .select({ id: absences.id })
    .from(absences)
    .where(
      and(
        eq(absences.technicianId, t.id),
        eq(absences.status, 'approuvee'),
        sql`${absences.startsAt} <= ${at}`,
        gt(absences.endsAt, at),
      ),
    )
    .limit(1);
  return !absent;
}

export async function recordPosition(db: Db, ctx: RequestContext, input: z.infer<typeof positionBody>) {
  const { row } = await getMyTechnician(db, ctx);
  const now = clock.now();
  const recordedAt = input.recordedAt ? new Date(input.recordedAt) : now;
  if (recordedAt.getTime() > now.getTime() + 60_000 || recordedAt.getTime() < now.getTime() - 15 * 60_000) {
    throw validationFailed([
      { path: 'recordedAt', message: 'Position trop ancienne ou datée dans le futur (15 minutes au plus).' },
    ]);
  }
  if (!row.positionSharing) {
    throw conflict('Le partage de position est désactivé : rien n’a été enregistré.');
  }
  if (!row.active || !(await isOnDuty(db, row, now))) {
    throw conflict(
      'Vous n’êtes pas en service (hors horaires de travail ou absence) : position non enregistrée.',
    );
  }
  return db.transaction(async (tx) => {
    const [pos] = await tx
      .insert(technicianPositions)
      .values({
        technicianId: row.id,
        recordedAt,
        latitude: input.latitude,
        longitude: input.longitude,
        accuracy: input.accuracy ?? null,
      })
      .returning();
    await publishEvent(tx, {
      type: 'technician.position',
      module: 'planning',
      payload: {
        technicianId: row.id,
        name: row.name,
        kind: kindOfRole(row.role),
        latitude: pos!.latitude,
        longitude: pos!.longitude,
        accuracy: pos!.accuracy,
        recordedAt: pos!.recordedAt.toISOString(),
      },
    });
    return pos!;
  });
}

/** The last position (at most 2 h old) of each technician sharing his position; office only. */
export async function latestPositions(db: Db, ctx: RequestContext) {
  if (ctx.policy.scopeFor('planning').kind !== 'all') {
    throw new AppError('forbidden', 'Les positions des techniciens sont réservées au bureau.');
  }
  const since = new Date(clock.now().getTime() - latestPositionMaxAgeMs);
  const rows = await db
    .selectDistinctOn([technicianPositions.technicianId], {
      technicianId: technicianPositions.technicianId,
      name: users.name,
      role: users.role,
      latitude: technicianPositions.latitude,
      longitude: technicianPositions.longitude,
      accuracy: technicianPositions.accuracy,
      recordedAt: technicianPositions.recordedAt,
    })
    .from(technicianPositions)
    .innerJoin(technicians, eq(technicians.id, technicianPositions.technicianId))
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(
      and(
        eq(technicians.positionSharing, true),
        eq(technicians.active, true),
        gte(technicianPositions.recordedAt, since),
      ),
    )
    .orderBy(technicianPositions.technicianId, sql`${technicianPositions.recordedAt} DESC`);
  return rows
    .map((r) => ({
      technicianId: r.technicianId,
      name: r.name,
      kind: kindOfRole(r.role),
      latitude: r.latitude,
      longitude: r.longitude,
      accuracy: r.accuracy,
      recordedAt: r.recordedAt.toISOString(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** Deletes positions older than two calendar months (CNIL). Returns how many were deleted. */
export async function purgePositions(db: Db): Promise<number> {
  const limit = clock.now();
  limit.setUTCMonth(limit.getUTCMonth() - 2);
  const deleted = await db
    .delete(technicianPositions)
    .where(lt(technicianPositions.recordedAt, limit))
    .returning({ id: technicianPositions.id });
  return deleted.length;
}
