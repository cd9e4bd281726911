import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { entityRef, serialPk, timestamptz } from '../columns.ts';

/**
 * Append-only audit trail: business changes (before/after) and security events. A trigger refuses
 * UPDATE, TRUNCATE and DELETE, but for security events older than the retention of `audit_policy`
 * (migration 0014, `audit_purge()`); the runtime role may only INSERT and SELECT (`infra/db-roles.ts`).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serialPk(),
    at: timestamptz('at').notNull(),
    category: text('category').notNull(),
    action: text('action').notNull(),
    ...entityRef(),
    actorUserId: uuid('actor_user_id'),
    actorTokenId: uuid('actor_token_id'),
    actorLabel: text('actor_label'),
    partnerId: uuid('partner_id'),
    clientId: uuid('client_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    ip: text('ip'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_client_idx').on(t.clientId),
  ],
);
