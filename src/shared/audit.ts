import { type Action, actionLabels, type Module, moduleLabels } from './permissions.ts';
import type { FieldOpKind } from './schemas/field.ts';

/**
 * The audit log in French, for every reader: the admin's journal and a client's history (which
 * partners read) say the same sentence, name the object by its number, and show a change as
 * French field labels with old → new values. Pure code: the server words the entries with it, the
 * web app labels its filters with it.
 */

/**
 * Every action the audit log stores, as written in `audit_log.action`. These strings are data:
 * existing rows, the sentences, the admin's action filter (a prefix) and tests read them, so a new
 * action is added here (with its French below) and an existing one is never renamed.
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
  // Quotes: a new version of a sent quote, sending it, the client's decision.
  | 'quote.version'
  | 'quote.send'
  | 'quote.accept'
  | 'quote.refuse'
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

/**
 * Per action: its name in lists, and its sentence. In a sentence `{qui}` is the actor, `{objet}`
 * the object (« le ticket T-2026-000017 »), `{de}` and `{à}` the object after « de » / « à » with
 * French contractions (« du ticket », « au ticket »); a sentence starting with the object is
 * capitalised.
 */
export const auditActions: Record<AuditAction, { label: string; sentence: string }> = {
  create: { label: 'Création', sentence: '{qui} a créé {objet}' },
  update: { label: 'Modification', sentence: '{qui} a modifié {objet}' },
  delete: { label: 'Suppression', sentence: '{qui} a supprimé {objet}' },
  deactivate: { label: 'Désactivation', sentence: '{qui} a désactivé {objet}' },
  import: { label: 'Import', sentence: '{qui} a importé {objet}' },
  read: { label: 'Consultation', sentence: '{qui} a consulté {objet}' },
  status: { label: 'Changement de statut', sentence: '{qui} a changé le statut {de}' },
  cancel: { label: 'Annulation', sentence: '{qui} a annulé {objet}' },
  rating: { label: 'Note de satisfaction', sentence: '{qui} a noté {objet}' },
  escalate: { label: 'Escalade', sentence: '{qui} a escaladé {objet}' },
  'ticket.escalated': {
    label: 'Escalade automatique (SLA)',
    sentence: '{objet} a été escaladé automatiquement (SLA dépassé)',
  },
  auto_assign: { label: 'Attribution automatique', sentence: '{objet} a été attribué automatiquement' },
  reply: { label: 'Réponse', sentence: '{qui} a répondu {à}' },
  note: { label: 'Note interne', sentence: '{qui} a ajouté une note interne {à}' },
  schedule: { label: 'Planification', sentence: '{qui} a planifié {objet}' },
  'schedule.override': {
    label: 'Planification forcée',
    sentence: '{qui} a forcé le créneau {de} malgré les conflits',
  },
  unschedule: { label: 'Retrait du planning', sentence: '{qui} a retiré {objet} du planning' },
  'intervention.en_route': { label: 'En route', sentence: '{qui} est en route pour {objet}' },
  'intervention.check_in': { label: 'Arrivée sur site', sentence: '{qui} est arrivé sur site pour {objet}' },
  'intervention.check_out': { label: 'Départ du site', sentence: '{qui} a quitté le site {de}' },
  'intervention.report': { label: 'Compte rendu', sentence: '{qui} a rédigé le compte rendu {de}' },
  'intervention.photo': { label: 'Photo', sentence: '{qui} a ajouté une photo {à}' },
  'intervention.signature': { label: 'Signature', sentence: '{qui} a fait signer le PV {de}' },
  'intervention.complete': { label: 'Fin de l’intervention', sentence: '{qui} a terminé {objet}' },
  'intervention.fail': { label: 'Intervention échouée', sentence: '{qui} a signalé l’échec {de}' },
  approve: { label: 'Approbation', sentence: '{qui} a approuvé {objet}' },
  refuse: { label: 'Refus', sentence: '{qui} a refusé {objet}' },
  'position_sharing.on': {
    label: 'Partage de position activé',
    sentence: '{qui} a activé le partage de position {de}',
  },
  'position_sharing.off': {
    label: 'Partage de position désactivé',
    sentence: '{qui} a désactivé le partage de position {de}',
  },
  'contract.expired': { label: 'Contrat expiré', sentence: '{objet} a expiré' },
  'contract.renewed': { label: 'Contrat reconduit', sentence: '{objet} a été reconduit tacitement' },
  'quote.version': { label: 'Nouvelle version', sentence: '{qui} a créé une nouvelle version {de}' },
  'quote.send': { label: 'Envoi du devis', sentence: '{qui} a envoyé {objet}' },
  'quote.accept': { label: 'Devis accepté', sentence: '{qui} a accepté {objet}' },
  'quote.refuse': { label: 'Devis refusé', sentence: '{qui} a refusé {objet}' },
  'sms.send': { label: 'Envoi de SMS', sentence: '{qui} a envoyé un SMS {à}' },
  'outbox.replay': { label: 'Message renvoyé', sentence: '{qui} a renvoyé {objet}' },
  'message_template.update': { label: 'Modèle de message modifié', sentence: '{qui} a modifié {objet}' },
  'message_template.reset': {
    label: 'Modèle de message rétabli',
    sentence: '{qui} a rétabli la version d’origine {de}',
  },
  'notification-preferences.update': {
    label: 'Préférences de notification',
    sentence: '{qui} a modifié ses préférences de notification',
  },
  'matrix.changed': {
    label: 'Matrice des droits modifiée',
    sentence: '{qui} a modifié la matrice des droits',
  },
  'matrix.reset': {
    label: 'Matrice des droits rétablie',
    sentence: '{qui} a rétabli la matrice des droits par défaut',
  },
  'role.changed': { label: 'Rôle modifié', sentence: '{qui} a changé le rôle {de}' },
  'user.disabled': { label: 'Utilisateur désactivé', sentence: '{qui} a désactivé {objet}' },
  'login.success': { label: 'Connexion réussie', sentence: 'Connexion de {qui}' },
  'login.failure': { label: 'Échec de connexion', sentence: 'Échec de connexion pour {qui}' },
  logout: { label: 'Déconnexion', sentence: 'Déconnexion de {qui}' },
  'permission.denied': { label: 'Accès refusé', sentence: 'Accès refusé à {qui}' },
  'password.changed': { label: 'Mot de passe modifié', sentence: '{qui} a changé son mot de passe' },
  'password.reset': {
    label: 'Mot de passe réinitialisé',
    sentence: '{qui} a choisi un nouveau mot de passe par un lien de réinitialisation',
  },
  'password.reset_link': {
    label: 'Lien de réinitialisation envoyé',
    sentence: '{qui} a envoyé un lien de réinitialisation du mot de passe {à}',
  },
  'token.created': { label: 'Jeton d’API créé', sentence: '{qui} a créé {objet}' },
  'token.revoked': { label: 'Jeton d’API révoqué', sentence: '{qui} a révoqué {objet}' },
  'totp.enabled': {
    label: 'Double authentification activée',
    sentence: '{qui} a activé la double authentification',
  },
  'totp.disabled': {
    label: 'Double authentification désactivée',
    sentence: '{qui} a désactivé la double authentification {de}',
  },
  'totp.forced': {
    label: 'Double authentification imposée',
    sentence: '{qui} a imposé la double authentification {à}',
  },
  'totp.reset': {
    label: 'Double authentification réinitialisée',
    sentence: '{qui} a réinitialisé la double authentification {de}',
  },
};

/** Sentences of actions one does on oneself (the actor is the object): « mot de passe oublié »… */
const selfSentences: Partial<Record<AuditAction, string>> = {
  'password.reset_link': '{qui} a demandé un lien de réinitialisation du mot de passe (mot de passe oublié)',
  'totp.disabled': '{qui} a désactivé sa double authentification',
};

/**
 * Every type of object the log names: its label in lists, and its noun with its article (the
 * object of a sentence, followed by the object's number or name when the entry has one).
 */
export const auditEntityTypes: Record<string, { label: string; noun: string; added?: true }> = {
  client: { label: 'Client', noun: 'le client' },
  site: { label: 'Site', noun: 'le site', added: true },
  contact: { label: 'Contact', noun: 'le contact', added: true },
  telephony_platform: { label: 'Plateforme téléphonique', noun: 'la plateforme téléphonique', added: true },
  number_range: { label: 'Plage de numéros', noun: 'la plage de numéros', added: true },
  client_note: { label: 'Note interne', noun: 'une note interne', added: true },
  client_segment: { label: 'Segment', noun: 'le segment' },
  maintenance_contract: { label: 'Contrat', noun: 'le contrat' },
  ticket: { label: 'Ticket', noun: 'le ticket' },
  ticket_message: { label: 'Message de ticket', noun: 'le ticket' },
  ticket_assignment_setting: { label: 'Règles d’attribution', noun: 'les règles d’attribution des tickets' },
  team: { label: 'Équipe', noun: 'l’équipe' },
  sla_policy: { label: 'Politique SLA', noun: 'la politique SLA' },
  business_calendar: { label: 'Calendrier', noun: 'le calendrier' },
  intervention: { label: 'Intervention', noun: 'l’intervention' },
  technician: { label: 'Technicien', noun: 'le technicien' },
  technician_skills: { label: 'Compétences d’un technicien', noun: 'les compétences du technicien' },
  skill: { label: 'Compétence', noun: 'la compétence' },
  absence: { label: 'Absence', noun: 'l’absence' },
  product: { label: 'Article', noun: 'l’article' },
  product_pack: { label: 'Pack', noun: 'le pack' },
  quote: { label: 'Devis', noun: 'le devis' },
  partner_price_list: { label: 'Tarifs partenaire', noun: 'les tarifs du partenaire' },
  outbound_message: { label: 'Message envoyé', noun: 'le message' },
  message_template: { label: 'Modèle de message', noun: 'le modèle de message' },
  user: { label: 'Utilisateur', noun: 'l’utilisateur' },
  partner: { label: 'Partenaire', noun: 'le partenaire' },
  api_token: { label: 'Jeton d’API', noun: 'le jeton d’API' },
  permission_matrix: { label: 'Matrice des droits', noun: 'la matrice des droits' },
  company_settings: { label: 'Société', noun: 'les paramètres de la société' },
};

/** The label of an action in lists (the code itself only for an action this file does not know). */
export const auditActionLabel = (action: string): string =>
  auditActions[action as AuditAction]?.label ?? action;

export const auditEntityLabel = (entityType: string | null): string =>
  entityType ? (auditEntityTypes[entityType]?.label ?? 'Autre objet') : '—';

type Snapshot = Record<string, unknown> | null;
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (row: Snapshot, key: string): string | null => {
  const v = row?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
};

/** What names an object in a snapshot: its number first (T-2026-000017), else its name. */
export function auditObjectName(entityType: string | null, row: Snapshot): string | null {
  const number = text(row, 'number') ?? text(row, 'reference');
  const person = [text(row, 'firstName'), text(row, 'lastName')].filter(Boolean).join(' ');
  const name = text(row, 'name') ?? (person || null) ?? text(row, 'label') ?? text(row, 'email');
  if (entityType === 'ticket_message' || entityType === 'intervention' || entityType === 'ticket')
    return number;
  if (entityType === 'number_range')
    return [text(row, 'startE164'), text(row, 'endE164')].filter(Boolean).join(' – ') || null;
  if (entityType === 'telephony_platform') return text(row, 'provider') ?? name;
  if (number && name) return `${number} « ${name} »`;
  return number ?? name;
}

/** The object in a list: « Ticket T-2026-000017 », « Utilisateur ». */
export function auditObjectLabel(entityType: string | null, row: unknown): string {
  const name = auditObjectName(entityType, isRecord(row) ? row : null);
  return name ? `${auditEntityLabel(entityType)} ${name}` : auditEntityLabel(entityType);
}

/** « le ticket T-2026-000017 », « l’utilisateur Samuel Support », « la matrice des droits ». */
export function auditObject(entityType: string | null, row: Snapshot): string {
  const noun = entityType ? (auditEntityTypes[entityType]?.noun ?? 'un élément') : 'un élément';
  const name = auditObjectName(entityType, row);
  return name ? `${noun} ${name}` : noun;
}

const withDe = (o: string) =>
  o.startsWith('le ')
    ? `du ${o.slice(3)}`
    : o.startsWith('les ')
      ? `des ${o.slice(4)}`
      : /^une? /.test(o)
        ? `d’${o}`
        : `de ${o}`;
const withA = (o: string) =>
  o.startsWith('le ') ? `au ${o.slice(3)}` : o.startsWith('les ') ? `aux ${o.slice(4)}` : `à ${o}`;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** An audit entry as the sentences read it. */
export type AuditEntryView = {
  action: string;
  entityType: string | null;
  entityId?: string | null;
  actorUserId?: string | null;
  actorLabel: string | null;
  before: unknown;
  after: unknown;
};

/** The generic sentence of an entry; a module may word its own entity types more precisely. */
export function auditGenericSentence(e: AuditEntryView): string {
  const who = e.actorLabel ?? 'Le système';
  const row = (isRecord(e.after) ? e.after : isRecord(e.before) ? e.before : null) as Snapshot;
  const object = auditObject(e.entityType, row);
  const self =
    e.entityType === 'user' && e.actorUserId && e.entityId === e.actorUserId
      ? selfSentences[e.action as AuditAction]
      : undefined;
  const added = e.action === 'create' && auditEntityTypes[e.entityType ?? '']?.added;
  const template =
    self ??
    (added ? '{qui} a ajouté {objet}' : auditActions[e.action as AuditAction]?.sentence) ??
    '{qui} a agi sur {objet}';
  const sentence = template
    .replace('{qui}', who)
    .replace('{objet}', object)
    .replace('{de}', withDe(object))
    .replace('{à}', withA(object));
  return capitalise(sentence) + deniedDetail(e.action, row);
}

/** « (Tickets — Modifier) »: what a refused access asked for. */
function deniedDetail(action: string, row: Snapshot): string {
  const [module, right] = (text(row, 'permission') ?? '').split(':');
  if (action !== 'permission.denied' || !module) return '';
  const m = moduleLabels[module as Module] ?? null;
  const a = actionLabels[right as Action] ?? null;
  return m ? ` (${[m, a].filter(Boolean).join(' — ')})` : '';
}

/**
 * Where the web app shows the object of an entry, when it has a page: the record itself
 * (ticket, intervention, client, technician) or the admin page of its kind.
 */
export function auditLink(e: {
  entityType: string | null;
  entityId: string | null;
  clientId?: string | null;
  after?: unknown;
  before?: unknown;
}): string | null {
  const row = (isRecord(e.after) ? e.after : isRecord(e.before) ? e.before : {}) as Record<string, unknown>;
  const id = e.entityId;
  const client = e.clientId ?? (typeof row.clientId === 'string' ? row.clientId : null);
  switch (e.entityType) {
    case 'ticket':
      return id ? `/tickets/${id}` : null;
    case 'ticket_message':
      return typeof row.ticketId === 'string' ? `/tickets/${row.ticketId}` : null;
    case 'intervention':
      return id ? `/interventions/${id}` : null;
    case 'client':
      return id ? `/clients/${id}` : null;
    case 'site':
    case 'contact':
    case 'telephony_platform':
    case 'number_range':
    case 'client_note':
    case 'maintenance_contract':
    case 'outbound_message':
      return client ? `/clients/${client}` : e.entityType === 'outbound_message' ? '/admin/messages' : null;
    case 'technician':
    case 'technician_skills':
      return id ? `/techniciens/${id}` : null;
    case 'absence':
      return typeof row.technicianId === 'string' ? `/techniciens/${row.technicianId}` : null;
    case 'user':
      return '/admin/utilisateurs';
    case 'partner':
      return '/admin/partenaires';
    case 'api_token':
      return '/admin/jetons';
    case 'permission_matrix':
      return '/admin/droits';
    case 'company_settings':
      return '/admin/societe';
    case 'team':
      return '/admin/equipes';
    case 'skill':
      return '/admin/competences';
    case 'sla_policy':
    case 'business_calendar':
      return '/admin/sla';
    case 'message_template':
      return '/admin/modeles';
    case 'client_segment':
      return '/admin/segments';
    case 'product':
      return '/catalogue';
    case 'product_pack':
      return '/catalogue?tab=packs';
    case 'partner_price_list':
      return '/catalogue?tab=tarifs';
    case 'quote':
      return e.entityId ? `/devis/${e.entityId}` : '/devis';
    default:
      return null;
  }
}
