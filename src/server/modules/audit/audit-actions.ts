/**
 * Every action the audit log stores: the union and its French live in `shared/audit.ts`, so that
 * a new action cannot be added without its sentence.
 */
export type { AuditAction } from '../../../shared/audit.ts';
