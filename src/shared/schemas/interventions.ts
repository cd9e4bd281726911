import { z } from '../zod.ts';
import { conflictKinds, interventionKinds, interventionStatuses } from '../interventions.ts';
import {
  abilitiesOut,
  createdAtOut,
  idOut,
  isoDateTime,
  listParam,
  pageQuery,
  updatedAtOut,
  uuid,
} from './common.ts';

export const interventionKind = z.enum(interventionKinds, 'Type d’intervention inconnu.');
export const interventionStatus = z.enum(interventionStatuses, 'Statut inconnu.');

export const interventionListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: listParam(interventionStatus),
  kind: interventionKind.optional(),
  clientId: uuid.optional(),
  technicianId: uuid.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  unscheduled: z.enum(['true', 'false']).optional(),
  ...pageQuery,
});

const checklistItem = z.strictObject({
  label: z.string().trim().min(1, 'Libellé vide.').max(200),
  done: z.boolean().default(false),
});
const minutes = z.coerce
  .number()
  .int('Durée en minutes entières.')
  .min(15, 'Durée : 15 minutes au moins.')
  .max(24 * 60, 'Durée : 24 heures au plus.');

export const interventionCreateBody = z.strictObject({
  clientId: uuid,
  siteId: uuid.nullable().optional(),
  contactId: uuid.nullable().optional(),
  kind: interventionKind,
  remote: z.boolean().default(false),
  title: z.string().trim().min(3, 'Titre : 3 caractères au moins.').max(200),
  description: z.string().trim().max(5000).nullable().optional(),
  plannedMinutes: minutes.default(60),
  skillIds: z.array(uuid).max(20).default([]),
  checklist: z.array(checklistItem).max(50).default([]),
  ticketId: uuid.nullable().optional(),
  orderId: uuid.nullable().optional(),
});

export const interventionPatch = z.strictObject({
  version: z.number().int().min(1),
  siteId: uuid.nullable().optional(),
  contactId: uuid.nullable().optional(),
  kind: interventionKind.optional(),
  remote: z.boolean().optional(),
  title: z.string().trim().min(3, 'Titre : 3 caractères au moins.').max(200).optional(),
  description: z.string().trim().max(5000).nullable().optional(),
  plannedMinutes: minutes.optional(),
  skillIds: z.array(uuid).max(20).optional(),
  checklist: z.array(checklistItem).max(50).optional(),
  ticketId: uuid.nullable().optional(),
  orderId: uuid.nullable().optional(),
});

export const statusBody = z.strictObject({
  to: interventionStatus,
  reason: z.string().trim().max(2000).optional(),
});

export const ratingBody = z.strictObject({
  rating: z.number().int().min(1, 'Note de 1 à 5.').max(5, 'Note de 1 à 5.'),
});

export const scheduleBody = z.strictObject({
  technicianIds: z.array(uuid).min(1, 'Choisissez au moins un technicien.').max(10),
  leadTechnicianId: uuid.optional(),
  plannedStart: isoDateTime,
  plannedMinutes: minutes,
  version: z.number().int().min(1),
  overrideReason: z.string().trim().max(2000).optional(),
});

export const planningCheckBody = z.strictObject({
  interventionId: uuid,
  technicianIds: z.array(uuid).min(1).max(10),
  plannedStart: isoDateTime,
  plannedMinutes: minutes,
});

/** The intervention being written (not created yet): technicians ranked for it, and their conflicts. */
export const planningCandidatesBody = z.strictObject({
  clientId: uuid,
  siteId: uuid.nullable().optional(),
  remote: z.boolean().optional(),
  skillIds: z.array(uuid).max(20).optional(),
  plannedStart: isoDateTime.nullable().optional(),
  plannedMinutes: minutes,
});

export const conflictOut = z.object({
  path: z.string(),
  code: z.enum(conflictKinds),
  message: z.string(),
  technicianId: z.string().nullable(),
});
export type ConflictOut = z.infer<typeof conflictOut>;

export const planningCheckOut = z.object({
  conflicts: z.array(conflictOut),
  /** What could not be checked (coordinates missing…): information, not a conflict. */
  notices: z.array(z.string()),
});
export type PlanningCheckOut = z.infer<typeof planningCheckOut>;

const techRef = z.object({ id: z.string(), name: z.string(), lead: z.boolean() });

export const interventionOut = z
  .object({
    id: idOut,
    number: z.string().describe('Human number, e.g. `INT-2026-000310`.'),
    kind: interventionKind.describe('Kind: `installation`, `sav`, `maintenance` or `audit`.'),
    remote: z.boolean().describe('Done remotely: no travel, no site needed.'),
    status: interventionStatus.describe('Workflow status.'),
    title: z.string().describe('Short title.'),
    description: z.string().nullable().describe('What is to be done.'),
    clientId: z.string().describe('The client it belongs to.'),
    clientName: z.string().describe('Name of the client.'),
    partnerId: z.string().nullable().describe('The partner whose scope it falls in, if any.'),
    siteId: z.string().nullable().describe('The site where it takes place.'),
    siteName: z.string().nullable().describe('Name of the site.'),
    siteAddress: z.string().nullable().describe('Street address of the site.'),
    siteCity: z.string().nullable().describe('City of the site.'),
    siteDepartment: z.string().nullable().describe('Département of the site.'),
    latitude: z.number().nullable().describe('Latitude of the site (WGS 84).'),
    longitude: z.number().nullable().describe('Longitude of the site (WGS 84).'),
    contactId: z.string().nullable().describe('The contact on site.'),
    contactName: z.string().nullable().describe('Name of the contact on site.'),
    contactPhone: z.string().nullable().describe('Phone of the contact on site.'),
    plannedStart: z.string().nullable().describe('Planned start (ISO 8601), null while unscheduled.'),
    plannedEnd: z.string().nullable().describe('Planned end (ISO 8601).'),
    plannedMinutes: z.number().describe('Planned duration in minutes.'),
    technicians: z.array(techRef).describe('Technicians booked on it; `lead` marks the one in charge.'),
    skills: z.array(z.object({ id: z.string(), name: z.string() })).describe('Skills it requires.'),
    checklist: z
      .array(z.object({ label: z.string(), done: z.boolean() }))
      .describe('Checklist points, ticked on site.'),
    checkInAt: z.string().nullable().describe('When the technician arrived.'),
    checkOutAt: z.string().nullable().describe('When the technician left.'),
    actualMinutes: z.number().nullable().describe('Time actually spent, in minutes.'),
    report: z.string().nullable().describe('Report written by the technician.'),
    failureReason: z.string().nullable().describe('Why it failed, when it did.'),
    signedByName: z.string().nullable().describe('Who signed the completion report (PV) on site.'),
    signedAt: z.string().nullable().describe('When the report was signed.'),
    signedPlace: z.string().nullable().describe('Where the report was signed.'),
    rating: z.number().nullable().describe('Client satisfaction rating, 1 to 5.'),
    conflictOverride: z.string().nullable().describe('Why a scheduling conflict was accepted, when one was.'),
    ticketId: z.string().nullable().describe('The ticket it comes from, if any.'),
    orderId: z.string().nullable().describe('The order it comes from, if any.'),
    version: z
      .number()
      .describe('Version for optimistic locking: send it back on edit; a stale one answers 409.'),
    createdAt: createdAtOut,
    updatedAt: updatedAtOut,
    /** Statuses this actor may move it to now. */
    nextStatuses: z.array(interventionStatus).describe('Statuses the caller may move it to now.'),
    abilities: abilitiesOut,
  })
  .meta({ id: 'Intervention', description: 'Work done by technicians for a client, on site or remotely.' });
export type InterventionOut = z.infer<typeof interventionOut>;

export const candidateFactorKeys = ['skills', 'zone', 'availability'] as const;
export const planningCandidatesOut = z.object({
  items: z.array(
    z.object({
      technicianId: z.string(),
      name: z.string(),
      score: z.number().describe('0–100: skills 40, zone 30, availability 30.'),
      factors: z.array(
        z.object({
          key: z.enum(candidateFactorKeys),
          label: z.string(),
          points: z.number(),
          max: z.number(),
          detail: z.string(),
        }),
      ),
      conflicts: z
        .array(conflictOut)
        .describe('Conflicts of this technician at plannedStart (none without it).'),
    }),
  ),
  /** Whether this actor may plan despite a conflict, with a reason (« Forcer avec motif »). */
  canOverride: z.boolean(),
});
export type PlanningCandidatesOut = z.infer<typeof planningCandidatesOut>;

export const boardQuery = z.strictObject({
  from: isoDateTime,
  to: isoDateTime,
  technicianIds: listParam(uuid),
  department: z
    .string()
    .trim()
    .regex(/^(\d{2,3}|2A|2B)$/i, 'Département : 2 ou 3 chiffres (69, 2A, 971).')
    .optional(),
  skillId: uuid.optional(),
});

export const boardIntervention = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  kind: interventionKind,
  status: interventionStatus,
  remote: z.boolean(),
  clientName: z.string(),
  siteCity: z.string().nullable(),
  siteDepartment: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  plannedStart: z.string().nullable(),
  plannedMinutes: z.number(),
  technicianIds: z.array(z.string()),
  leadTechnicianId: z.string().nullable(),
  skills: z.array(z.object({ id: z.string(), name: z.string() })),
  conflictOverride: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
});
export type BoardIntervention = z.infer<typeof boardIntervention>;

export const boardOut = z.object({
  from: z.string(),
  to: z.string(),
  technicians: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.string(),
      homeDepartment: z.string().nullable(),
      zones: z.array(z.string()),
      skills: z.array(z.object({ skillId: z.string(), name: z.string(), level: z.number() })),
      workingHours: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  interventions: z.array(boardIntervention),
  absences: z.array(
    z.object({
      id: z.string(),
      technicianId: z.string(),
      kind: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
    }),
  ),
  queue: z.array(boardIntervention),
  /** Whether this actor may schedule (drag and drop) and force a conflict. */
  canSchedule: z.boolean(),
  canOverride: z.boolean(),
});
export type BoardOut = z.infer<typeof boardOut>;
