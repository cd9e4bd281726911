import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { parentId, timestamps, uuidPk } from '../columns.ts';
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
    id: uuidPk(),
    clientId: parentId('client_id', () => clients.id, 'restrict'),
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
    ...timestamps(),
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
    contractId: parentId('contract_id', () => maintenanceContracts.id, 'cascade'),
    siteId: parentId('site_id', () => sites.id, 'cascade'),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.siteId] })],
);

export const contractPlatforms = pgTable(
  'contract_platforms',
  {
    contractId: parentId('contract_id', () => maintenanceContracts.id, 'cascade'),
    platformId: parentId('platform_id', () => telephonyPlatforms.id, 'cascade'),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.platformId] })],
);
