import { notificationTypeKeys } from '../notification-types.ts';
import { z } from '../zod.ts';

/** One in-app notification of the signed-in user. */
export const notificationOut = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  /** Path of the record in the web app, e.g. `/clients/{id}`. */
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationOut = z.infer<typeof notificationOut>;

export const notificationListQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.uuid().optional(),
});

export const notificationPage = z.object({
  items: z.array(notificationOut),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});
export type NotificationPage = z.infer<typeof notificationPage>;

export const unreadCountOut = z.object({ unreadCount: z.number().int() });

const notificationTypeEnum = z.enum(notificationTypeKeys as [string, ...string[]]);

export const notificationPreferenceOut = z.object({
  type: z.string(),
  label: z.string(),
  description: z.string(),
  inApp: z.boolean(),
  email: z.boolean(),
  emailAllowed: z.boolean(),
});
export type NotificationPreferenceOut = z.infer<typeof notificationPreferenceOut>;

export const notificationPreferencesOut = z.object({ items: z.array(notificationPreferenceOut) });

export const notificationPreferencesBody = z.strictObject({
  items: z
    .array(z.strictObject({ type: notificationTypeEnum, inApp: z.boolean(), email: z.boolean() }))
    .max(100),
});

/** What a `notification.created` Server-Sent Event carries. */
export type NotificationCreatedEvent = { notification: NotificationOut };
