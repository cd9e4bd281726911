import { sql } from 'drizzle-orm';
import type { MapCardOut, TicketMapSlaState } from '../../../shared/schemas/map.ts';
import { ticketMapSlaLabels } from '../../../shared/schemas/map.ts';
import {
  openTicketStatuses,
  type TicketPriority,
  ticketPriorityLabels,
  type TicketStatus,
  ticketStatusLabels,
} from '../../../shared/tickets.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { scopeWhere as ticketScopeWhere } from '../tickets/tickets.repo.ts';
import { type CardPlace, cardPlaceColumns, dateTimeFr, placeLines } from './map.format.ts';
import { registerMapLayer } from './map.registry.ts';
import { and, clientFilters, type Filters, ownerNear, placeSql, rounded, type Spot } from './map.sql.ts';

/** The open tickets layer (right and scope of `tickets`), coloured by their worst SLA state. */

/** The worst SLA state of clocks `k`, as an aggregate (breached > at_risk > ok). */
const worstSlaSql = (now: Date) => sql`CASE
    WHEN bool_or(k.state = 'breached' OR k.breached_at IS NOT NULL
      OR (k.state = 'running' AND k.due_at <= ${now.toISOString()}::timestamptz)) THEN 'breached'
    WHEN bool_or(k.state = 'running' AND k.warn_at <= ${now.toISOString()}::timestamptz) THEN 'at_risk'
    ELSE 'ok' END`;

/** The SLA state of ticket `t` from its clocks, in SQL: the worst of them (one ticket). */
const slaStateSql = (now: Date) =>
  sql`(SELECT ${worstSlaSql(now)} FROM ticket_sla_clocks k WHERE k.ticket_id = t.id)`;

/**
 * The SLA states of every ticket with clocks (`sla.ticket_id`, `sla.c`), joined by hash: for the
 * whole layer, one pass over the clocks is far cheaper than a subquery per ticket.
 */
const slaStatesJoin = (now: Date) => sql`LEFT JOIN (SELECT k.ticket_id, ${worstSlaSql(now)} AS c
      FROM ticket_sla_clocks k GROUP BY k.ticket_id) sla ON sla.ticket_id = t.id`;

function ticketsPoints(ctx: RequestContext, f: Filters, now: Date, spot?: Spot) {
  const open = sql.join(
    openTicketStatuses.map((s) => sql`${s}`),
    sql`, `,
  );
  return sql`SELECT * FROM (
      SELECT t.id, ${rounded('pl.latitude')} AS lat, ${rounded('pl.longitude')} AS lon,
        ${spot ? slaStateSql(now) : sql`coalesce(sla.c, 'ok')`} AS c
      FROM tickets t JOIN clients ON clients.id = t.client_id
      ${spot ? sql`` : slaStatesJoin(now)}
      ${placeSql(sql`t.client_id`, sql`t.site_id`)}
      WHERE ${and([
        sql`t.status IN (${open})`,
        ticketScopeWhere(ctx.policy.scopeFor('tickets')),
        sql`pl.latitude IS NOT NULL`,
        spot ? ownerNear(sql`t.client_id`, sql`t.site_id`, spot) : undefined,
        ...clientFilters(ctx, f),
        f.department ? sql`pl.department = ${f.department}` : undefined,
        // Tickets carry no skill: those whose interventions need it.
        f.skillId
          ? sql`EXISTS (SELECT 1 FROM interventions ti JOIN intervention_skills tis ON tis.intervention_id = ti.id
              WHERE ti.ticket_id = t.id AND tis.skill_id = ${f.skillId}::uuid)`
          : undefined,
      ])}) q
      ${f.statusFor.has('tickets') ? sql`WHERE q.c = ${f.status}` : sql``}`;
}

const slaColors: Record<TicketMapSlaState, string> = { ok: 'green', at_risk: 'orange', breached: 'red' };

/** Cards of the tickets `ids` within the actor's scope. */
async function ticketCards(db: Db, ctx: RequestContext, ids: string[]): Promise<MapCardOut[]> {
  if (!ctx.policy.can('tickets', 'read') || ids.length === 0) return [];
  const now = clock.now();
  const res = await db.execute(sql`
    SELECT t.id, t.number, t.subject, t.status, t.priority, ${cardPlaceColumns},
      u.name AS assignee_name, tm.name AS team_name,
      ${slaStateSql(now)} AS sla,
      (SELECT min(k.due_at) FROM ticket_sla_clocks k WHERE k.ticket_id = t.id AND k.state = 'running') AS due_at
    FROM tickets t JOIN clients ON clients.id = t.client_id
    LEFT JOIN sites s ON s.id = t.site_id
    LEFT JOIN users u ON u.id = t.assignee_id
    LEFT JOIN teams tm ON tm.id = t.team_id
    WHERE t.id = ANY(string_to_array(${ids.join(',')}, ',')::uuid[]) AND ${and([ticketScopeWhere(ctx.policy.scopeFor('tickets'))])}`);
  return rowsOf<
    {
      id: string;
      number: string;
      subject: string;
      status: TicketStatus;
      priority: TicketPriority;
      assignee_name: string | null;
      team_name: string | null;
      sla: TicketMapSlaState;
      due_at: Date | string | null;
    } & CardPlace
  >(res).map((r) => ({
    layer: 'tickets',
    id: r.id,
    title: `${r.number} · ${r.subject}`,
    subtitle: r.client_name,
    badge: { label: ticketMapSlaLabels[r.sla], color: slaColors[r.sla] },
    lines: [
      ...placeLines(r, 'Aucun site indiqué'),
      { label: 'Priorité', value: ticketPriorityLabels[r.priority] ?? r.priority },
      { label: 'Statut', value: ticketStatusLabels[r.status] ?? r.status },
      {
        label: 'Échéance SLA',
        value: r.due_at ? dateTimeFr.format(new Date(r.due_at)) : 'Aucune horloge en cours',
      },
      { label: 'Assigné à', value: r.assignee_name ?? (r.team_name ? `Équipe ${r.team_name}` : 'Personne') },
    ],
    links: [
      { label: 'Ticket', href: `/tickets/${r.id}` },
      { label: 'Fiche client', href: `/clients/${r.client_id}` },
    ],
    ticketId: r.id,
  }));
}

registerMapLayer('tickets', {
  canRead: (ctx) => ctx.policy.can('tickets', 'read'),
  points: ticketsPoints,
  cards: ticketCards,
  recordName: 'Ticket',
});
