import { and, desc, eq, sql } from 'drizzle-orm';
import {
  interventionKindLabels,
  type InterventionKind,
  interventionStatusLabels,
  type InterventionStatus,
} from '../../../shared/interventions.ts';
import { clients, interventions } from '../../db/schema/index.ts';
import { auditText, describeChanges, registerAuditSentences } from '../audit/audit-sentences.ts';
import { registerAuditKinds, registerTimelineSource, timelineBeforeWhere } from '../clients/timeline.ts';
import { assignedToTechnician, scopeWhere } from './interventions.repo.ts';
import { longDateFr, slotFr } from '../../../shared/paris-time.ts';

const key = sql`'intervention:' || ${interventions.id}::text`;

/**
 * The client's interventions in its history, dated by their planned slot (or creation when not
 * scheduled yet). The changes themselves appear through the audit source (entries carry client_id).
 */
registerTimelineSource('interventions', {
  module: 'interventions',
  async load(db, clientId, before, limit, { scope }) {
    const at = sql`coalesce(${interventions.plannedStart}, ${interventions.createdAt})`;
    const rows = await db
      .select({
        id: interventions.id,
        key: sql<string>`${key}`,
        at: sql<Date>`${at}`.mapWith((v: string | Date) => new Date(v)),
        number: interventions.number,
        title: interventions.title,
        kind: interventions.kind,
        status: interventions.status,
        plannedStart: interventions.plannedStart,
        plannedMinutes: interventions.plannedMinutes,
      })
      .from(interventions)
      .innerJoin(clients, eq(clients.id, interventions.clientId))
      .where(
        and(eq(interventions.clientId, clientId), scopeWhere(scope), timelineBeforeWhere(at, key, before)),
      )
      .orderBy(desc(at), desc(sql`${key} COLLATE "C"`))
      .limit(limit);
    return rows.map((r) => ({
      id: r.key,
      at: r.at,
      actor: null,
      text: `Intervention ${r.number} (${interventionKindLabels[r.kind as InterventionKind] ?? r.kind}) « ${r.title} » — ${interventionStatusLabels[r.status as InterventionStatus] ?? r.status}${r.plannedStart ? `, le ${longDateFr(r.plannedStart)} ${slotFr(r.plannedStart, r.plannedMinutes)}` : ', à planifier'}`,
      link: `/interventions/${r.id}`,
      entityType: 'intervention',
    }));
  },
});

// ── Sentences of the audit entries of interventions in the client's history ─────────────────────

/** Their changes show to those who read interventions: a field technician, those of his own. */
registerAuditKinds(['intervention'], { module: 'interventions', technicianOwns: assignedToTechnician });

const statusFr = (v: unknown) => interventionStatusLabels[v as InterventionStatus] ?? String(v ?? '—');

const interventionFields: Record<string, string> = {
  title: 'objet',
  kind: 'type',
  remote: 'à distance',
  siteId: 'site',
  contactId: 'contact',
  plannedMinutes: 'durée prévue (min)',
};
const interventionIdFields = new Set(['siteId', 'contactId']);
const interventionShown = (field: string, v: unknown) =>
  v === null || v === undefined || v === ''
    ? '—'
    : field === 'kind'
      ? (interventionKindLabels[v as InterventionKind] ?? String(v))
      : typeof v === 'boolean'
        ? v
          ? 'oui'
          : 'non'
        : String(v);

/** What the technician did from his phone (actions `intervention.<op>`). */
const fieldOpSentences: Record<string, string> = {
  en_route: 'est en route pour',
  check_in: 'est arrivé sur site pour',
  check_out: 'a quitté le site de',
  report: 'a rédigé le compte rendu de',
  signature: 'a fait signer le PV de',
  complete: 'a terminé',
  fail: 'a signalé l’échec de',
};

registerAuditSentences('intervention', (who, { action, before, after }) => {
  const row = after ?? before;
  const intervention = `l’intervention ${auditText(row, 'number') ?? ''}`.trimEnd();
  const title = auditText(row, 'title');
  if (action.startsWith('intervention.')) {
    const verb = fieldOpSentences[action.slice('intervention.'.length)];
    return verb ? `${who} ${verb} ${intervention}` : null;
  }
  switch (action) {
    case 'create': {
      const kind = interventionKindLabels[after?.kind as InterventionKind];
      return `${who} a créé ${intervention}${title ? ` « ${title} »` : ''}${kind ? ` (${kind})` : ''}`;
    }
    case 'update':
      return `${who} a modifié ${intervention}${describeChanges(before, after, interventionFields, interventionShown, interventionIdFields)}`;
    case 'delete':
      return `${who} a supprimé ${intervention}`;
    case 'status': {
      const reason = auditText(after, 'reason');
      return `${who} a passé ${intervention} de « ${statusFr(before?.status)} » à « ${statusFr(after?.status)} »${reason ? ` : ${reason}` : ''}`;
    }
    case 'schedule': {
      const start = typeof after?.plannedStart === 'string' ? new Date(after.plannedStart) : null;
      if (!start || Number.isNaN(start.getTime())) return `${who} a planifié ${intervention}`;
      const minutes = Number(after?.plannedMinutes) || 60;
      const moved = before?.plannedStart ? 'a déplacé' : 'a planifié';
      return `${who} ${moved} ${intervention} le ${longDateFr(start)} ${slotFr(start, minutes)}`;
    }
    case 'schedule.override': {
      const reason = auditText(after, 'reason');
      return `${who} a forcé le créneau de ${intervention} malgré les conflits${reason ? ` : ${reason}` : ''}`;
    }
    case 'unschedule':
      return `${who} a retiré ${intervention} du planning`;
    case 'rating':
      return `${who} a noté ${intervention} ${after?.rating ?? '—'}/5`;
    default:
      return null;
  }
});
