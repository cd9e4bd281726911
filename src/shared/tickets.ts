/**
 * Vocabulary of tickets, shared by the server and the web app: types, priorities, statuses with
 * their allowed transitions, channels, escalation levels — with their French labels.
 */

export const ticketTypes = ['incident', 'demande', 'projet', 'sav'] as const;
export type TicketType = (typeof ticketTypes)[number];
export const ticketTypeLabels: Record<TicketType, string> = {
  incident: 'Incident',
  demande: 'Demande',
  projet: 'Projet',
  sav: 'SAV',
};

export const ticketPriorities = ['P1', 'P2', 'P3', 'P4'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];
/** The name a priority goes by (a badge, a list); `ticketPriorityLabels` adds its code. */
export const ticketPriorityNames: Record<TicketPriority, string> = {
  P1: 'Critique',
  P2: 'Haute',
  P3: 'Normale',
  P4: 'Basse',
};
export const ticketPriorityLabels: Record<TicketPriority, string> = {
  P1: 'P1 — Critique',
  P2: 'P2 — Haute',
  P3: 'P3 — Normale',
  P4: 'P4 — Basse',
};
export const ticketPriorityColors: Record<TicketPriority, string> = {
  P1: 'red',
  P2: 'orange',
  P3: 'blue',
  P4: 'gray',
};

export const ticketStatuses = [
  'ouvert',
  'en_cours',
  'en_attente_client',
  'escalade',
  'resolu',
  'clos',
] as const;
export type TicketStatus = (typeof ticketStatuses)[number];
/** The client shown for a ticket without one (an e-mail from an unknown sender, until support qualifies it). */
export const unqualifiedClientLabel = 'À qualifier';

export const ticketStatusLabels: Record<TicketStatus, string> = {
  ouvert: 'Ouvert',
  en_cours: 'En cours',
  en_attente_client: 'En attente client',
  escalade: 'Escaladé',
  resolu: 'Résolu',
  clos: 'Clos',
};
export const ticketStatusColors: Record<TicketStatus, string> = {
  ouvert: 'blue',
  en_cours: 'indigo',
  en_attente_client: 'yellow',
  escalade: 'red',
  resolu: 'green',
  clos: 'gray',
};

/**
 * Allowed transitions. A client's reply on a ticket `en_attente_client` moves it back to `en_cours`
 * (the SLA clock resumes); a reply on a `resolu` ticket reopens it; `clos` is final.
 */
export const ticketTransitions: Record<TicketStatus, readonly TicketStatus[]> = {
  ouvert: ['en_cours', 'en_attente_client', 'escalade', 'resolu'],
  en_cours: ['en_attente_client', 'escalade', 'resolu'],
  en_attente_client: ['en_cours', 'escalade', 'resolu'],
  escalade: ['en_cours', 'en_attente_client', 'resolu'],
  resolu: ['en_cours', 'clos'],
  clos: [],
};

export function canTicketTransition(from: TicketStatus, to: TicketStatus): boolean {
  return ticketTransitions[from].includes(to);
}

/** Statuses of an open ticket (queues, SLA clocks running or paused). */
export const openTicketStatuses: readonly TicketStatus[] = [
  'ouvert',
  'en_cours',
  'en_attente_client',
  'escalade',
];

export const ticketChannels = ['telephone', 'email', 'portail', 'api'] as const;
export type TicketChannel = (typeof ticketChannels)[number];
export const ticketChannelLabels: Record<TicketChannel, string> = {
  telephone: 'Téléphone',
  email: 'E-mail',
  portail: 'Portail partenaire',
  api: 'API',
};

export const escalationLevelLabels: Record<number, string> = {
  0: 'Niveau 1 — Support',
  1: 'Niveau 2 — Technique',
  2: 'Niveau 3 — Expert',
  3: 'Direction',
};
export const maxEscalationLevel = 3;

export const slaMetrics = ['first_response', 'resolution'] as const;
export type SlaMetric = (typeof slaMetrics)[number];
export const slaMetricLabels: Record<SlaMetric, string> = {
  first_response: 'Première réponse',
  resolution: 'Résolution',
};
/** ok (green), at_risk (amber: past the warning threshold), breached (red), paused, met. */
export const slaStates = ['ok', 'at_risk', 'breached', 'paused', 'met'] as const;
export type SlaState = (typeof slaStates)[number];
