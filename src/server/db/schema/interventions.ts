import {
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  uuid,
} from 'drizzle-orm/pg-core';
import { parentId, timestamps, timestamptz, uuidPk, version } from '../columns.ts';
import { users } from './auth.ts';
import { clients, contacts, sites } from './clients.ts';
import { storedFiles } from './files.ts';
import { skills, technicians } from './technicians.ts';
import { tickets } from './tickets.ts';

/** Numbers I-2026-000001…: one sequence, the year is the year of creation (Europe/Paris). */
export const interventionNumberSeq = pgSequence('intervention_number_seq');

export type ChecklistItem = { label: string; done: boolean };
export type PartUsed = { label: string; quantity: number; serial?: string | null };

/**
 * An intervention: installation, SAV, maintenance or audit, on site or remote, at a client's site.
 * Status transitions are those of src/shared/interventions.ts only. `version` increases with every
 * change (optimistic concurrency for the planning board and the phone's offline sync).
 */
export const interventions = pgTable(
  'interventions',
  {
    id: uuidPk(),
    number: text('number').notNull().unique(),
    /** installation | sav | maintenance | audit */
    kind: text('kind').notNull(),
    /** true: remote/support (internal technicians may manage it); false: on site. */
    remote: boolean('remote').notNull().default(false),
    clientId: parentId('client_id', () => clients.id, 'restrict'),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'restrict' }),
    /** The client's contact on site: receives reminders and the PV. */
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    /** Link to an order, as the orders module lands (no foreign key until it exists). */
    orderId: uuid('order_id'),
    title: text('title').notNull(),
    description: text('description'),
    /** a_planifier | planifiee | confirmee | en_route | sur_site | terminee | annulee | echouee */
    status: text('status').notNull().default('a_planifier'),
    plannedStart: timestamptz('planned_start'),
    plannedMinutes: integer('planned_minutes').notNull().default(60),
    checkInAt: timestamptz('check_in_at'),
    checkOutAt: timestamptz('check_out_at'),
    /** Time actually spent, in minutes (check-out − check-in unless the technician corrects it). */
    actualMinutes: integer('actual_minutes'),
    checklist: jsonb('checklist').$type<ChecklistItem[]>().notNull().default([]),
    report: text('report'),
    parts: jsonb('parts').$type<PartUsed[]>().notNull().default([]),
    failureReason: text('failure_reason'),
    /** PV de recette: who signed, when, where (the signature and the PDF are stored_files). */
    signedByName: text('signed_by_name'),
    signedAt: timestamptz('signed_at'),
    signedPlace: text('signed_place'),
    /** Quality rating 1–5 given by ADV or the client. */
    rating: integer('rating'),
    ratedBy: uuid('rated_by').references(() => users.id),
    ratedAt: timestamptz('rated_at'),
    /** An accepted schedule conflict: ADV's written reason (also in the audit log). */
    conflictOverride: text('conflict_override'),
    version: version(),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps(),
  },
  (t) => [
    index('interventions_client_idx').on(t.clientId),
    index('interventions_site_idx').on(t.siteId, t.plannedStart),
    index('interventions_planned_idx').on(t.plannedStart),
    index('interventions_status_idx').on(t.status),
    index('interventions_ticket_idx').on(t.ticketId),
  ],
);

/** Technicians on an intervention (one or more); `lead` is the one in charge. */
export const interventionTechnicians = pgTable(
  'intervention_technicians',
  {
    interventionId: parentId('intervention_id', () => interventions.id, 'cascade'),
    technicianId: parentId('technician_id', () => technicians.id, 'restrict'),
    lead: boolean('lead').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.interventionId, t.technicianId] }),
    index('intervention_technicians_tech_idx').on(t.technicianId),
  ],
);

/** Skills an intervention needs (the planning board flags a technician without them). */
export const interventionSkills = pgTable(
  'intervention_skills',
  {
    interventionId: parentId('intervention_id', () => interventions.id, 'cascade'),
    skillId: parentId('skill_id', () => skills.id, 'restrict'),
  },
  (t) => [primaryKey({ columns: [t.interventionId, t.skillId] })],
);

/**
 * Operations sent by the technician's phone, under the id the phone generated: replaying the same
 * operation after a lost connection finds it here and changes nothing (no duplicates).
 */
export const interventionSyncOps = pgTable(
  'intervention_sync_ops',
  {
    id: uuid('id').primaryKey(),
    interventionId: parentId('intervention_id', () => interventions.id, 'cascade'),
    userId: uuid('user_id').references(() => users.id),
    /** check_in | check_out | report | photo | signature | status … */
    kind: text('kind').notNull(),
    /** When the technician did it on the phone (may be long before it reached the server). */
    performedAt: timestamptz('performed_at').notNull(),
    appliedAt: timestamptz('applied_at').notNull().defaultNow(),
    fileId: uuid('file_id').references(() => storedFiles.id, { onDelete: 'set null' }),
  },
  (t) => [index('intervention_sync_ops_intervention_idx').on(t.interventionId)],
);
