import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  createdAt,
  parentId,
  serialPk,
  timestamps,
  timestamptz,
  updatedAt,
  uuidPk,
  version,
} from '../columns.ts';
import { users } from './auth.ts';
import { clients, contacts, sites, telephonyPlatforms } from './clients.ts';
import type { OpeningHours } from './clients.ts';
import { maintenanceContracts } from './contracts.ts';

/** Ticket numbers T-2026-000001…: one sequence, the year is the year of creation (Europe/Paris). */
export const ticketNumberSeq = pgSequence('ticket_number_seq');

/** Support teams; the lead is notified of near-breaches and breaches with the assignee. */
export const teams = pgTable(
  'teams',
  {
    id: uuidPk(),
    name: text('name').notNull(),
    leadUserId: uuid('lead_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_name_key').on(sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: parentId('team_id', () => teams.id, 'cascade'),
    userId: parentId('user_id', () => users.id, 'cascade'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

/**
 * A business-hours calendar for SLA clocks (src/shared/business-time.ts): weekly hours in
 * Europe/Paris, public holidays of a region (null: the region of the ticket's site département),
 * extra closed dates; or 24/7.
 */
export const businessCalendars = pgTable('business_calendars', {
  id: uuidPk(),
  name: text('name').notNull(),
  /** hours | 24x7 */
  kind: text('kind').notNull().default('hours'),
  hours: jsonb('hours').$type<OpeningHours>(),
  /** metropole | alsace_moselle | 971 … (src/shared/holidays.ts); null: from the site's département. */
  holidayRegion: text('holiday_region'),
  closedDates: text('closed_dates').array().notNull().default(sql`'{}'::text[]`),
  createdAt: createdAt(),
});

/**
 * SLA targets: for a contract (null: the default policy), a priority and a ticket type (null: any),
 * first response and resolution in business minutes of a calendar; `warnPercent` of the target
 * raises the near-breach alert. The most specific active policy applies.
 */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: uuidPk(),
    name: text('name').notNull(),
    contractId: uuid('contract_id').references(() => maintenanceContracts.id, { onDelete: 'cascade' }),
    priority: text('priority'),
    ticketType: text('ticket_type'),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    calendarId: parentId('calendar_id', () => businessCalendars.id, 'restrict'),
    warnPercent: integer('warn_percent').notNull().default(75),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('sla_policies_contract_idx').on(t.contractId)],
);

/**
 * A ticket. The partner is the client's (never stored twice). Status transitions are those of
 * src/shared/tickets.ts only; `version` guards concurrent edits.
 */
export const tickets = pgTable(
  'tickets',
  {
    id: uuidPk(),
    number: text('number').notNull().unique(),
    /** Null: « à qualifier » — an e-mail from an unknown sender, until support names the client. */
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'restrict' }),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    platformId: uuid('platform_id').references(() => telephonyPlatforms.id, { onDelete: 'set null' }),
    contractId: uuid('contract_id').references(() => maintenanceContracts.id, { onDelete: 'set null' }),
    /** incident | demande | projet | sav */
    type: text('type').notNull(),
    /** P1 | P2 | P3 | P4 */
    priority: text('priority').notNull(),
    /** ouvert | en_cours | en_attente_client | escalade | resolu | clos */
    status: text('status').notNull().default('ouvert'),
    /** telephone | email | portail | api */
    channel: text('channel').notNull(),
    subject: text('subject').notNull(),
    description: text('description'),
    /** The sender of a ticket opened by an e-mail from an unknown address: public replies go there. */
    requesterEmail: text('requester_email'),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    /** 0: support (N1), 1: technique (N2), 2: expert, 3: direction. */
    escalationLevel: integer('escalation_level').notNull().default(0),
    /** Link to an order, as the orders module lands (no foreign key until it exists). */
    orderId: uuid('order_id'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    firstResponseAt: timestamptz('first_response_at'),
    resolvedAt: timestamptz('resolved_at'),
    closedAt: timestamptz('closed_at'),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index('tickets_client_idx').on(t.clientId, t.createdAt),
    index('tickets_assignee_idx').on(t.assigneeId, t.status),
    index('tickets_team_idx').on(t.teamId, t.status),
    // The open queues: few rows among millions of closed ones. The queue columns follow the sort
    // key so that the queue counts are read from the index alone.
    index('tickets_open_idx')
      .on(t.priority, t.createdAt, t.id, t.status, t.assigneeId, t.teamId, t.escalationLevel)
      .where(sql`${t.status} NOT IN ('resolu', 'clos')`),
    // A partner's open tickets (its clients'), with the queue columns: its queues and their counts
    // read only its own rows, from the index alone (issue 16 item 7).
    index('tickets_open_client_idx')
      .on(t.clientId, t.priority, t.createdAt, t.id, t.status, t.assigneeId, t.teamId, t.escalationLevel)
      .where(sql`${t.status} NOT IN ('resolu', 'clos')`),
    // Every ticket in priority order (a list filtered on closed statuses).
    index('tickets_priority_idx').on(t.priority, t.createdAt, t.id),
  ],
);

/**
 * The conversation: public replies (emailed to the client contact, visible to the partner) and
 * internal notes (staff only). Attachments are stored_files owned by the message. A reply received
 * by email keeps its Message-ID, so the same email twice is one message.
 */
export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: uuidPk(),
    ticketId: parentId('ticket_id', () => tickets.id, 'cascade'),
    /** public | internal */
    visibility: text('visibility').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Who wrote it when not a user (a client contact replying by email). */
    authorName: text('author_name'),
    authorEmail: text('author_email'),
    /** web | email | portail | api */
    channel: text('channel').notNull().default('web'),
    body: text('body').notNull(),
    inboundMessageId: text('inbound_message_id').unique(),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_messages_ticket_idx').on(t.ticketId, t.createdAt)],
);

export type SlaSegment = { from: string; to: string | null };

/**
 * A ticket's SLA clock per metric (first_response, resolution): the running segments (pauses are
 * the gaps, e.g. `en_attente_client`), the target, the deadline while running, and its state.
 */
export const ticketSlaClocks = pgTable(
  'ticket_sla_clocks',
  {
    id: uuidPk(),
    ticketId: parentId('ticket_id', () => tickets.id, 'cascade'),
    /** first_response | resolution */
    metric: text('metric').notNull(),
    policyId: uuid('policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    targetSeconds: integer('target_seconds').notNull(),
    segments: jsonb('segments').$type<SlaSegment[]>().notNull().default([]),
    /** running | paused | met | breached */
    state: text('state').notNull().default('running'),
    /** While running: when the target is reached if it keeps running. */
    dueAt: timestamptz('due_at'),
    /** When the near-breach threshold is reached (warnPercent of the target). */
    warnAt: timestamptz('warn_at'),
    warnedAt: timestamptz('warned_at'),
    breachedAt: timestamptz('breached_at'),
    stoppedAt: timestamptz('stopped_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('ticket_sla_clocks_ticket_metric_key').on(t.ticketId, t.metric),
    index('ticket_sla_clocks_due_idx').on(t.state, t.dueAt),
    index('ticket_sla_clocks_warn_idx').on(t.state, t.warnAt),
    // The clocks still counting (recompute after a policy change), among millions stopped.
    index('ticket_sla_clocks_open_idx').on(t.id).where(sql`${t.stoppedAt} IS NULL`),
  ],
);

/** Everything that happened to a clock (start, pause, resume, warn, breach, escalate, met…). */
export const ticketSlaEvents = pgTable(
  'ticket_sla_events',
  {
    id: serialPk(),
    ticketId: parentId('ticket_id', () => tickets.id, 'cascade'),
    metric: text('metric').notNull(),
    kind: text('kind').notNull(),
    at: timestamptz('at').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('ticket_sla_events_ticket_idx').on(t.ticketId, t.at)],
);

/** Per ticket type: whether the best-ranked technician is assigned automatically. */
export const ticketAssignmentSettings = pgTable('ticket_assignment_settings', {
  ticketType: text('ticket_type').primaryKey(),
  autoAssign: boolean('auto_assign').notNull().default(false),
  updatedAt: updatedAt(),
});
