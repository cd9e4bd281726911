import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients, sites, telephonyPlatforms } from './clients.ts';
// The contract's calendar is the tickets module's; the reference is lazy, so the two files may import each other.
import { businessCalendars } from './tickets.ts';

/**
 * A client's maintenance contract: period, tacit renewal, notice, covered sites and platforms (none
 * listed: all of the client's), guaranteed intervention / restoration times (GTI / GTR) in business
 * time of its calendar.
 */
export const maintenanceContracts = pgTable(
  'maintenance_contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'restrict' }),
    reference: text('reference').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    tacitRenewal: boolean('tacit_renewal').notNull().default(true),
    /** Length of a renewal, in months. */
    renewalMonths: integer('renewal_months').notNull().default(12),
    /** Notice period before the end date, in days. */
    noticeDays: integer('notice_days').notNull().default(90),
    /** actif | resilie | expire */
    status: text('status').notNull().default('actif'),
    gtiMinutes: integer('gti_minutes'),
    gtrMinutes: integer('gtr_minutes'),
    calendarId: uuid('calendar_id').references(() => businessCalendars.id, { onDelete: 'restrict' }),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('maintenance_contracts_client_idx').on(t.clientId),
    index('maintenance_contracts_ends_idx').on(t.endsOn),
    uniqueIndex('maintenance_contracts_reference_key').on(t.reference),
  ],
);

export const contractSites = pgTable(
  'contract_sites',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => maintenanceContracts.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.siteId] })],
);

export const contractPlatforms = pgTable(
  'contract_platforms',
  {
    contractId: uuid('contract_id')
      .notNull()
      .references(() => maintenanceContracts.id, { onDelete: 'cascade' }),
    platformId: uuid('platform_id')
      .notNull()
      .references(() => telephonyPlatforms.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.platformId] })],
);
