import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';

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
    /** The user whose action sent it (SMS quota per user); null for automatic messages. */
    requestedBy: uuid('requested_by').references(() => users.id),
    /** SMS only: GSM-7 or UCS-2, and how many SMS parts the text takes. */
    smsEncoding: text('sms_encoding'),
    smsSegments: integer('sms_segments'),
    /** Email only: files sent as attachments (stored_files ids, read at delivery time). */
    attachments: jsonb('attachments').$type<{ fileId: string; filename: string }[]>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbound_messages_status_idx').on(t.status, t.createdAt),
    index('outbound_messages_requested_by_idx').on(t.requestedBy, t.createdAt),
  ],
);

/** An admin's version of an automatic message's template; without a row the default applies. */
export const messageTemplates = pgTable('message_templates', {
  event: text('event').primaryKey(),
  subject: text('subject'),
  html: text('html'),
  text: text('text'),
  sms: text('sms'),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * Real-time events, kept a short while so that a reconnecting client (Last-Event-ID) gets what it
 * missed. `module`/`partnerId`/`clientId`/`userId` say who may receive it.
 */
export const realtimeEvents = pgTable(
  'realtime_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Readers need read access to this module (null: any authenticated user). */
    module: text('module'),
    partnerId: uuid('partner_id'),
    clientId: uuid('client_id'),
    /** Only this user receives it (a notification). */
    userId: uuid('user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('realtime_events_created_idx').on(t.createdAt)],
);

/** In-app notifications, one row per receiving user. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** Path of the record in the web app, e.g. `/clients/{id}`. */
    link: text('link'),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    /** The trigger's idempotency key: the same trigger twice notifies once. */
    idempotencyKey: text('idempotency_key').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    uniqueIndex('notifications_key_idx').on(t.userId, t.idempotencyKey),
  ],
);

/** Which notification types a user receives, in the app and by email (defaults when no row). */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    inApp: boolean('in_app').notNull(),
    email: boolean('email').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.type] })],
);
