import type { auditQuery } from '../../../shared/schemas/admin.ts';
import { nextDay, parisDayStart } from '../../../shared/paris-time.ts';
import type { z } from '../../../shared/zod.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { csvStream } from '../../infra/csv.ts';
import type { Db } from '../../infra/db.ts';
import { decodeIdCursor } from '../../infra/pagination.ts';
import type { AuditAction } from './audit-actions.ts';
import { auditSentence } from './audit-sentences.ts';
import {
  type AuditFilter,
  type AuditRow,
  insertAuditEntry,
  listAuditRows,
  purgeExpiredSecurityEvents,
} from './audit.repo.ts';

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

/** The fields of a record that its audit snapshot keeps (`before` / `after`), in the order given. */
export function snapshotFields<T extends object, const K extends keyof T>(
  row: T,
  keys: readonly K[],
): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Pick<T, K>;
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
  await insertAuditEntry(db, {
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

type AuditQuery = z.infer<typeof auditQuery>;

/** The filter of a query: a bare date is a day in Paris, as the admin reads it on screen. */
function filterOf(q: AuditQuery): Omit<AuditFilter, 'limit'> {
  const dayStart = (d: string) => (d.length === 10 ? parisDayStart(d) : new Date(d));
  const dayEnd = (d: string) =>
    d.length === 10 ? new Date(parisDayStart(nextDay(d)).getTime() - 1) : new Date(d);
  return {
    category: q.category,
    action: q.action,
    entityType: q.entityType,
    entityId: q.entityId,
    actorUserId: q.actorUserId,
    from: q.from ? dayStart(q.from) : undefined,
    to: q.to ? dayEnd(q.to) : undefined,
    beforeId: decodeIdCursor(q.cursor),
  };
}

/**
 * A page of audit entries, newest first, and the cursor of the next one. Only
 * `administration:read` reaches this (admin only).
 */
export async function listAudit(
  db: Db,
  q: AuditQuery,
): Promise<{ items: AuditRow[]; nextCursor: string | null }> {
  const rows = await listAuditRows(db, { ...filterOf(q), limit: q.limit + 1 });
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? String(items[items.length - 1]!.id) : null };
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
  'evenement',
];
/** The most rows one export holds, as before it streamed: past this, the admin narrows the filter. */
const exportMaxRows = 100_000;
const exportPageSize = 1_000;

/** The filtered entries, newest first, a page at a time (keyset on the id). */
async function* auditPages(db: Db, f: Omit<AuditFilter, 'limit'>) {
  let beforeId = f.beforeId;
  for (let sent = 0; sent < exportMaxRows; ) {
    const rows = await listAuditRows(db, {
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
      auditSentence(r),
    ]);
    sent += rows.length;
    beforeId = rows[rows.length - 1]!.id;
  }
}

/** The filtered log as a CSV stream (every cell quoted), read a page at a time. */
export function exportAuditCsv(db: Db, q: AuditQuery) {
  return csvStream(exportHeader, auditPages(db, filterOf(q)), { quoteAll: true });
}

/**
 * Deletes security events older than the retention period (the only deletion the log allows). The
 * retention is the database's (`AUDIT_RETENTION_DAYS`, written by the owner at start), and so is
 * the cutoff: no caller can widen it.
 */
export async function purgeAudit(db: Db): Promise<number> {
  return purgeExpiredSecurityEvents(db);
}
