/**
 * The shared setup of the SLA tests (`sla.clocks.test.ts`, `sla.policies.test.ts`): an app with a
 * controlled clock, on PGlite and PostgreSQL, and the helpers that open and move tickets.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  businessCalendars,
  clients,
  sites,
  slaPolicies,
  teams,
  ticketSlaClocks,
  ticketSlaEvents,
  tickets,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { demoBusinessHours } from '../../demo/contracts.ts';
import { slaOnStatusChange, slaOnTicketCreated } from './sla.clocks.ts';
import { departmentOf } from './sla.repo.ts';
import { emailQueue } from '../notifications/outbox.service.ts';
import type { TicketStatus } from '../../../shared/tickets.ts';

export let t: TestApp;
export let db: Db;
export let clientId: string;
export let parisSite: string;
export let alsaceSite: string;
export let businessCal: string;
export let alwaysCal: string;
export let assigneeId: string;
export let leadId: string;
export let teamId: string;
let seq = 0;

type Ticket = typeof tickets.$inferSelect;

export async function newTicket(
  at: string,
  opts: {
    priority?: string;
    type?: string;
    siteId?: string | null;
    contractId?: string | null;
    team?: boolean;
    /** null: a ticket « à qualifier » (no client yet; give `siteId: null` too). */
    clientId?: string | null;
  } = {},
): Promise<Ticket> {
  clock.set(at);
  const siteId = opts.siteId === undefined ? parisSite : opts.siteId;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tickets)
      .values({
        number: `T-TEST-${String(++seq).padStart(6, '0')}`,
        clientId: opts.clientId === undefined ? clientId : opts.clientId,
        siteId,
        contractId: opts.contractId ?? null,
        type: opts.type ?? 'incident',
        priority: opts.priority ?? 'P2',
        channel: 'telephone',
        subject: `Panne standard ${seq}`,
        assigneeId: opts.team ? assigneeId : null,
        teamId: opts.team ? teamId : null,
        createdAt: new Date(at),
        updatedAt: new Date(at),
      })
      .returning();
    // The holidays of the site's département, else the client's: as the ticket service does.
    await slaOnTicketCreated(tx, row!, await departmentOf(tx, row!.siteId, row!.clientId));
    return row!;
  });
}

export async function setStatus(ticket: Ticket, to: TicketStatus, at: string): Promise<Ticket> {
  clock.set(at);
  return db.transaction(async (tx) => {
    const [cur] = await tx.select().from(tickets).where(eq(tickets.id, ticket.id));
    const [row] = await tx
      .update(tickets)
      .set({ status: to, resolvedAt: to === 'resolu' ? new Date(at) : null, updatedAt: new Date(at) })
      .where(eq(tickets.id, ticket.id))
      .returning();
    await slaOnStatusChange(tx, row!, cur!.status as TicketStatus, to);
    return row!;
  });
}

export async function clocksOf(ticketId: string) {
  const rows = await db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, ticketId));
  return Object.fromEntries(rows.map((r) => [r.metric, r])) as Record<
    'first_response' | 'resolution',
    typeof ticketSlaClocks.$inferSelect
  >;
}

export async function eventsOf(ticketId: string) {
  return db
    .select()
    .from(ticketSlaEvents)
    .where(eq(ticketSlaEvents.ticketId, ticketId))
    .orderBy(ticketSlaEvents.at, ticketSlaEvents.id);
}

export async function policy(values: Partial<typeof slaPolicies.$inferInsert>) {
  const [row] = await db
    .insert(slaPolicies)
    .values({
      name: 'Test',
      firstResponseMinutes: 60,
      resolutionMinutes: 480,
      calendarId: businessCal,
      ...values,
    })
    .returning();
  return row!;
}

/**
 * The app (no workers: scans are called by hand), two sites, two calendars, a team, and three default
 * policies reset before each test.
 */
export function useSlaFixture(): void {
  beforeAll(async () => {
    clock.set('2026-07-01T08:00:00Z');
    t = await createTestApp({ workers: false });
    db = t.database.db;
    // Breach notifications are emailed (user preferences): the queue must exist, as workers would make it.
    await t.jobs.defineQueue(emailQueue);
    const [client] = await db.select().from(clients).limit(1);
    clientId = client!.id;
    const [p] = await db
      .insert(sites)
      .values({ clientId, name: 'Siège Paris', postalCode: '75008', city: 'Paris', department: '75' })
      .returning();
    const [a] = await db
      .insert(sites)
      .values({
        clientId,
        name: 'Agence Strasbourg',
        postalCode: '67000',
        city: 'Strasbourg',
        department: '67',
      })
      .returning();
    parisSite = p!.id;
    alsaceSite = a!.id;
    const [bc] = await db
      .insert(businessCalendars)
      .values({ name: 'Test ouvré', kind: 'hours', hours: demoBusinessHours, holidayRegion: null })
      .returning();
    const [ac] = await db.insert(businessCalendars).values({ name: 'Test 24/7', kind: '24x7' }).returning();
    businessCal = bc!.id;
    alwaysCal = ac!.id;
    const [support] = await db.select().from(users).where(eq(users.email, 'support@relais.test'));
    const [lead] = await db.select().from(users).where(eq(users.email, 'tech.interne@relais.test'));
    assigneeId = support!.id;
    leadId = lead!.id;
    const [team] = await db.insert(teams).values({ name: 'Équipe SLA test', leadUserId: leadId }).returning();
    teamId = team!.id;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(async () => {
    await db.delete(slaPolicies);
    await policy({ name: 'Défaut P2', priority: 'P2', firstResponseMinutes: 120, resolutionMinutes: 720 });
    await policy({
      name: 'Défaut P1 24/7',
      priority: 'P1',
      firstResponseMinutes: 30,
      resolutionMinutes: 240,
      calendarId: alwaysCal,
    });
    await policy({ name: 'Défaut P3', priority: 'P3', firstResponseMinutes: 240, resolutionMinutes: 240 });
  });
}
