/**
 * SLA clocks with a controlled clock, on PGlite and PostgreSQL: business time across a weekend and
 * 14 July, an Alsace-Moselle site on 26 December vs a Paris site, pause and resume, first response,
 * resolution and reopening, breach → notification and escalation exactly once (twice in a row and
 * concurrently).
 */
import type { AddressInfo } from 'node:net';
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, clients, notifications, slaPolicies, tickets, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { loginAs } from '../../test/harness.ts';
import { slaOnFirstResponse } from './sla.clocks.ts';
import { recomputeOpenClocks, ticketSlaSummaries } from './sla.service.ts';
import { scanSla } from './sla.jobs.ts';
import { eventOf, openEventStream } from '../notifications/sse-client.ts';
import {
  alsaceSite,
  assigneeId,
  clientId,
  clocksOf,
  db,
  eventsOf,
  leadId,
  newTicket,
  parisSite,
  setStatus,
  t,
  useSlaFixture,
} from './sla.fixture.ts';

useSlaFixture();

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

  it('follows the client’s address when the ticket has no site (a Strasbourg client: Alsace-Moselle)', async () => {
    await db.update(slaPolicies).set({ resolutionMinutes: 240 }).where(eq(slaPolicies.priority, 'P2'));
    clock.set('2025-12-24T16:00:00Z'); // Wednesday 24 December 2025, 17:00 Paris
    const [client] = await db
      .insert(clients)
      .values({
        name: 'Pharmacie de la Cathédrale',
        postalCode: '67000',
        city: 'Strasbourg',
        department: '67',
      })
      .returning();
    const support = await loginAs(t.app, 'support@relais.test');
    const res = await support.post('/api/v1/tickets', {
      clientId: client!.id,
      type: 'incident',
      priority: 'P2',
      subject: 'Standard muet',
    });
    expect(res.statusCode, res.body).toBe(201);
    // As the Alsace site above: 1 h on the 24th, 25 and 26 closed, weekend, Monday 29 08:30–11:30.
    expect((await clocksOf(res.json().id)).resolution.dueAt?.toISOString()).toBe('2025-12-29T10:30:00.000Z');
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

  it('resolving without a written reply stops the first-response clock too: no alert follows', async () => {
    const ticket = await newTicket('2026-12-07T08:00:00Z', { priority: 'P3', team: true }); // 4 h / 4 h
    await setStatus(ticket, 'resolu', '2026-12-07T08:30:00Z');
    const c = await clocksOf(ticket.id);
    expect(c.first_response.stoppedAt?.toISOString()).toBe('2026-12-07T08:30:00.000Z');
    expect(c.resolution.stoppedAt?.toISOString()).toBe('2026-12-07T08:30:00.000Z');
    // The next day, every deadline long past: the scan warns and breaches nothing for this ticket.
    await scanSla(db, t.jobs, new Date('2026-12-08T16:00:00Z'));
    for (const type of ['sla.warning', 'sla.breach']) {
      expect(await notifCount(type, ticket.id, assigneeId)).toBe(0);
      expect(await notifCount(type, ticket.id, leadId)).toBe(0);
    }
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
