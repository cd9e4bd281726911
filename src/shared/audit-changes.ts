import {
  absenceKindLabels,
  absenceStatusLabels,
  interventionKindLabels,
  interventionStatusLabels,
} from './interventions.ts';
import { roleLabels } from './permissions.ts';
import { clientStatusLabels } from './schemas/clients.ts';
import { contractStatusLabels } from './schemas/contracts.ts';
import {
  escalationLevelLabels,
  ticketChannelLabels,
  ticketPriorityLabels,
  ticketStatusLabels,
  ticketTypeLabels,
} from './tickets.ts';

import { isRecord } from './audit.ts';

/**
 * The changes an audit entry records, as a French reader reads them: field labels, values in
 * words (statuses, priorities, roles, dates, yes/no), identifiers named but never shown.
 */

/** French labels of the fields of audit snapshots (before/after). */
export const auditFieldLabels: Record<string, string> = {
  number: 'numéro',
  reference: 'référence',
  name: 'nom',
  legalName: 'raison sociale',
  firstName: 'prénom',
  lastName: 'nom',
  jobTitle: 'fonction',
  title: 'objet',
  subject: 'objet',
  label: 'libellé',
  description: 'description',
  siren: 'SIREN',
  siret: 'SIRET',
  vatNumber: 'n° de TVA',
  nafCode: 'code NAF',
  legalForm: 'forme juridique',
  segmentId: 'segment',
  sizeBand: 'effectif',
  tags: 'étiquettes',
  status: 'statut',
  partnerId: 'partenaire',
  accountManagerId: 'chargé de compte',
  clientId: 'client',
  email: 'e-mail',
  phone: 'téléphone',
  mobile: 'mobile',
  address: 'adresse',
  addressLine1: 'adresse',
  addressLine2: 'complément d’adresse',
  postalCode: 'code postal',
  city: 'ville',
  country: 'pays',
  role: 'rôle',
  disabled: 'désactivé',
  disabledAt: 'désactivé le',
  type: 'type',
  kind: 'type',
  priority: 'priorité',
  channel: 'canal',
  assigneeId: 'attribution',
  assigneeName: 'attribué à',
  teamId: 'équipe',
  siteId: 'site',
  contactId: 'contact',
  platformId: 'plateforme',
  contractId: 'contrat',
  escalationLevel: 'niveau d’escalade',
  remote: 'à distance',
  plannedStart: 'début prévu',
  plannedMinutes: 'durée prévue (min)',
  conflictOverride: 'conflit forcé',
  rating: 'note',
  technicians: 'techniciens',
  startsOn: 'début',
  endsOn: 'fin',
  renewalMonths: 'reconduction (mois)',
  tacitRenewal: 'reconduction tacite',
  noticeDays: 'préavis (jours)',
  gtiMinutes: 'GTI (min)',
  gtrMinutes: 'GTR (min)',
  reason: 'motif',
  comment: 'commentaire',
  note: 'note',
  visibility: 'visibilité',
  attachments: 'pièces jointes',
  startE164: 'début de plage',
  endE164: 'fin de plage',
  provider: 'opérateur',
  level: 'niveau',
  skills: 'compétences',
  zone: 'zone',
  homeCity: 'ville de rattachement',
  startsAt: 'début',
  endsAt: 'fin',
  scope: 'portée',
  expiresAt: 'expire le',
  subjectTemplate: 'objet du modèle',
  totpRequired: 'double authentification imposée',
  category: 'catégorie',
  unit: 'unité',
  priceCents: 'prix de vente HT (centimes)',
  purchaseCostCents: 'coût d’achat (centimes)',
  vatRateBp: 'TVA (points de base)',
  active: 'actif',
  brand: 'marque',
  model: 'modèle',
  manufacturerRef: 'référence constructeur',
  hasSerial: 'n° de série',
  hasMac: 'adresse MAC',
  billingPeriod: 'périodicité',
  commitmentMonths: 'engagement (mois)',
  items: 'articles',
  commissionBp: 'commission (points de base)',
  prices: 'prix partenaire',
  categoryDiscounts: 'remises par catégorie',
};

/** Fields of snapshots that say nothing to a reader (identifiers, technical counters). */
const hiddenFields = new Set(['id', 'version', 'createdAt', 'updatedAt', 'ticketId', 'interventionId']);
/** Fields holding another record's identifier: the change is named, its values are not shown. */
const identifierField = (field: string) => field.endsWith('Id') && field !== 'id';

const statusLabelsOf: Record<string, Record<string, string>> = {
  client: clientStatusLabels,
  ticket: ticketStatusLabels,
  intervention: interventionStatusLabels,
  maintenance_contract: contractStatusLabels,
  absence: absenceStatusLabels,
};
const valueLabels: Record<string, Record<string, string>> = {
  priority: ticketPriorityLabels,
  // A ticket's channel, or a message's: written in the app (`web`).
  channel: { ...ticketChannelLabels, web: 'Application' },
  role: roleLabels,
  visibility: { public: 'Publique', internal: 'Interne' },
};
const typeLabelsOf: Record<string, Record<string, string>> = {
  ticket: ticketTypeLabels,
  intervention: interventionKindLabels,
  absence: absenceKindLabels,
};

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const isoMoment = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A snapshot value as a French reader reads it. */
export function auditValue(entityType: string | null, field: string, v: unknown): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (Array.isArray(v)) return v.map((x) => auditValue(entityType, field, x)).join(', ');
  if (isRecord(v)) return Object.values(v).map(String).join(', ');
  const s = String(v);
  const labels =
    field === 'status'
      ? statusLabelsOf[entityType ?? '']
      : field === 'type' || field === 'kind'
        ? typeLabelsOf[entityType ?? '']
        : valueLabels[field];
  if (labels?.[s]) return labels[s]!;
  if (field === 'escalationLevel') return escalationLevelLabels[Number(v)] ?? s;
  if (isoDay.test(s)) return s.split('-').reverse().join('/');
  if (isoMoment.test(s)) {
    const d = new Date(s);
    if (!Number.isNaN(d.getTime()))
      return d.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
  }
  if (typeof v === 'number') return v.toLocaleString('fr-FR');
  return s;
}

export type AuditChange = {
  field: string;
  /** The French label of the field. */
  label: string;
  /** Old and new values as read (null: an identifier, named without its values). */
  before: string | null;
  after: string | null;
};

/**
 * The fields an entry changed, as French labels with old → new values: for an update, the fields
 * whose value differs; for a creation or deletion, the fields it had. Fields no reader needs
 * (identifiers of the row, versions) are left out; a field without a French label is left out
 * rather than shown as a code.
 */
export function auditChanges(entityType: string | null, before: unknown, after: unknown): AuditChange[] {
  const b = isRecord(before) ? before : null;
  const a = isRecord(after) ? after : null;
  if (!a && !b) return [];
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const changes: AuditChange[] = [];
  for (const field of keys) {
    const label = auditFieldLabels[field];
    if (!label || hiddenFields.has(field)) continue;
    const old = b?.[field];
    const now = a?.[field];
    if (b && a && JSON.stringify(old ?? null) === JSON.stringify(now ?? null)) continue;
    // A creation or deletion lists the fields the record had, not its empty ones.
    if (!(b && a) && auditValue(entityType, field, old ?? now) === '—') continue;
    if (identifierField(field)) {
      changes.push({ field, label, before: null, after: null });
      continue;
    }
    changes.push({
      field,
      label,
      before: b ? auditValue(entityType, field, old) : null,
      after: a ? auditValue(entityType, field, now) : null,
    });
  }
  return changes;
}
