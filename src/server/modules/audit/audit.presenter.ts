import type { AuditRow } from './audit.repo.ts';

/** An audit entry as the admin's log shows it. */
export function presentAuditEntry(r: AuditRow) {
  return { ...r, at: r.at.toISOString() };
}
