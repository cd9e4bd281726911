import { and, desc, eq, gt, lt, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { absences, technicians, users } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere } from './technicians.repo.ts';
import { insertRow, updateRow } from '../../infra/rows.ts';

export type AbsenceBase = typeof absences.$inferSelect;
/** An absence with the names shown beside it and its technician's user (the row owner). */
export type AbsenceRow = {
  a: AbsenceBase;
  technicianName: string;
  technicianUserId: string;
  requestedByName: string | null;
  decidedByName: string | null;
};

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');
const techUser = alias(users, 'tech_user');

function baseQuery(db: Db) {
  return db
    .select({
      a: absences,
      technicianName: techUser.name,
      technicianUserId: technicians.userId,
      requestedByName: requester.name,
      decidedByName: decider.name,
    })
    .from(absences)
    .innerJoin(technicians, eq(technicians.id, absences.technicianId))
    .innerJoin(techUser, eq(techUser.id, technicians.userId))
    .leftJoin(requester, eq(requester.id, absences.requestedBy))
    .leftJoin(decider, eq(decider.id, absences.decidedBy));
}

export type AbsenceFilters = { technicianId?: string; status?: string; from?: string; to?: string };

/** The absences inside the row scope, newest first (at most 500). */
export async function listAbsences(db: Db, scope: RowScope, f: AbsenceFilters): Promise<AbsenceRow[]> {
  const where: (SQL | undefined)[] = [scopeWhere(scope)];
  if (f.technicianId) where.push(eq(absences.technicianId, f.technicianId));
  if (f.status) where.push(eq(absences.status, f.status));
  if (f.from) where.push(gt(absences.endsAt, new Date(f.from)));
  if (f.to) where.push(lt(absences.startsAt, new Date(f.to)));
  return baseQuery(db)
    .where(and(...where))
    .orderBy(desc(absences.startsAt))
    .limit(500);
}

export async function findAbsence(db: Db, id: string): Promise<AbsenceRow | undefined> {
  const [r] = await baseQuery(db).where(eq(absences.id, id));
  return r;
}

/** The absence row locked for update, inside the caller's transaction. */
export async function lockAbsence(tx: Db, id: string): Promise<AbsenceBase | undefined> {
  const [cur] = await tx.select().from(absences).where(eq(absences.id, id)).for('update');
  return cur;
}

/**
 * An approved absence of the technician overlapping [startsAt, endsAt), other than `exceptId`.
 * Takes a transaction lock per technician first, so two concurrent approvals cannot both pass.
 */
export async function findApprovedOverlap(
  tx: Db,
  technicianId: string,
  startsAt: Date,
  endsAt: Date,
  exceptId?: string,
): Promise<AbsenceBase | undefined> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`absences:${technicianId}`}))`);
  const [other] = await tx
    .select()
    .from(absences)
    .where(
      and(
        eq(absences.technicianId, technicianId),
        eq(absences.status, 'approuvee'),
        lt(absences.startsAt, endsAt),
        gt(absences.endsAt, startsAt),
        exceptId ? ne(absences.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return other;
}

export const insertAbsence = (tx: Db, values: typeof absences.$inferInsert) =>
  insertRow(tx, absences, values);
export const updateAbsence = (tx: Db, id: string, set: Partial<typeof absences.$inferInsert>) =>
  updateRow(tx, absences, id, set);
