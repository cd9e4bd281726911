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
  'certification.expiring': {
    label: 'Certification à renouveler',
    description:
      'Une certification (habilitation électrique, CACES…) d’un technicien expire dans moins de 30 jours.',
    defaults: { inApp: true, email: true },
    emailAllowed: true,
    module: 'planning',
  },
  'absence.requested': {
    label: 'Demande d’absence',
    description: 'Un technicien demande une absence (congés, formation…) à approuver (ADV).',
    defaults: { inApp: true, email: false },
    emailAllowed: true,
    module: 'planning',
  },
  'absence.decided': {
    label: 'Décision sur une absence',
    description: 'Votre demande d’absence est approuvée, refusée ou annulée.',
    defaults: { inApp: true, email: true },
    emailAllowed: true,
    module: 'planning',
  },
  'intervention.assigned': {
    label: 'Intervention attribuée',
    description: 'Vous êtes planifié sur une intervention (technicien).',
    defaults: { inApp: true, email: true },
    emailAllowed: true,
    module: 'interventions',
  },
  'intervention.late_check_in': {
    label: 'Technicien en retard',
    description: 'Un technicien n’a pas pointé son arrivée 15 minutes après le début du créneau (ADV).',
    defaults: { inApp: true, email: false },
    emailAllowed: true,
    module: 'planning',
  },
  'sla.warning': {
    label: 'SLA bientôt dépassé',
    description: 'Un ticket dont vous êtes responsable (ou le chef d’équipe) approche de son échéance SLA.',
    defaults: { inApp: true, email: false },
    emailAllowed: true,
    module: 'tickets',
  },
  'sla.breach': {
    label: 'SLA dépassé',
    description: 'Un ticket dont vous êtes responsable (ou le chef d’équipe) a dépassé son échéance SLA.',
    defaults: { inApp: true, email: true },
    emailAllowed: true,
    module: 'tickets',
  },
  'contract.renewal': {
    label: 'Échéance de contrat',
    description:
      'Un contrat de maintenance arrive à échéance (90 et 30 jours avant, date limite de préavis), est reconduit ou expire.',
    defaults: { inApp: true, email: true },
    emailAllowed: true,
    module: 'clients',
  },
  'ticket.assigned': {
    label: 'Ticket attribué ou escaladé',
    description: 'Un ticket vous est attribué, ou un ticket de votre équipe est escaladé.',
    defaults: { inApp: true, email: false },
    emailAllowed: true,
    module: 'tickets',
  },
  'ticket.reply': {
    label: 'Réponse du client sur un ticket',
    description: 'Le client ou son partenaire répond sur un ticket qui vous est attribué.',
    defaults: { inApp: true, email: false },
    emailAllowed: true,
    module: 'tickets',
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
