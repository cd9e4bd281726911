import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.ts';
import { type Db, likeStartsWith, rowsOf } from '../../infra/db.ts';

export type AuditRow = typeof auditLog.$inferSelect;

export async function insertAuditEntry(db: Db, values: typeof auditLog.$inferInsert) {
  await db.insert(auditLog).values(values);
}

export type AuditFilter = {
  category?: 'business' | 'security' | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorUserId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset cursor: entries with an id below this one. */
  beforeId?: number | undefined;
  limit: number;
};

/** Audit entries, newest first. */
export async function listAuditRows(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (f.category) where.push(eq(auditLog.category, f.category));
  if (f.action) where.push(sql`${auditLog.action} LIKE ${likeStartsWith(f.action)}`);
  if (f.entityType) where.push(eq(auditLog.entityType, f.entityType));
  if (f.entityId) where.push(eq(auditLog.entityId, f.entityId));
  if (f.actorUserId) where.push(eq(auditLog.actorUserId, f.actorUserId));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lte(auditLog.at, f.to));
  if (f.beforeId) where.push(lt(auditLog.id, f.beforeId));
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
}

/**
 * Deletes the security events older than the retention (`audit_policy`, cutoff computed by the
 * database): the only deletion the log's trigger allows.
 */
export async function purgeExpiredSecurityEvents(db: Db): Promise<number> {
  const res = await db.execute(sql`SELECT audit_purge() AS n`);
  return Number(rowsOf<{ n: number }>(res)[0]?.n ?? 0);
}
