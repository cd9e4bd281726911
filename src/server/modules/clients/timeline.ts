import { and, desc, eq, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { auditLink } from '../../../shared/audit.ts';
import { auditFieldLabels } from '../../../shared/audit-changes.ts';
import type { Module } from '../../../shared/permissions.ts';
import { clientStatusLabels } from '../../../shared/schemas/clients.ts';
import type { TimelineEntryOut } from '../../../shared/schemas/timeline.ts';
import { auditLog } from '../../db/schema/index.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { decodeCursor, encodeCursor } from '../../infra/pagination.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere } from '../../policy/scope-sql.ts';
import { getClientOrThrow } from './clients.read.ts';
import { auditSentence, describeChanges, registerAuditSentences } from '../audit/audit-sentences.ts';

/**
 * The keyset position of a timeline page: entries strictly older than (at, key). `at` is compared at
 * millisecond precision, `key` (the entry id) with the "C" collation, so that every source orders
 * its entries the same way as the merge does.
 */
export type TimelineBefore = { at: Date; key: string } | null;

export type TimelineEntry = Omit<TimelineEntryOut, 'at' | 'source'> & { at: Date };

export type TimelineLoadOptions = {
  /** The actor's row scope in the source's module (the client itself is already in scope). */
  scope: RowScope;
  /**
   * The rows of a module whose entries the actor sees (`Policy.historyScope`): for a source that
   * tells entries of several modules (the audit log).
   */
  historyScope: (module: Module, opts?: { internal?: boolean }) => RowScope;
  /** The client's partner: what hangs off the client belongs to it (a partner's row scope). */
  clientPartnerId: string | null;
};

export type TimelineSource = {
  /** The module whose `read` right the actor needs for this source to be queried at all. */
  module: Module;
  /** At most `limit` entries of the client older than `before`, newest first. */
  load(
    db: Db,
    clientId: string,
    before: TimelineBefore,
    limit: number,
    opts: TimelineLoadOptions,
  ): Promise<TimelineEntry[]>;
};

const sources = new Map<string, TimelineSource>();

/**
 * Adds a source of history entries (tickets, orders, interventions, invoices…). A module calls this
 * once at load time; the timeline merges every source by date without knowing them.
 */
export function registerTimelineSource(name: string, source: TimelineSource): () => void {
  if (sources.has(name)) throw new Error(`Source d’historique déjà enregistrée : ${name}`);
  sources.set(name, source);
  return () => sources.delete(name);
}

/**
 * The WHERE clause a source adds for keyset paging: `(at, key) < before`, `at` truncated to the
 * millisecond (JavaScript dates) and `key` the entry id as SQL text.
 */
export function timelineBeforeWhere(at: SQLWrapper, key: SQL, before: TimelineBefore): SQL | undefined {
  if (!before) return undefined;
  const ms = sql`date_trunc('milliseconds', ${at})`;
  const iso = before.at.toISOString();
  return or(
    sql`${ms} < ${iso}::timestamptz`,
    and(sql`${ms} = ${iso}::timestamptz`, sql`(${key}) COLLATE "C" < ${before.key} COLLATE "C"`),
  );
}

function newerFirst(a: TimelineEntry, b: TimelineEntry): number {
  const d = b.at.getTime() - a.at.getTime();
  if (d !== 0) return d;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** A client's history, newest first, merged from every source the actor may read. */
export async function clientTimeline(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<{ items: TimelineEntryOut[]; nextCursor: string | null }> {
  const client = await getClientOrThrow(db, ctx, clientId);
  const c = decodeCursor<[string, string]>(q.cursor, 2);
  const before: TimelineBefore = c ? { at: new Date(c[0]), key: c[1] } : null;
  if (before && Number.isNaN(before.at.getTime())) return { items: [], nextCursor: null };
  const historyScope = (module: Module, opts?: { internal?: boolean }) =>
    ctx.policy.historyScope(module, opts);
  const loaded = await Promise.all(
    [...sources].map(async ([name, src]) => {
      const scope = historyScope(src.module);
      if (scope.kind === 'none') return [];
      const rows = await src.load(db, clientId, before, q.limit + 1, {
        scope,
        historyScope,
        clientPartnerId: client.partnerId,
      });
      return rows.map((r) => ({ ...r, source: name }));
    }),
  );
  const merged = loaded.flat().sort(newerFirst);
  const items = merged.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((e) => ({ ...e, at: e.at.toISOString() })),
    nextCursor: merged.length > q.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The audit-log source: every recorded change of the client and of what hangs off it.

/** The client's fields its sentence names (the shared French labels; its name is its legal name). */
const fieldLabels: Record<string, string> = {
  ...Object.fromEntries(
    (
      [
        'siren',
        'siret',
        'vatNumber',
        'nafCode',
        'legalForm',
        'segmentId',
        'sizeBand',
        'tags',
        'status',
        'partnerId',
        'accountManagerId',
        'email',
        'phone',
        'postalCode',
        'city',
      ] as const
    ).map((f) => [f, auditFieldLabels[f]!]),
  ),
  name: 'raison sociale',
};
/** Fields whose values are identifiers: named in the sentence, values left out. */
const idFields = new Set(['segmentId', 'partnerId', 'accountManagerId']);

function shown(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  if (field === 'status' && typeof v === 'string') {
    return clientStatusLabels[v as keyof typeof clientStatusLabels] ?? v;
  }
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

/** The client's own entries; what hangs off it (sites, contacts…) gets the generic sentence. */
registerAuditSentences('client', (who, { action, before, after }) => {
  if (action === 'create') return `${who} a créé le client`;
  if (action === 'delete') return `${who} a supprimé le client`;
  if (action === 'update')
    return `${who} a modifié le client${describeChanges(before, after, fieldLabels, shown, idFields)}`;
  return null;
});

/**
 * Who may read the audit entries of an entity type in a client's history: those who read its
 * module, on the rows of their scope (`Policy.historyScope`). An entity type no module declared
 * is shown to nobody.
 */
export type AuditKind = {
  /** The module whose `read` right the entries need. */
  module: Module;
  /** Internal entries (client notes): staff only. */
  internal?: boolean;
  /**
   * For a module with a field technician's scope (interventions): whether the entry's row, named
   * by the entry's entity id (as a uuid, null when it is not one), is one of the technician's.
   * Without it a technician's scope sees none of the entries.
   */
  technicianOwns?: (userId: string, entityUuid: SQL) => SQL;
};

const auditKinds = new Map<string, AuditKind>();

/** Each module declares the entity types of its audit entries that carry a client id. */
export function registerAuditKinds(entityTypes: readonly string[], kind: AuditKind): void {
  for (const t of entityTypes) auditKinds.set(t, kind);
}

// Contracts follow the clients' rights (their routes are `clients:*`), and so do the SMS sent from a client.
registerAuditKinds(
  [
    'client',
    'site',
    'contact',
    'telephony_platform',
    'number_range',
    'maintenance_contract',
    'outbound_message',
  ],
  { module: 'clients' },
);
registerAuditKinds(['client_note'], { module: 'clients', internal: true });

/** The audit entries the actor sees: per declared entity type, its module's rows in scope. */
function visibleAuditKinds(opts: TimelineLoadOptions): SQL {
  const entityUuid = sql`(CASE WHEN ${auditLog.entityId} ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN ${auditLog.entityId}::uuid END)`;
  const visible: SQL[] = [];
  for (const [entityType, kind] of auditKinds) {
    const scope = opts.historyScope(kind.module, { internal: kind.internal ?? false });
    if (scope.kind === 'none') continue;
    const { technicianOwns } = kind;
    const inScope = scopeWhere(scope, {
      partner: sql`${opts.clientPartnerId}::uuid`,
      technician: technicianOwns && ((userId) => technicianOwns(userId, entityUuid)),
    });
    visible.push(and(eq(auditLog.entityType, entityType), inScope)!);
  }
  return or(...visible) ?? sql`false`;
}

const auditKey = sql`'audit:' || lpad(${auditLog.id}::text, 19, '0')`;

registerTimelineSource('audit', {
  module: 'clients',
  async load(db, clientId, before, limit, opts) {
    const rows = await db
      .select({
        key: sql<string>`${auditKey}`,
        at: auditLog.at,
        action: auditLog.action,
        entityType: auditLog.entityType,
        actorLabel: auditLog.actorLabel,
        actorUserId: auditLog.actorUserId,
        entityId: auditLog.entityId,
        clientId: auditLog.clientId,
        before: auditLog.before,
        after: auditLog.after,
      })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.clientId, clientId),
          eq(auditLog.category, 'business'),
          visibleAuditKinds(opts),
          timelineBeforeWhere(auditLog.at, auditKey, before),
        ),
      )
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(limit);
    return rows.map((r) => ({
      id: r.key,
      at: r.at,
      actor: r.actorLabel,
      text: auditSentence(r),
      link: auditLink(r),
      entityType: r.entityType,
    }));
  },
});
