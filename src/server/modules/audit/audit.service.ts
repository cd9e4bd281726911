import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { csvStream } from '../../infra/csv.ts';
import { type Db, likeStartsWith, rowsOf } from '../../infra/db.ts';
import type { AuditAction } from './audit-actions.ts';

export type { AuditAction } from './audit-actions.ts';

export type AuditEntry = {
  category: 'business' | 'security';
  /** `create`, `update`, `delete` for records; `login.success`, `token.created`… for security. */
  action: AuditAction;
  entityType?: string;
  entityId?: string;
  clientId?: string | null;
  partnerId?: string | null;
  before?: unknown;
  after?: unknown;
};

/** Who did it, where from: taken from the request context, or given for unauthenticated events. */
export type AuditOrigin = Pick<RequestContext, 'ip' | 'requestId'> & {
  actorUserId?: string | null;
  actorTokenId?: string | null;
  actorLabel?: string | null;
};

export function originOf(ctx: RequestContext): AuditOrigin {
  return {
    ip: ctx.ip,
    requestId: ctx.requestId,
    actorUserId: ctx.actor.userId,
    actorTokenId: ctx.actor.tokenId,
    actorLabel: ctx.actor.name,
  };
}

/** Secrets never reach the audit log, whatever a caller passes in before/after. */
const secretKeys = new Set(['passwordHash', 'totpSecret', 'totpPendingSecret', 'tokenHash', 'logo']);
function scrub(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (k, v) => (secretKeys.has(k) ? (v == null ? v : '[masqué]') : v)));
}

/**
 * Appends an audit entry. Pass the transaction of the change so the entry commits or rolls back
 * with it.
 */
export async function recordAudit(db: Db, origin: AuditOrigin | RequestContext, entry: AuditEntry) {
  const o = 'policy' in origin ? originOf(origin) : origin;
  await db.insert(auditLog).values({
    at: clock.now(),
    category: entry.category,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    clientId: entry.clientId ?? null,
    partnerId: entry.partnerId ?? null,
    before: scrub(entry.before),
    after: scrub(entry.after),
    actorUserId: o.actorUserId ?? null,
    actorTokenId: o.actorTokenId ?? null,
    actorLabel: o.actorLabel ?? null,
    ip: o.ip,
    requestId: o.requestId,
  });
}

export type AuditFilter = {
  category?: 'business' | 'security';
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
  /** Keyset cursor: entries with an id below this one. */
  beforeId?: number;
  limit: number;
};

/** Lists audit entries, newest first. Only `administration:read` reaches this (admin only). */
export async function listAudit(db: Db, f: AuditFilter) {
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

const exportHeader = [
  'id',
  'date_utc',
  'categorie',
  'action',
  'type',
  'identifiant',
  'acteur',
  'ip',
  'requete',
  'avant',
  'apres',
];
/** The most rows one export holds, as before it streamed: past this, the admin narrows the filter. */
const exportMaxRows = 100_000;
const exportPageSize = 1_000;

/** The filtered entries, newest first, a page at a time (keyset on the id). */
async function* auditPages(db: Db, f: Omit<AuditFilter, 'limit'>) {
  let beforeId = f.beforeId;
  for (let sent = 0; sent < exportMaxRows; ) {
    const rows = await listAudit(db, {
      ...f,
      beforeId,
      limit: Math.min(exportPageSize, exportMaxRows - sent),
    });
    if (!rows.length) return;
    yield rows.map((r) => [
      r.id,
      r.at,
      r.category,
      r.action,
      r.entityType,
      r.entityId,
      r.actorLabel,
      r.ip,
      r.requestId,
      r.before,
      r.after,
    ]);
    sent += rows.length;
    beforeId = rows[rows.length - 1]!.id;
  }
}

/** The filtered log as a CSV stream (every cell quoted), read a page at a time. */
export function exportAuditCsv(db: Db, f: Omit<AuditFilter, 'limit'>) {
  return csvStream(exportHeader, auditPages(db, f), { quoteAll: true });
}

/** Deletes security events older than the retention period (the only deletion the log allows). */
export async function purgeAudit(db: Db, retentionDays: number): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - retentionDays * 86_400_000);
  const res = await db.execute(sql`SELECT audit_purge(${cutoff.toISOString()}::timestamptz) AS n`);
  return Number(rowsOf<{ n: number }>(res)[0]?.n ?? 0);
}
