import type { InterventionOut } from '../../../shared/schemas/interventions.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { InterventionRow } from './interventions.repo.ts';
import { nextStatusesOf, ownerOf } from './interventions.service.ts';
import { planningRights } from './scheduling.service.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentIntervention(row: InterventionRow, ctx: RequestContext): InterventionOut {
  const owner = ownerOf(row);
  const address = [row.siteAddress, [row.sitePostalCode, row.siteCity].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as InterventionOut['kind'],
    remote: row.remote,
    status: row.status as InterventionOut['status'],
    title: row.title,
    description: row.description,
    clientId: row.clientId,
    clientName: row.clientName,
    partnerId: row.partnerId,
    siteId: row.siteId,
    siteName: row.siteName,
    siteAddress: address || null,
    siteCity: row.siteCity,
    siteDepartment: row.siteDepartment,
    latitude: row.latitude,
    longitude: row.longitude,
    contactId: row.contactId,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    plannedStart: iso(row.plannedStart),
    plannedEnd: row.plannedStart
      ? new Date(row.plannedStart.getTime() + row.plannedMinutes * 60_000).toISOString()
      : null,
    plannedMinutes: row.plannedMinutes,
    technicians: row.technicians.map((t) => ({ id: t.id, name: t.name, lead: t.lead })),
    skills: row.skills,
    checklist: row.checklist.map((c) => ({ label: c.label, done: !!c.done })),
    checkInAt: iso(row.checkInAt),
    checkOutAt: iso(row.checkOutAt),
    actualMinutes: row.actualMinutes,
    report: row.report,
    failureReason: row.failureReason,
    signedByName: row.signedByName,
    signedAt: iso(row.signedAt),
    signedPlace: row.signedPlace,
    rating: row.rating,
    conflictOverride: row.conflictOverride,
    ticketId: row.ticketId,
    orderId: row.orderId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    nextStatuses: nextStatusesOf(row, ctx),
    abilities: {
      ...ctx.policy.abilities('interventions', owner),
      schedule: planningRights(ctx).canSchedule && ctx.policy.can('interventions', 'update', owner),
      rate: ctx.policy.can('interventions', 'update', owner) && row.status === 'terminee',
    },
  };
}
