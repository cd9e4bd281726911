import type { Module } from './permissions.ts';

/**
 * The kinds of in-app notification, with their French label, description and defaults. Each user
 * may change, per type, whether it shows in the app and whether it is also emailed (Mon compte).
 * A type whose `emailAllowed` is false is never emailed (see `outbox.dead`).
 */
export type NotificationTypeInfo = {
  label: string;
  description: string;
  defaults: { inApp: boolean; email: boolean };
  /** Whether the email channel is offered for this type. */
  emailAllowed: boolean;
  /** Offered only to users who may read this module (e.g. administrators' alerts). */
  module?: Module;
};

export const notificationTypes = {
  'client.assigned': {
    label: 'Client attribué',
    description: 'Un client vous est attribué comme chargé de compte.',
    defaults: { inApp: true, email: false },
    emailAllowed: true,
  },
  'outbox.dead': {
    label: 'Message en échec définitif',
    description:
      'Un e-mail ou un SMS n’a pas pu être remis (administrateurs). Pas d’e-mail pour ce type : il pourrait lui-même échouer.',
    defaults: { inApp: true, email: false },
    emailAllowed: false,
    module: 'administration',
  },
} as const satisfies Record<string, NotificationTypeInfo>;

export type NotificationType = keyof typeof notificationTypes;
export const notificationTypeKeys = Object.keys(notificationTypes) as NotificationType[];

export function isNotificationType(v: string): v is NotificationType {
  return Object.hasOwn(notificationTypes, v);
}

/** A user's effective preference for one type: their saved choice, or the type's defaults. */
export function effectivePreference(
  type: NotificationType,
  saved: { inApp: boolean; email: boolean } | undefined,
): { inApp: boolean; email: boolean } {
  const info: NotificationTypeInfo = notificationTypes[type];
  const p = saved ?? info.defaults;
  return { inApp: p.inApp, email: info.emailAllowed && p.email };
}

/** Server-Sent Event types the web app listens to. */
export const realtimeEventTypes = {
  notificationCreated: 'notification.created',
  clientAssigned: 'client.assigned',
} as const;
