import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, parentId, serialPk, timestamps, timestamptz, uuidPk } from '../columns.ts';
import { users } from './auth.ts';
import type { OpeningHours } from './clients.ts';

/**
 * The skills catalog admins maintain (Centrex, IPBX, câblage, habilitation électrique B1V…).
 * `certification`: a skill held with an expiry date (alert 30 days before).
 */
export const skills = pgTable(
  'skills',
  {
    id: uuidPk(),
    name: text('name').notNull(),
    category: text('category'),
    certification: boolean('certification').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('skills_name_key').on(sql`lower(${t.name})`)],
);

/**
 * A technician's profile, linked to one user whose role is tech_terrain (field) or tech_interne
 * (internal): the kind is the user's role, never stored twice.
 */
export const technicians = pgTable(
  'technicians',
  {
    id: uuidPk(),
    userId: uuid('user_id')
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: 'restrict' }),
    phone: text('phone'),
    phoneE164: text('phone_e164'),
    /** Home base (where the day starts), geocoded like sites. */
    homeAddress: text('home_address'),
    homePostalCode: text('home_postal_code'),
    homeCity: text('home_city'),
    homeDepartment: text('home_department'),
    homeLatitude: doublePrecision('home_latitude'),
    homeLongitude: doublePrecision('home_longitude'),
    /** pending | ok | not_found | error, as sites.geocode_status. */
    homeGeocodeStatus: text('home_geocode_status').notNull().default('pending'),
    /** Weekly working hours, same shape as sites.opening_hours. */
    workingHours: jsonb('working_hours').$type<OpeningHours>(),
    /** Départements covered (codes: 69, 2A, 971…). */
    zones: text('zones').array().notNull().default(sql`'{}'::text[]`),
    /** Live position sharing, switched by the technician himself (CNIL); off by default. */
    positionSharing: boolean('position_sharing').notNull().default(false),
    active: boolean('active').notNull().default(true),
    notes: text('notes'),
    ...timestamps(),
  },
  (t) => [
    index('technicians_zones_idx').using('gin', t.zones),
    index('technicians_home_department_idx').on(t.homeDepartment),
  ],
);

/** A skill held by a technician: level 1 (notions) to 3 (expert); certifications expire. */
export const technicianSkills = pgTable(
  'technician_skills',
  {
    technicianId: parentId('technician_id', () => technicians.id, 'cascade'),
    skillId: parentId('skill_id', () => skills.id, 'restrict'),
    level: integer('level').notNull().default(2),
    /** Certifications: valid until (inclusive); null for plain skills. */
    validUntil: date('valid_until'),
    reference: text('reference'),
  },
  (t) => [
    primaryKey({ columns: [t.technicianId, t.skillId] }),
    index('technician_skills_skill_idx').on(t.skillId),
  ],
);

/**
 * Leave, sickness, training… A technician requests (status `demandee`), ADV or admin approves or
 * refuses; only `approuvee` absences block scheduling.
 */
export const absences = pgTable(
  'absences',
  {
    id: uuidPk(),
    technicianId: parentId('technician_id', () => technicians.id, 'cascade'),
    /** conges | maladie | formation | autre */
    kind: text('kind').notNull(),
    startsAt: timestamptz('starts_at').notNull(),
    endsAt: timestamptz('ends_at').notNull(),
    /** demandee | approuvee | refusee | annulee */
    status: text('status').notNull().default('demandee'),
    comment: text('comment'),
    requestedBy: uuid('requested_by').references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamptz('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('absences_technician_idx').on(t.technicianId, t.startsAt),
    index('absences_status_idx').on(t.status),
  ],
);

/**
 * Live positions (CNIL): recorded only while on duty with sharing on, no speed, purged after 2
 * months. Switching sharing on or off is an audit entry.
 */
export const technicianPositions = pgTable(
  'technician_positions',
  {
    id: serialPk(),
    technicianId: parentId('technician_id', () => technicians.id, 'cascade'),
    recordedAt: timestamptz('recorded_at').notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    /** Accuracy radius in metres, as the browser gives it. */
    accuracy: doublePrecision('accuracy'),
  },
  (t) => [
    index('technician_positions_tech_idx').on(t.technicianId, t.recordedAt),
    index('technician_positions_recorded_idx').on(t.recordedAt),
  ],
);
