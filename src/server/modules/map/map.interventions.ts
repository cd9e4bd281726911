import { sql } from 'drizzle-orm';
import {
  interventionKindLabels,
  interventionStatusColors,
  interventionStatusLabels,
  type InterventionKind,
  type InterventionStatus,
} from '../../../shared/interventions.ts';
import { parisDayRange } from '../../../shared/paris-time.ts';
import type { MapCardOut } from '../../../shared/schemas/map.ts';
import { interventions } from '../../db/schema/index.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { scopeWhere as interventionScopeWhere } from '../interventions/interventions.repo.ts';
import { type CardPlace, cardPlaceColumns, placeLines, timeFr } from './map.format.ts';
import { registerMapLayer } from './map.registry.ts';
import { and, clientFilters, type Filters, ownerNear, placeSql, rounded, type Spot } from './map.sql.ts';

/** Today's interventions layer (right and scope of `interventions`), coloured by status. */

function interventionsPoints(ctx: RequestContext, f: Filters, now: Date, spot?: Spot) {
  const { start, end } = parisDayRange(now);
  return sql`SELECT interventions.id, ${rounded('pl.latitude')} AS lat, ${rounded('pl.longitude')} AS lon,
        interventions.status AS c
      FROM interventions JOIN clients ON clients.id = interventions.client_id
      ${placeSql(sql`interventions.client_id`, sql`interventions.site_id`)}
      WHERE ${and([
        sql`interventions.planned_start >= ${start.toISOString()}::timestamptz`,
        sql`interventions.planned_start < ${end.toISOString()}::timestamptz`,
        interventionScopeWhere(ctx.policy.scopeFor('interventions')),
        sql`pl.latitude IS NOT NULL`,
        spot ? ownerNear(sql`interventions.client_id`, sql`interventions.site_id`, spot) : undefined,
        ...clientFilters(ctx, f),
        f.department ? sql`pl.department = ${f.department}` : undefined,
        f.skillId
          ? sql`EXISTS (SELECT 1 FROM intervention_skills s WHERE s.intervention_id = ${interventions.id}
              AND s.skill_id = ${f.skillId}::uuid)`
          : undefined,
        // Cancelled ones only when asked for.
        f.statusFor.has('interventions')
          ? sql`interventions.status = ${f.status}`
          : sql`interventions.status <> 'annulee'`,
      ])}`;
}

/** Cards of the interventions `ids` within the actor's scope. */
async function interventionCards(db: Db, ctx: RequestContext, ids: string[]): Promise<MapCardOut[]> {
  if (!ctx.policy.can('interventions', 'read') || ids.length === 0) return [];
  const res = await db.execute(sql`
    SELECT interventions.id, interventions.number, interventions.title, interventions.kind, interventions.status,
      interventions.planned_start, interventions.planned_minutes, interventions.ticket_id, ${cardPlaceColumns},
      (SELECT string_agg(u.name, ', ' ORDER BY it.lead DESC, u.name) FROM intervention_technicians it
        JOIN technicians tt ON tt.id = it.technician_id JOIN users u ON u.id = tt.user_id
        WHERE it.intervention_id = interventions.id) AS technician_names
    FROM interventions JOIN clients ON clients.id = interventions.client_id
    LEFT JOIN sites s ON s.id = interventions.site_id
    WHERE interventions.id = ANY(string_to_array(${ids.join(',')}, ',')::uuid[]) AND ${and([interventionScopeWhere(ctx.policy.scopeFor('interventions'))])}`);
  return rowsOf<
    {
      id: string;
      number: string;
      title: string;
      kind: InterventionKind;
      status: InterventionStatus;
      planned_start: Date | string | null;
      planned_minutes: number;
      ticket_id: string | null;
      technician_names: string | null;
    } & CardPlace
  >(res).map((r) => {
    const start = r.planned_start ? new Date(r.planned_start) : null;
    return {
      layer: 'interventions',
      id: r.id,
      title: `${r.number} · ${r.title}`,
      subtitle: r.client_name,
      badge: {
        label: interventionStatusLabels[r.status] ?? r.status,
        color: interventionStatusColors[r.status] ?? 'gray',
      },
      lines: [
        ...placeLines(r, 'À distance'),
        { label: 'Type', value: interventionKindLabels[r.kind] ?? r.kind },
        {
          label: 'Créneau',
          value: start
            ? `${timeFr.format(start)} – ${timeFr.format(new Date(start.getTime() + r.planned_minutes * 60_000))}`
            : 'Non planifiée',
        },
        { label: 'Techniciens', value: r.technician_names ?? 'Aucun technicien affecté' },
      ],
      links: [
        { label: 'Intervention', href: `/interventions/${r.id}` },
        { label: 'Fiche client', href: `/clients/${r.client_id}` },
        ...(r.ticket_id && ctx.policy.can('tickets', 'read')
          ? [{ label: 'Ticket', href: `/tickets/${r.ticket_id}` }]
          : []),
      ],
      ticketId: null,
    } satisfies MapCardOut;
  });
}

registerMapLayer('interventions', {
  canRead: (ctx) => ctx.policy.can('interventions', 'read'),
  points: interventionsPoints,
  cards: interventionCards,
  recordName: 'Intervention',
});
