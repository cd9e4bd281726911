import { and, desc, eq, sql } from 'drizzle-orm';
import {
  interventionKindLabels,
  type InterventionKind,
  interventionStatusLabels,
  type InterventionStatus,
} from '../../../shared/interventions.ts';
import { clients, interventions } from '../../db/schema/index.ts';
import { registerTimelineSource, timelineBeforeWhere } from '../clients/timeline.ts';
import { scopeWhere } from './interventions.repo.ts';
import { longDateFr, slotFr } from './paris-time.ts';

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
