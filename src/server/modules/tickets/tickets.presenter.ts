import type { TicketSlaOut } from '../../../shared/schemas/sla.ts';
import type { TicketOut } from '../../../shared/schemas/tickets.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { ticketSlaSummaries } from './sla.service.ts';
import type { TicketRow } from './tickets.repo.ts';
import { nextStatusesOf } from './status.service.ts';
import { ownerOf } from './tickets.access.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentTicket(row: TicketRow, ctx: RequestContext, sla: TicketSlaOut | null): TicketOut {
  const owner = ownerOf(row);
  const staffUpdate = ctx.policy.staffCan('tickets', 'update', owner);
  const canUpdate = ctx.policy.can('tickets', 'update', owner);
  return {
    id: row.id,
    number: row.number,
    clientId: row.clientId,
    clientName: row.clientName,
    partnerId: row.partnerId,
    partnerName: row.partnerName,
    siteId: row.siteId,
    siteName: row.siteName,
    siteDepartment: row.siteDepartment,
    contactId: row.contactId,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    platformId: row.platformId,
    platformName: row.platformName,
    contractId: row.contractId,
    contractName: row.contractName,
    type: row.type as TicketOut['type'],
    priority: row.priority as TicketOut['priority'],
    status: row.status as TicketOut['status'],
    channel: row.channel as TicketOut['channel'],
    subject: row.subject,
    description: row.description,
    assigneeId: row.assigneeId,
    assigneeName: row.assigneeName,
    teamId: row.teamId,
    teamName: row.teamName,
    escalationLevel: row.escalationLevel,
    orderId: row.orderId,
    firstResponseAt: iso(row.firstResponseAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    sla,
    nextStatuses: nextStatusesOf(row, ctx),
    abilities: {
      ...ctx.policy.abilities('tickets', owner),
      assign: staffUpdate && row.status !== 'clos',
      escalate: staffUpdate && row.escalationLevel < 3 && !['resolu', 'clos'].includes(row.status),
      reply: ctx.policy.can('tickets', 'read', owner) && canUpdate && row.status !== 'clos',
      internalNote: staffUpdate,
      createIntervention: !!row.clientId && ctx.policy.staffCan('interventions', 'create'),
    },
  };
}

/** Presents a page of tickets with their SLA summaries (one query for all). */
export async function presentTickets(db: Db, rows: TicketRow[], ctx: RequestContext): Promise<TicketOut[]> {
  const sla = rows.length
    ? await ticketSlaSummaries(
        db,
        rows.map((r) => r.id),
      )
    : new Map();
  return rows.map((r) => presentTicket(r, ctx, sla.get(r.id) ?? null));
}
