import { auditChanges } from '../../../shared/audit-changes.ts';
import { auditLink, auditObjectLabel } from '../../../shared/audit.ts';
import { auditSentence } from './audit-sentences.ts';
import type { AuditRow } from './audit.repo.ts';

/**
 * An audit entry as the admin's log shows it: the stored row, plus its French sentence, the page
 * of its object and its changes as French field labels with old → new values.
 */
export function presentAuditEntry(r: AuditRow) {
  return {
    ...r,
    at: r.at.toISOString(),
    sentence: auditSentence(r),
    link: auditLink(r),
    object: auditObjectLabel(r.entityType, r.after ?? r.before),
    changes: auditChanges(r.entityType, r.before, r.after),
  };
}
