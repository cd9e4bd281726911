import { type AuditEntryView, auditGenericSentence } from '../../../shared/audit.ts';

/**
 * The French sentence of an audit entry, the same in the admin's journal and in a client's
 * history: a module words its own entity types (`registerAuditSentences`, in its `x.timeline.ts`),
 * every other entry gets the generic sentence of `shared/audit.ts` (one per action and entity type).
 */

export type Json = Record<string, unknown> | null;

/** A non-blank string field of an audit snapshot. */
export function auditText(row: Json, key: string): string | null {
  const v = row?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/**
 * « statut : Prospect → Actif ; ville : Lyon → Caluire » for the fields of `labels` that changed;
 * identifier fields are named without their values. Empty when nothing listed changed.
 */
export function describeChanges(
  before: Json,
  after: Json,
  labels: Record<string, string>,
  show: (field: string, v: unknown) => string,
  identifiers: ReadonlySet<string> = new Set(),
): string {
  if (!before || !after) return '';
  const parts: string[] = [];
  for (const [field, label] of Object.entries(labels)) {
    const a = before[field];
    const b = after[field];
    if (JSON.stringify(a ?? null) === JSON.stringify(b ?? null)) continue;
    parts.push(identifiers.has(field) ? label : `${label} : ${show(field, a)} → ${show(field, b)}`);
  }
  return parts.length ? ` (${parts.slice(0, 6).join(' ; ')}${parts.length > 6 ? ' ; …' : ''})` : '';
}

/**
 * A module's sentence for the audit entries of its own entity types (`null`: the generic sentence).
 * `who` is the actor's name, or « Le système » for jobs.
 */
export type AuditSentenceWriter = (
  who: string,
  e: { action: string; before: Json; after: Json },
) => string | null;

const sentenceWriters = new Map<string, AuditSentenceWriter>();

/** Each module words its own entries (tickets, interventions, contracts…) in its timeline file. */
export function registerAuditSentences(entityType: string, write: AuditSentenceWriter): void {
  sentenceWriters.set(entityType, write);
}

export function auditSentence(e: AuditEntryView): string {
  const who = e.actorLabel ?? 'Le système';
  const before = (e.before ?? null) as Json;
  const after = (e.after ?? null) as Json;
  const own = e.entityType ? sentenceWriters.get(e.entityType) : undefined;
  return own?.(who, { action: e.action, before, after }) ?? auditGenericSentence(e);
}
