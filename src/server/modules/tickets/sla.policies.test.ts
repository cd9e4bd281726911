/**
 * SLA policies: resolution order (contract before default, GTI/GTR of a contract), recomputation
 * after a policy change, and the admin API of calendars and policies.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  clients,
  maintenanceContracts,
  slaPolicies,
  ticketSlaClocks,
  tickets,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { loginAs } from '../../test/harness.ts';
import { demoBusinessHours } from '../../demo/contracts.ts';
import { resolveSla, type SlaContext } from './sla.resolve.ts';
import { recomputeOpenClocks, ticketSlaSummaries } from './sla.service.ts';
import {
  alsaceSite,
  alwaysCal,
  businessCal,
  clientId,
  clocksOf,
  db,
  eventsOf,
  newTicket,
  setStatus,
  t,
  useSlaFixture,
} from './sla.fixture.ts';

useSlaFixture();

/** An active contract of `client` with a GTI of 4 h and a GTR of 8 h on the business calendar. */
async function premiumContract(client: string) {
  const [k] = await db
    .insert(maintenanceContracts)
    .values({
      clientId: client,
      reference: `GTI-${client.slice(0, 8)}-${Date.now()}`,
      name: 'Premium',
      startsOn: '2025-01-01',
      endsOn: '2027-01-01',
      gtiMinutes: 240,
      gtrMinutes: 480,
      calendarId: businessCal,
    })
    .returning();
  return k!;
}

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
    const k = await premiumContract(clientId);
    // Wednesday 24 December 2025 17:00 Paris at the Strasbourg site: 1 h, then Monday 29.
    const ticket = await newTicket('2025-12-24T16:00:00Z', { siteId: alsaceSite, contractId: k.id });
    const c = await clocksOf(ticket.id);
    expect(c.first_response.policyId).toBeNull();
    expect(c.first_response.targetSeconds).toBe(240 * 60);
    expect(c.first_response.dueAt?.toISOString()).toBe('2025-12-29T10:30:00.000Z'); // 1 h + 3 h
    expect(c.resolution.dueAt?.toISOString()).toBe('2025-12-29T16:00:00.000Z'); // 1 h + 7 h: 17:00
    const summary = (await ticketSlaSummaries(db, [ticket.id])).get(ticket.id)!;
    expect(summary.resolution?.dueAt).toBe('2025-12-29T16:00:00.000Z');
  });
});

describe('a ticket « à qualifier » given its client', () => {
  it('takes the SLA and calendar it would have had if created with that client, counted from its creation', async () => {
    // A Strasbourg client without sites (its address's holidays: Alsace-Moselle) under a GTI/GTR contract.
    const [client] = await db
      .insert(clients)
      .values({ name: 'Zz Clinique du Rhin', postalCode: '67000', city: 'Strasbourg', department: '67' })
      .returning();
    const k = await premiumContract(client!.id);
    // Wednesday 24 December 2025 17:00 Paris: an e-mail from an unknown sender, and a twin ticket
    // opened at the same instant with the client.
    const at = '2025-12-24T16:00:00Z';
    const unqualified = await newTicket(at, { clientId: null, siteId: null });
    const twin = await newTicket(at, { clientId: client!.id, siteId: null, contractId: k.id });
    // Without client: the default P2 policy (2 h), national holidays (Friday 26 is worked).
    expect((await clocksOf(unqualified.id)).first_response.targetSeconds).toBe(120 * 60);
    // Support names the client half an hour later.
    clock.set('2025-12-24T16:30:00Z');
    const support = await loginAs(t.app, 'support@relais.test');
    const res = await support.patch(`/api/v1/tickets/${unqualified.id}`, {
      version: 1,
      clientId: client!.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await db.select().from(tickets).where(eq(tickets.id, unqualified.id));
    expect(row!.contractId).toBe(k.id);
    const got = await clocksOf(unqualified.id);
    const want = await clocksOf(twin.id);
    for (const metric of ['first_response', 'resolution'] as const) {
      const pick = (c: typeof got.first_response) => ({
        targetSeconds: c.targetSeconds,
        policyId: c.policyId,
        state: c.state,
        dueAt: c.dueAt?.toISOString(),
        warnAt: c.warnAt?.toISOString(),
      });
      expect({ metric, ...pick(got[metric]) }).toEqual({ metric, ...pick(want[metric]) });
    }
    // GTI 4 h from the creation: 1 h on the 24th, the 25th and (in Alsace) the 26th off, 3 h on Monday.
    expect(got.first_response.dueAt?.toISOString()).toBe('2025-12-29T10:30:00.000Z');
    expect(got.resolution.dueAt?.toISOString()).toBe('2025-12-29T16:00:00.000Z');
    const recomputed = (await eventsOf(unqualified.id)).filter((e) => e.kind === 'recompute');
    expect(recomputed.map((e) => e.detail)).toEqual([
      expect.objectContaining({ reason: 'qualified', source: 'contract', region: 'alsace_moselle' }),
      expect.objectContaining({ reason: 'qualified', source: 'contract', region: 'alsace_moselle' }),
    ]);
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
