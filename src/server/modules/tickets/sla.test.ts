/**
 * SLA clocks with a controlled clock, on PGlite and PostgreSQL: business time across a weekend and
 * 14 July, an Alsace-Moselle site on 26 December vs a Paris site, pause and resume, first response,
 * resolution and reopening, breach → notification and escalation exactly once (twice in a row and
 * concurrently), policy resolution order, recomputation after a policy change.
 */
import type { AddressInfo } from 'node:net';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  auditLog,
  businessCalendars,
  clients,
  maintenanceContracts,
  notifications,
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
import { createTestApp, loginAs, type TestApp } from '../../test/harness.ts';
import { demoBusinessHours } from '../../demo/contracts.ts';
import { slaOnFirstResponse, slaOnStatusChange, slaOnTicketCreated } from './sla.clocks.ts';
import { resolveSla, type SlaContext } from './sla.resolve.ts';
import { recomputeOpenClocks, ticketSlaSummaries } from './sla.service.ts';
import { scanSla } from './sla.jobs.ts';
import { emailQueue } from '../notifications/outbox.service.ts';
import { eventOf, openEventStream } from '../notifications/sse-client.ts';
import type { TicketStatus } from '../../../shared/tickets.ts';

let t: TestApp;
let db: Db;
let clientId: string;
let parisSite: string;
let alsaceSite: string;
let businessCal: string;
let alwaysCal: string;
let assigneeId: string;
let leadId: string;
let teamId: string;
let seq = 0;

type Ticket = typeof tickets.$inferSelect;

async function newTicket(
  at: string,
  opts: {
    priority?: string;
    type?: string;
    siteId?: string | null;
    contractId?: string | null;
    team?: boolean;
  } = {},
): Promise<Ticket> {
  clock.set(at);
  const siteId = opts.siteId === undefined ? parisSite : opts.siteId;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tickets)
      .values({
        number: `T-TEST-${String(++seq).padStart(6, '0')}`,
        clientId,
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
    const [site] = siteId ? await tx.select().from(sites).where(eq(sites.id, siteId)) : [];
    await slaOnTicketCreated(tx, row!, site?.department ?? null);
    return row!;
  });
}

async function setStatus(ticket: Ticket, to: TicketStatus, at: string): Promise<Ticket> {
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

async function clocksOf(ticketId: string) {
  const rows = await db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, ticketId));
  return Object.fromEntries(rows.map((r) => [r.metric, r])) as Record<
    'first_response' | 'resolution',
    typeof ticketSlaClocks.$inferSelect
  >;
}

async function eventsOf(ticketId: string) {
  return db
    .select()
    .from(ticketSlaEvents)
    .where(eq(ticketSlaEvents.ticketId, ticketId))
    .orderBy(ticketSlaEvents.at, ticketSlaEvents.id);
}

async function policy(values: Partial<typeof slaPolicies.$inferInsert>) {
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

describe('business time', () => {
  it('crosses a weekend and 14 July (Paris site)', async () => {
    // Friday 10 July 2026, 17:00 Paris: 1 h left on Friday, Monday 13 open, Tuesday 14 July closed.
    const ticket = await newTicket('2026-07-10T15:00:00Z');
    const c = await clocksOf(ticket.id);
    // 2 h: Friday 17:00–18:00, Monday 08:30–09:30.
    expect(c.first_response.dueAt?.toISOString()).toBe('2026-07-13T07:30:00.000Z');
    // 75 % of 2 h = 1 h 30: Monday 09:00.
    expect(c.first_response.warnAt?.toISOString()).toBe('2026-07-13T07:00:00.000Z');
    // 12 h: Friday 1 h, Monday 8 h, Tuesday 14 July closed, Wednesday 08:30–11:30.
    expect(c.resolution.dueAt?.toISOString()).toBe('2026-07-15T09:30:00.000Z');
    expect(c.resolution.segments).toEqual([{ from: '2026-07-10T15:00:00.000Z', to: null }]);
    expect(c.resolution.state).toBe('running');
    const events = await eventsOf(ticket.id);
    expect(events.map((e) => `${e.metric}:${e.kind}`).sort()).toEqual([
      'first_response:start',
      'resolution:start',
    ]);

    clock.set('2026-07-13T07:15:00Z'); // Monday 09:15: past the warning of the first response
    const summary = (await ticketSlaSummaries(db, [ticket.id])).get(ticket.id)!;
    expect(summary.firstResponse).toMatchObject({
      state: 'at_risk',
      remainingSeconds: 15 * 60,
      targetSeconds: 7200,
    });
    expect(summary.resolution).toMatchObject({ state: 'ok', dueAt: '2026-07-15T09:30:00.000Z' });
    // Left on the resolution at Monday 09:15: 12 h − (1 h Friday + 45 min Monday).
    expect(summary.resolution!.remainingSeconds).toBe((12 * 60 - 105) * 60);
  });

  it('counts 26 December as closed in Alsace-Moselle, not in Paris', async () => {
    // Wednesday 24 December 2025, 17:00 Paris; 25 closed everywhere, 26 (Friday) only in Alsace.
    await db.update(slaPolicies).set({ resolutionMinutes: 240 }).where(eq(slaPolicies.priority, 'P2'));
    const paris = await newTicket('2025-12-24T16:00:00Z', { siteId: parisSite });
    const alsace = await newTicket('2025-12-24T16:00:00Z', { siteId: alsaceSite });
    // Paris: 1 h on the 24th, then Friday 26 08:30–11:30.
    expect((await clocksOf(paris.id)).resolution.dueAt?.toISOString()).toBe('2025-12-26T10:30:00.000Z');
    // Alsace: 1 h on the 24th, 25 and 26 closed, weekend, then Monday 29 08:30–11:30.
    expect((await clocksOf(alsace.id)).resolution.dueAt?.toISOString()).toBe('2025-12-29T10:30:00.000Z');
    const start = (await eventsOf(alsace.id)).find((e) => e.kind === 'start' && e.metric === 'resolution');
    expect(start?.detail).toMatchObject({ region: 'alsace_moselle', source: 'policy' });
  });

  it('runs a 24/7 policy in real time', async () => {
    const ticket = await newTicket('2026-07-11T22:00:00Z', { priority: 'P1' }); // a Saturday night
    const c = await clocksOf(ticket.id);
    expect(c.first_response.dueAt?.toISOString()).toBe('2026-07-11T22:30:00.000Z');
    expect(c.resolution.dueAt?.toISOString()).toBe('2026-07-12T02:00:00.000Z');
  });
});

describe('pause, resume, first response, resolution, reopening', () => {
  it('pauses while waiting for the client and keeps the history', async () => {
    // Monday 7 December 2026, 09:00 Paris (winter: UTC+1).
    let ticket = await newTicket('2026-12-07T08:00:00Z', { priority: 'P2' });
    await db
      .update(slaPolicies)
      .set({ firstResponseMinutes: 60, resolutionMinutes: 480 })
      .where(eq(slaPolicies.priority, 'P2'));
    await recomputeOpenClocks(db, clock.now());
    expect((await clocksOf(ticket.id)).resolution.targetSeconds).toBe(480 * 60);

    ticket = await setStatus(ticket, 'en_attente_client', '2026-12-07T08:30:00Z'); // 09:30: 30 min elapsed
    let c = await clocksOf(ticket.id);
    for (const m of ['first_response', 'resolution'] as const) {
      expect(c[m].state).toBe('paused');
      expect(c[m].dueAt).toBeNull();
      expect(c[m].segments).toEqual([{ from: '2026-12-07T08:00:00.000Z', to: '2026-12-07T08:30:00.000Z' }]);
    }
    clock.set('2026-12-08T08:00:00Z');
    const paused = (await ticketSlaSummaries(db, [ticket.id])).get(ticket.id)!;
    expect(paused.resolution).toMatchObject({ state: 'paused', dueAt: null, remainingSeconds: 450 * 60 });

    ticket = await setStatus(ticket, 'en_cours', '2026-12-08T09:00:00Z'); // Tuesday 10:00
    c = await clocksOf(ticket.id);
    // First response: 30 min left → Tuesday 10:30.
    expect(c.first_response.state).toBe('running');
    expect(c.first_response.dueAt?.toISOString()).toBe('2026-12-08T09:30:00.000Z');
    // Resolution: 7 h 30 left → Tuesday 10:00–12:30, 14:00–18:00, Wednesday 08:30–09:30.
    expect(c.resolution.dueAt?.toISOString()).toBe('2026-12-09T08:30:00.000Z');
    expect(c.resolution.segments).toHaveLength(2);

    clock.set('2026-12-08T09:15:00Z');
    await db.transaction((tx) => slaOnFirstResponse(tx, ticket));
    c = await clocksOf(ticket.id);
    expect(c.first_response.state).toBe('met');
    expect(c.first_response.stoppedAt?.toISOString()).toBe('2026-12-08T09:15:00.000Z');

    ticket = await setStatus(ticket, 'resolu', '2026-12-08T10:00:00Z'); // Tuesday 11:00
    c = await clocksOf(ticket.id);
    expect(c.resolution.state).toBe('met');
    expect(c.resolution.dueAt).toBeNull();

    ticket = await setStatus(ticket, 'en_cours', '2026-12-08T10:30:00Z'); // reopened at 11:30
    c = await clocksOf(ticket.id);
    expect(c.resolution.state).toBe('running');
    expect(c.resolution.stoppedAt).toBeNull();
    expect(c.resolution.segments).toHaveLength(3);
    // 1 h 30 used → 6 h 30 left from Tuesday 11:30: 1 h, then 4 h, then Wednesday 08:30–10:00.
    expect(c.resolution.dueAt?.toISOString()).toBe('2026-12-09T09:00:00.000Z');

    const kinds = (await eventsOf(ticket.id)).map((e) => `${e.metric}:${e.kind}`);
    expect(kinds.filter((k) => k.startsWith('resolution:'))).toEqual([
      'resolution:start',
      'resolution:pause',
      'resolution:resume',
      'resolution:met',
      'resolution:restart',
    ]);
    expect(kinds.filter((k) => k.startsWith('first_response:'))).toEqual([
      'first_response:start',
      'first_response:pause',
      'first_response:resume',
      'first_response:met',
    ]);

    // Over HTTP, with the history, for a tickets reader; a partner of another client gets 404.
    const support = await loginAs(t.app, 'support@relais.test');
    const res = await support.get(`/api/v1/tickets/${ticket.id}/sla`);
    expect(res.statusCode).toBe(200);
    expect(res.json().clocks).toHaveLength(2);
    expect(res.json().events.length).toBe(kinds.length);
    const [owner] = await db
      .select({ partnerId: clients.partnerId })
      .from(clients)
      .where(eq(clients.id, clientId));
    const outsider = owner?.partnerId ? 'partenaire2@relais.test' : 'partenaire@relais.test';
    const partnerSession = await loginAs(t.app, outsider);
    const [partnerUser] = await db.select().from(users).where(eq(users.email, outsider));
    if (partnerUser?.partnerId !== owner?.partnerId) {
      expect((await partnerSession.get(`/api/v1/tickets/${ticket.id}/sla`)).statusCode).toBe(404);
    }
  });

  it('a first reply after the deadline stays breached', async () => {
    const ticket = await newTicket('2026-12-07T08:00:00Z', { priority: 'P2' }); // FR 2 h: due 11:00 Paris
    clock.set('2026-12-07T13:30:00Z'); // 14:30 Paris: 2 h 30 of business time
    await db.transaction((tx) => slaOnFirstResponse(tx, ticket));
    const c = await clocksOf(ticket.id);
    expect(c.first_response.state).toBe('breached');
    const summary = (await ticketSlaSummaries(db, [ticket.id])).get(ticket.id)!;
    expect(summary.firstResponse?.state).toBe('breached');
    // 4 h of business time (09:00–12:30, 14:00–14:30) against a 2 h target.
    expect(summary.firstResponse?.remainingSeconds).toBe(-2 * 3600);
  });
});

describe('warning, breach and escalation', () => {
  async function notifCount(type: string, ticketId: string, userId: string) {
    const [r] = await db
      .select({ n: count() })
      .from(notifications)
      .where(
        and(
          eq(notifications.type, type),
          eq(notifications.entityId, ticketId),
          eq(notifications.userId, userId),
        ),
      );
    return Number(r!.n);
  }

  it('warns then breaches once, notifies assignee and team lead, escalates once', async () => {
    const ticket = await newTicket('2026-12-07T08:00:00Z', { priority: 'P3', team: true }); // 4 h / 4 h
    await db.update(tickets).set({ status: 'en_cours' }).where(eq(tickets.id, ticket.id));
    // 75 % of 4 h = 3 h: Monday 09:00–12:00 Paris.
    const warnAt = new Date('2026-12-07T11:00:00Z');
    expect((await clocksOf(ticket.id)).resolution.warnAt?.toISOString()).toBe(warnAt.toISOString());

    const first = await scanSla(db, t.jobs, warnAt);
    expect(first.warned).toBeGreaterThanOrEqual(2);
    expect(await notifCount('sla.warning', ticket.id, assigneeId)).toBe(2); // one per clock
    expect(await notifCount('sla.warning', ticket.id, leadId)).toBe(2);
    await scanSla(db, t.jobs, warnAt);
    expect(await notifCount('sla.warning', ticket.id, assigneeId)).toBe(2);

    // Due at 4 h: Monday 09:00–12:30, 14:00–14:30.
    const due = new Date('2026-12-07T13:30:00Z');
    expect((await clocksOf(ticket.id)).resolution.dueAt?.toISOString()).toBe(due.toISOString());
    await scanSla(db, t.jobs, new Date(due.getTime() - 1000));
    expect((await clocksOf(ticket.id)).resolution.breachedAt).toBeNull();
    await scanSla(db, t.jobs, due);
    await scanSla(db, t.jobs, new Date(due.getTime() + 60_000));

    const c = await clocksOf(ticket.id);
    expect(c.resolution.state).toBe('breached');
    expect(c.resolution.breachedAt?.toISOString()).toBe(due.toISOString());
    expect(await notifCount('sla.breach', ticket.id, assigneeId)).toBe(2);
    expect(await notifCount('sla.breach', ticket.id, leadId)).toBe(2);
    const [after] = await db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(after!.escalationLevel).toBe(1);
    expect(after!.status).toBe('escalade');
    const escalations = (await eventsOf(ticket.id)).filter((e) => e.kind === 'escalate');
    expect(escalations).toHaveLength(1);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, ticket.id), eq(auditLog.action, 'ticket.escalated')));
    expect(audits).toHaveLength(1);
  });

  it('two scans at the same time escalate once', async () => {
    const ticket = await newTicket('2026-12-07T08:00:00Z', { priority: 'P3', team: true });
    const later = new Date('2026-12-08T08:00:00Z');
    const results = await Promise.all([
      scanSla(db, t.jobs, later),
      scanSla(db, t.jobs, later),
      scanSla(db, t.jobs, later),
    ]);
    const [after] = await db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(after!.escalationLevel).toBe(1);
    expect((await eventsOf(ticket.id)).filter((e) => e.kind === 'escalate')).toHaveLength(1);
    expect((await eventsOf(ticket.id)).filter((e) => e.kind === 'breach')).toHaveLength(2);
    expect(results.reduce((n, r) => n + r.escalated, 0)).toBeGreaterThanOrEqual(1);
    expect(await notifCount('sla.breach', ticket.id, leadId)).toBe(2);
  });

  it('publishes ticket.changed when a breach escalates, so open queues and the map refresh live', async () => {
    const ticket = await newTicket('2026-12-07T08:00:00Z', { priority: 'P3', team: true });
    const support = await loginAs(t.app, 'support@relais.test');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const stream = await openEventStream(`http://127.0.0.1:${port}/api/v1/events`, {
      cookie: support.cookie,
    });
    try {
      await scanSla(db, t.jobs, new Date('2026-12-08T08:00:00Z'));
      const m = await stream.next(
        (x) => eventOf(x).type === 'ticket.changed' && eventOf(x).payload.ticketId === ticket.id,
      );
      expect(eventOf(m).payload).toMatchObject({ status: 'escalade', action: 'escalate' });
    } finally {
      stream.close();
    }
  });

  it('a paused clock never breaches', async () => {
    const ticket = await newTicket('2026-12-07T08:00:00Z', { priority: 'P3', team: true });
    await setStatus(ticket, 'en_attente_client', '2026-12-07T08:10:00Z');
    await scanSla(db, t.jobs, new Date('2026-12-20T08:00:00Z'));
    const c = await clocksOf(ticket.id);
    expect(c.resolution.state).toBe('paused');
    expect(c.resolution.breachedAt).toBeNull();
  });
});

describe('policy resolution', () => {
  const calendarRow = (id: string) => ({
    id,
    name: id,
    kind: 'hours',
    hours: demoBusinessHours,
    holidayRegion: null,
    closedDates: [],
    createdAt: new Date(),
  });
  const p = (
    id: string,
    contractId: string | null,
    priority: string | null,
    ticketType: string | null,
    active = true,
  ) => ({
    id,
    name: id,
    contractId,
    priority,
    ticketType,
    firstResponseMinutes: 10,
    resolutionMinutes: 20,
    calendarId: 'cal',
    warnPercent: 75,
    active,
    createdAt: new Date(),
  });
  const contract = (gti: number | null, gtr: number | null, calendarId: string | null = 'cal-contract') => ({
    id: 'K',
    clientId: 'c',
    reference: 'K',
    name: 'K',
    startsOn: '2026-01-01',
    endsOn: '2027-01-01',
    tacitRenewal: true,
    renewalMonths: 12,
    noticeDays: 90,
    status: 'actif',
    gtiMinutes: gti,
    gtrMinutes: gtr,
    calendarId,
    notes: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  function ctxOf(
    policies: ReturnType<typeof p>[],
    contracts: ReturnType<typeof contract>[] = [],
  ): SlaContext {
    return {
      policies,
      policyById: new Map(policies.map((x) => [x.id, x])),
      calendars: new Map([['cal', calendarRow('cal')]]),
      contracts: new Map(contracts.map((c) => [c.id, c])),
    };
  }
  const ticket = { contractId: 'K', priority: 'P2', type: 'incident' };

  it('takes the most specific match, contract before default', () => {
    const all = [
      p('default', null, null, null),
      p('default+prio', null, 'P2', null),
      p('default+prio+type', null, 'P2', 'incident'),
      p('contract', 'K', null, null),
      p('contract+prio', 'K', 'P2', null),
      p('contract+prio+type', 'K', 'P2', 'incident'),
      p('other-contract', 'Z', 'P2', 'incident'),
      p('contract+P1', 'K', 'P1', 'incident'),
      p('default+demande', null, null, 'demande'),
    ];
    const order = [
      'contract+prio+type',
      'contract+prio',
      'contract',
      'default+prio+type',
      'default+prio',
      'default',
    ];
    let left = [...all];
    for (const expected of order) {
      expect(resolveSla(ctxOf(left), ticket)?.policyId).toBe(expected);
      left = left.filter((x) => x.id !== expected);
    }
    expect(resolveSla(ctxOf(left), ticket)).toBeNull();
    // Inactive policies do not count; a ticket without a contract only sees defaults.
    expect(
      resolveSla(ctxOf([p('contract', 'K', null, null, false), p('default', null, null, null)]), ticket)
        ?.policyId,
    ).toBe('default');
    expect(resolveSla(ctxOf(all), { ...ticket, contractId: null })?.policyId).toBe('default+prio+type');
  });

  it('uses the contract’s GTI/GTR when it has no policy of its own', () => {
    const r = resolveSla(ctxOf([p('default+prio', null, 'P2', null)], [contract(240, 480)]), ticket);
    expect(r).toMatchObject({
      policyId: null,
      source: 'contract',
      calendarId: 'cal-contract',
      firstResponseSeconds: 240 * 60,
      resolutionSeconds: 480 * 60,
    });
    // GTR only: first response from the default policy, on the default policy's calendar.
    const partial = resolveSla(ctxOf([p('d', null, 'P2', null)], [contract(null, 480, null)]), ticket);
    expect(partial).toMatchObject({
      firstResponseSeconds: 600,
      resolutionSeconds: 480 * 60,
      calendarId: 'cal',
    });
    // A contract policy wins over GTI/GTR.
    expect(resolveSla(ctxOf([p('contract', 'K', null, null)], [contract(240, 480)]), ticket)?.policyId).toBe(
      'contract',
    );
  });

  it('no policy → no clock, no summary', async () => {
    await db.delete(slaPolicies);
    const ticket = await newTicket('2026-12-07T08:00:00Z');
    expect(
      await db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, ticket.id)),
    ).toHaveLength(0);
    expect((await ticketSlaSummaries(db, [ticket.id])).get(ticket.id)).toBeUndefined();
  });

  it('GTI/GTR of an Alsace contract on the site’s holidays, end to end', async () => {
    const [k] = await db
      .insert(maintenanceContracts)
      .values({
        clientId,
        reference: `GTI-${Date.now()}`,
        name: 'Premium',
        startsOn: '2025-01-01',
        endsOn: '2027-01-01',
        gtiMinutes: 240,
        gtrMinutes: 480,
        calendarId: businessCal,
      })
      .returning();
    // Wednesday 24 December 2025 17:00 Paris at the Strasbourg site: 1 h, then Monday 29.
    const ticket = await newTicket('2025-12-24T16:00:00Z', { siteId: alsaceSite, contractId: k!.id });
    const c = await clocksOf(ticket.id);
    expect(c.first_response.policyId).toBeNull();
    expect(c.first_response.targetSeconds).toBe(240 * 60);
    expect(c.first_response.dueAt?.toISOString()).toBe('2025-12-29T10:30:00.000Z'); // 1 h + 3 h
    expect(c.resolution.dueAt?.toISOString()).toBe('2025-12-29T16:00:00.000Z'); // 1 h + 7 h: 17:00
    const summary = (await ticketSlaSummaries(db, [ticket.id])).get(ticket.id)!;
    expect(summary.resolution?.dueAt).toBe('2025-12-29T16:00:00.000Z');
  });
});

describe('recompute', () => {
  it('moves the deadlines of running clocks after a policy change; paused ones take the target when they resume', async () => {
    const running = await newTicket('2026-12-07T08:00:00Z', { priority: 'P3' });
    const paused = await newTicket('2026-12-07T08:00:00Z', { priority: 'P3' });
    await setStatus(paused, 'en_attente_client', '2026-12-07T08:30:00Z');
    await db.update(slaPolicies).set({ resolutionMinutes: 60 }).where(eq(slaPolicies.priority, 'P3'));
    const changed = await recomputeOpenClocks(db, new Date('2026-12-07T08:30:00Z'), 1);
    expect(changed).toBeGreaterThanOrEqual(1);
    const c = await clocksOf(running.id);
    expect(c.resolution.targetSeconds).toBe(3600);
    expect(c.resolution.dueAt?.toISOString()).toBe('2026-12-07T09:00:00.000Z');
    let cp = await clocksOf(paused.id);
    expect(cp.resolution.dueAt).toBeNull();
    expect(cp.resolution.state).toBe('paused');
    expect(cp.resolution.targetSeconds).toBe(3600);
    // Resumed on Monday 11:00 Paris with 30 min used: 30 min left → 11:30.
    await setStatus(paused, 'en_cours', '2026-12-07T10:00:00Z');
    cp = await clocksOf(paused.id);
    expect(cp.resolution.state).toBe('running');
    expect(cp.resolution.dueAt?.toISOString()).toBe('2026-12-07T10:30:00.000Z');
    const [n] = await db.select({ n: sql<number>`count(*)::int` }).from(ticketSlaClocks);
    expect(n!.n).toBeGreaterThan(0);
  });
});

describe('calendars and policies admin API', () => {
  it('validates, enforces rights and recomputes running clocks on a change', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const support = await loginAs(t.app, 'support@relais.test');
    const noHours = await admin.post('/api/v1/sla/calendars', { name: 'Vide', kind: 'hours', hours: {} });
    expect(noHours.statusCode).toBe(400);
    expect(JSON.stringify(noHours.json())).toContain('hours');
    const badSlot = await admin.post('/api/v1/sla/calendars', {
      name: 'Mauvais',
      kind: 'hours',
      hours: { mon: [['18:00', '08:00']] },
    });
    expect(badSlot.statusCode).toBe(400);
    const cal = await admin.post('/api/v1/sla/calendars', {
      name: 'Samedi matin',
      kind: 'hours',
      hours: { sat: [['09:00', '12:00']] },
      holidayRegion: 'metropole',
      closedDates: ['2026-12-26'],
    });
    expect(cal.statusCode).toBe(201);
    expect((await support.post('/api/v1/sla/calendars', { name: 'x', kind: '24x7' })).statusCode).toBe(403);
    expect((await support.get('/api/v1/sla/calendars')).statusCode).toBe(200);

    const ticket = await newTicket('2026-12-07T08:00:00Z', { priority: 'P4', type: 'demande' });
    expect(
      await db.select().from(ticketSlaClocks).where(eq(ticketSlaClocks.ticketId, ticket.id)),
    ).toHaveLength(0);
    const created = await admin.post('/api/v1/sla/policies', {
      name: 'P4 demandes le samedi',
      priority: 'P4',
      ticketType: 'demande',
      firstResponseMinutes: 60,
      resolutionMinutes: 120,
      calendarId: cal.json().id,
    });
    expect(created.statusCode).toBe(201);
    expect((await support.get('/api/v1/sla/policies')).json().map((p: { id: string }) => p.id)).toContain(
      created.json().id,
    );
    expect(
      (await support.patch(`/api/v1/sla/policies/${created.json().id}`, { warnPercent: 50 })).statusCode,
    ).toBe(403);

    // A running clock on the P3 policy moves when its calendar changes to 24/7.
    const running = await newTicket('2026-12-07T08:00:00Z', { priority: 'P3' }); // 4 h ouvrées
    const [p3] = await db.select().from(slaPolicies).where(eq(slaPolicies.priority, 'P3'));
    const res = await admin.patch(`/api/v1/sla/policies/${p3!.id}`, { calendarId: alwaysCal });
    expect(res.statusCode).toBe(200);
    expect((await clocksOf(running.id)).resolution.dueAt?.toISOString()).toBe('2026-12-07T12:00:00.000Z');
    const inUse = await admin.delete(`/api/v1/sla/calendars/${cal.json().id}`);
    expect(inUse.statusCode).toBe(409);
  });
});
