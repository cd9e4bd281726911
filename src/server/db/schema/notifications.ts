import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, entityRef, parentId, serialPk, timestamptz, uuidPk } from '../columns.ts';
import { users } from './auth.ts';

export type DeliveryAttempt = { at: string; ok: boolean; error?: string; code?: string | null };

/**
 * Every outgoing email and SMS, from the change that caused it to its delivery. The idempotency key
 * is unique: the same trigger twice stores, and so sends, one message.
 */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: uuidPk(),
    channel: text('channel').notNull(),
    event: text('event').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    html: text('html'),
    body: text('body').notNull(),
    ...entityRef(),
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
    createdAt: timestamptz('created_at').notNull(),
    sentAt: timestamptz('sent_at'),
    /** When the last delivery began (status `sending`, committed just before the SMTP transaction). */
    sendingAt: timestamptz('sending_at'),
    /** Found `sending` by a retry (its sender died mid-transaction): it may have arrived twice. */
    possiblyDuplicated: boolean('possibly_duplicated').notNull().default(false),
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
  updatedAt: timestamptz('updated_at').notNull(),
});

/**
 * Real-time events, kept a short while so that a reconnecting client (Last-Event-ID) gets what it
 * missed. `module`/`partnerId`/`clientId`/`userId` say who may receive it.
 */
export const realtimeEvents = pgTable(
  'realtime_events',
  {
    id: serialPk(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Readers need read access to this module (null: any authenticated user). */
    module: text('module'),
    partnerId: uuid('partner_id'),
    clientId: uuid('client_id'),
    /** Only this user receives it (a notification). */
    userId: uuid('user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('realtime_events_created_idx').on(t.createdAt)],
);

/** In-app notifications, one row per receiving user. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuidPk(),
    userId: parentId('user_id', () => users.id, 'cascade'),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** Path of the record in the web app, e.g. `/clients/{id}`. */
    link: text('link'),
    ...entityRef(),
    /** The trigger's idempotency key: the same trigger twice notifies once. */
    idempotencyKey: text('idempotency_key').notNull(),
    readAt: timestamptz('read_at'),
    createdAt: timestamptz('created_at').notNull(),
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
    userId: parentId('user_id', () => users.id, 'cascade'),
    type: text('type').notNull(),
    inApp: boolean('in_app').notNull(),
    email: boolean('email').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.type] })],
);
