import { and, desc, eq, sql } from 'drizzle-orm';
import {
  escalationLevelLabels,
  type TicketStatus,
  type TicketType,
  ticketStatusLabels,
  ticketTypeLabels,
} from '../../../shared/tickets.ts';
import { type ContractStatus, contractStatusLabels } from '../../../shared/schemas/contracts.ts';
import { clients, tickets } from '../../db/schema/index.ts';
import { setOpenTicketsProvider } from '../calls/calls.service.ts';
import { auditText, describeChanges, registerAuditSentences } from '../audit/audit-sentences.ts';
import { registerAuditKinds, registerTimelineSource, timelineBeforeWhere } from '../clients/timeline.ts';
import { openTicketsOfClient, scopeWhere } from './tickets.repo.ts';

const key = sql`'ticket:' || ${tickets.id}::text`;

/**
 * The client's tickets in its history, dated by their creation. Changes and public replies appear
 * through the audit source (entries carry client_id); internal notes are audited without the
 * client, so they never show there.
 */
registerTimelineSource('tickets', {
  module: 'tickets',
  async load(db, clientId, before, limit, { scope }) {
    const rows = await db
      .select({
        id: tickets.id,
        key: sql<string>`${key}`,
        at: tickets.createdAt,
        number: tickets.number,
        subject: tickets.subject,
        type: tickets.type,
        priority: tickets.priority,
        status: tickets.status,
      })
      .from(tickets)
      .innerJoin(clients, eq(clients.id, tickets.clientId))
      .where(
        and(
          eq(tickets.clientId, clientId),
          scopeWhere(scope),
          timelineBeforeWhere(tickets.createdAt, key, before),
        ),
      )
      .orderBy(desc(tickets.createdAt), desc(sql`${key} COLLATE "C"`))
      .limit(limit);
    return rows.map((r) => ({
      id: r.key,
      at: r.at,
      actor: null,
      text: `Ticket ${r.number} (${ticketTypeLabels[r.type as TicketType] ?? r.type}, ${r.priority}) « ${r.subject} » — ${ticketStatusLabels[r.status as TicketStatus] ?? r.status}`,
      link: `/tickets/${r.id}`,
      entityType: 'ticket',
    }));
  },
});

/** The call pop-up lists the caller's client's open tickets. */
setOpenTicketsProvider((db, clientId) => openTicketsOfClient(db, clientId));

// ── Sentences of the audit entries of tickets and contracts in the client's history ─────────────

/** Ticket changes and public replies show to those who read tickets. */
registerAuditKinds(['ticket', 'ticket_message'], { module: 'tickets' });

const statusFr = (v: unknown) => ticketStatusLabels[v as TicketStatus] ?? String(v ?? '—');

const ticketFields: Record<string, string> = {
  subject: 'objet',
  type: 'type',
  priority: 'priorité',
  assigneeId: 'attribution',
  teamId: 'équipe',
  siteId: 'site',
  contactId: 'contact',
  platformId: 'plateforme',
};
const ticketIdFields = new Set(['assigneeId', 'teamId', 'siteId', 'contactId', 'platformId']);
const ticketShown = (field: string, v: unknown) =>
  v === null || v === undefined || v === ''
    ? '—'
    : field === 'type'
      ? (ticketTypeLabels[v as TicketType] ?? String(v))
      : String(v);

registerAuditSentences('ticket', (who, { action, before, after }) => {
  const ticket = `le ticket ${auditText(after, 'number') ?? auditText(before, 'number') ?? ''}`.trimEnd();
  switch (action) {
    case 'create': {
      const type = ticketTypeLabels[after?.type as TicketType];
      const what = [type, auditText(after, 'priority')].filter(Boolean).join(', ');
      return `${who} a ouvert ${ticket} « ${auditText(after, 'subject') ?? ''} »${what ? ` (${what})` : ''}`;
    }
    case 'update': {
      const changes = describeChanges(before, after, ticketFields, ticketShown, ticketIdFields);
      const onlyAssignee = changes === ' (attribution)';
      if (onlyAssignee && after?.assigneeId) {
        const name = auditText(after, 'assigneeName');
        return `${who} a attribué ${ticket}${name ? ` à ${name}` : ''}`;
      }
      if (onlyAssignee) return `${who} a retiré l’attribution du ${ticket.replace(/^le /, '')}`;
      return `${who} a modifié ${ticket}${changes}`;
    }
    case 'status': {
      const comment = auditText(after, 'comment');
      return `${who} a passé ${ticket} de « ${statusFr(before?.status)} » à « ${statusFr(after?.status)} »${comment ? ` : ${comment}` : ''}`;
    }
    case 'auto_assign': {
      const name = auditText(after, 'assigneeName');
      return `${ticket.charAt(0).toUpperCase()}${ticket.slice(1)} a été attribué automatiquement${name ? ` à ${name}` : ''}`;
    }
    case 'escalate':
    case 'ticket.escalated': {
      const level = escalationLevelLabels[Number(after?.escalationLevel)];
      const to = level ? ` au ${level.charAt(0).toLowerCase()}${level.slice(1)}` : '';
      const reason =
        after?.reason === 'sla.breach' ? 'SLA de résolution dépassé' : auditText(after, 'reason');
      return `${who} a escaladé ${ticket}${to}${reason ? ` (${reason})` : ''}`;
    }
    default:
      return null;
  }
});

registerAuditSentences('ticket_message', (who, { action, after }) => {
  if (action === 'note')
    return `${who} a ajouté une note interne au ticket ${auditText(after, 'number') ?? ''}`.trimEnd();
  // `reply` is what messages record; `create` is kept for entries written before.
  if (action !== 'reply' && action !== 'create') return null;
  const files = Array.isArray(after?.attachments) ? after.attachments.length : 0;
  const by =
    after?.channel === 'email' ? ' par e-mail' : after?.channel === 'portail' ? ' depuis le portail' : '';
  const attached =
    files === 0 ? '' : files === 1 ? ' avec une pièce jointe' : ` avec ${files} pièces jointes`;
  return `${who} a répondu${by} au ticket ${auditText(after, 'number') ?? ''}${attached}`;
});

const contractFields: Record<string, string> = {
  reference: 'référence',
  name: 'intitulé',
  startsOn: 'début',
  endsOn: 'fin',
  status: 'statut',
  renewalMonths: 'reconduction (mois)',
  tacitRenewal: 'reconduction tacite',
  noticeDays: 'préavis (jours)',
  gtiMinutes: 'GTI (min)',
  gtrMinutes: 'GTR (min)',
};
const frDay = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v.split('-').reverse().join('/') : null;
const contractShown = (field: string, v: unknown) =>
  v === null || v === undefined || v === ''
    ? '—'
    : field === 'status'
      ? (contractStatusLabels[v as ContractStatus] ?? String(v))
      : typeof v === 'boolean'
        ? v
          ? 'oui'
          : 'non'
        : (frDay(v) ?? String(v));

registerAuditSentences('maintenance_contract', (who, { action, before, after }) => {
  const row = after ?? before;
  const contract =
    `le contrat ${[auditText(row, 'reference'), auditText(row, 'name') && `« ${auditText(row, 'name')} »`].filter(Boolean).join(' ')}`.trimEnd();
  switch (action) {
    case 'create':
      return `${who} a ajouté ${contract}`;
    case 'update':
      return `${who} a modifié ${contract}${describeChanges(before, after, contractFields, contractShown)}`;
    case 'delete':
      return `${who} a supprimé ${contract}`;
    case 'contract.renewed':
      return `${contract.charAt(0).toUpperCase()}${contract.slice(1)} a été reconduit tacitement jusqu’au ${frDay(after?.endsOn) ?? '—'}`;
    case 'contract.expired':
      return `${contract.charAt(0).toUpperCase()}${contract.slice(1)} a expiré`;
    default:
      return null;
  }
});
