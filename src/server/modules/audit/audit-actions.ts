import type { FieldOpKind } from '../../../shared/schemas/field.ts';

/**
 * Every action the audit log stores, as written in `audit_log.action`. These strings are data:
 * existing rows, the timeline sentences (`registerAuditSentences`), the admin's action filter (a
 * prefix) and tests read them, so a new action is added here and an existing one is never renamed.
 */
export type AuditAction =
  // Records, in every module.
  | 'create'
  | 'update'
  | 'delete'
  | 'deactivate'
  | 'import'
  | 'read'
  | 'status'
  | 'cancel'
  | 'rating'
  // Tickets. One escalation has two causes, kept apart in the log: `escalate` when a person
  // escalates by hand, `ticket.escalated` when the SLA breach job does (both via escalateTicket()).
  | 'escalate'
  | 'ticket.escalated'
  | 'auto_assign'
  | 'reply'
  | 'note'
  // Interventions: planning, then each operation of the technician's phone.
  | 'schedule'
  | 'schedule.override'
  | 'unschedule'
  | `intervention.${FieldOpKind}`
  // Technicians.
  | 'approve'
  | 'refuse'
  | 'position_sharing.on'
  | 'position_sharing.off'
  // Contracts (jobs).
  | 'contract.expired'
  | 'contract.renewed'
  // Notifications and messages.
  | 'sms.send'
  | 'outbox.replay'
  | 'message_template.update'
  | 'message_template.reset'
  | 'notification-preferences.update'
  // Administration.
  | 'matrix.changed'
  | 'matrix.reset'
  | 'role.changed'
  | 'user.disabled'
  // Security events (category `security`).
  | 'login.success'
  | 'login.failure'
  | 'logout'
  | 'permission.denied'
  | 'password.changed'
  | 'password.reset'
  | 'password.reset_link'
  | 'token.created'
  | 'token.revoked'
  | 'totp.enabled'
  | 'totp.disabled'
  | 'totp.forced'
  | 'totp.reset';
