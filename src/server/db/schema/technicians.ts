import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import type { OpeningHours } from './clients.ts';

/**
 * The skills catalog admins maintain (Centrex, IPBX, câblage, habilitation électrique B1V…).
 * `certification`: a skill held with an expiry date (alert 30 days before).
 */
export const skills = pgTable(
  'skills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    category: text('category'),
    certification: boolean('certification').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
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
    id: uuid('id').primaryKey().defaultRandom(),
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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
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
    technicianId: uuid('technician_id')
      .notNull()
      .references(() => technicians.id, { onDelete: 'cascade' }),
    skillId: uuid('skill_id')
      .notNull()
      .references(() => skills.id, { onDelete: 'restrict' }),
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
    id: uuid('id').primaryKey().defaultRandom(),
    technicianId: uuid('technician_id')
      .notNull()
      .references(() => technicians.id, { onDelete: 'cascade' }),
    /** conges | maladie | formation | autre */
    kind: text('kind').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** demandee | approuvee | refusee | annulee */
    status: text('status').notNull().default('demandee'),
    comment: text('comment'),
    requestedBy: uuid('requested_by').references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
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
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    technicianId: uuid('technician_id')
      .notNull()
      .references(() => technicians.id, { onDelete: 'cascade' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
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
