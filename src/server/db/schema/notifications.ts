import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type DeliveryAttempt = { at: string; ok: boolean; error?: string; code?: string | null };

/**
 * Every outgoing email and SMS, from the change that caused it to its delivery. The idempotency key
 * is unique: the same trigger twice stores, and so sends, one message.
 */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').notNull(),
    event: text('event').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    html: text('html'),
    body: text('body').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    clientId: uuid('client_id'),
    partnerId: uuid('partner_id'),
    status: text('status').notNull(),
    attempts: jsonb('attempts').$type<DeliveryAttempt[]>().notNull().default([]),
    providerId: text('provider_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbound_messages_status_idx').on(t.status, t.createdAt)],
);
