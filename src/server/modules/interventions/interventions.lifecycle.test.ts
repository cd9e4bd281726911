import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { notifications, outboundMessages } from '../../db/schema/index.ts';
import { loginAs, type Session, until } from '../../test/harness.ts';
import { alertLateCheckIns, interventionCrons, sendDailyLists, sendTomorrowReminders } from './reminders.ts';

import {
  adv,
  at,
  create,
  db,
  inesId,
  lyonSite,
  lyonSite2,
  parisSite,
  scheduleOn,
  smtp,
  t,
  thomasId,
  useInterventionsFixture,
  userId,
} from './interventions.fixture.ts';

useInterventionsFixture();

describe('status transitions', () => {
  it('enforces the allowed transitions, in French', async () => {
    const i = await create(adv, lyonSite);
    const bad = await adv.post(`/api/v1/interventions/${i.id}/status`, { to: 'terminee' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.message).toContain('« À planifier » à « Terminée »');
    const noSlot = await adv.post(`/api/v1/interventions/${i.id}/status`, { to: 'planifiee' });
    expect(noSlot.statusCode).toBe(409);
    expect((await scheduleOn(adv, i, [thomasId], at(17, '09:00'))).statusCode).toBe(200);
    expect((await adv.post(`/api/v1/interventions/${i.id}/status`, { to: 'confirmee' })).json().status).toBe(
      'confirmee',
    );
    expect((await adv.delete(`/api/v1/interventions/${i.id}`)).statusCode).toBe(409);
    expect((await adv.post(`/api/v1/interventions/${i.id}/status`, { to: 'sur_site' })).statusCode).toBe(200);
    expect((await adv.post(`/api/v1/interventions/${i.id}/rating`, { rating: 4 })).statusCode).toBe(409);
    expect((await adv.post(`/api/v1/interventions/${i.id}/status`, { to: 'terminee' })).statusCode).toBe(200);
    expect((await adv.post(`/api/v1/interventions/${i.id}/status`, { to: 'annulee' })).statusCode).toBe(409);
    expect((await adv.post(`/api/v1/interventions/${i.id}/rating`, { rating: 4 })).json().rating).toBe(4);
    const q = await create(adv, lyonSite);
    expect((await adv.post(`/api/v1/interventions/${q.id}/status`, { to: 'annulee' })).statusCode).toBe(200);
    expect((await adv.delete(`/api/v1/interventions/${q.id}`)).statusCode).toBe(204);
  });
});

describe('row scopes', () => {
  it('a field technician sees his own interventions only (404 on a colleague’s)', async () => {
    const mine = await create(adv, lyonSite);
    expect((await scheduleOn(adv, mine, [thomasId], at(18, '09:00'))).statusCode).toBe(200);
    const theirs = await create(adv, lyonSite);
    expect((await scheduleOn(adv, theirs, [inesId], at(18, '09:00'))).statusCode).toBe(200);
    const thomas = await loginAs(t.app, 'tech.terrain@relais.test');
    expect((await thomas.get(`/api/v1/interventions/${mine.id}`)).statusCode).toBe(200);
    expect((await thomas.get(`/api/v1/interventions/${theirs.id}`)).statusCode).toBe(404);
    const list = (await thomas.get('/api/v1/interventions?limit=200')).json().items as { id: string }[];
    expect(list.some((x) => x.id === mine.id)).toBe(true);
    expect(list.some((x) => x.id === theirs.id)).toBe(false);
    const board = (
      await thomas.get(`/api/v1/planning/board?from=${at(15, '00:00')}&to=${at(22, '00:00')}`)
    ).json();
    expect(board.technicians.map((x: { id: string }) => x.id)).toEqual([thomasId]);
    expect(board.canOverride).toBe(false);
  });

  it('a partner sees only interventions at its own clients (list, detail, search, timeline)', async () => {
    const own = await create(adv, lyonSite);
    const other = await create(adv, parisSite);
    const partner = await loginAs(t.app, 'partenaire@relais.test');
    const list = (await partner.get('/api/v1/interventions?limit=200')).json().items as {
      id: string;
      partnerId: string;
    }[];
    expect(list.some((x) => x.id === own.id)).toBe(true);
    expect(list.some((x) => x.id === other.id)).toBe(false);
    expect((await partner.get(`/api/v1/interventions/${other.id}`)).statusCode).toBe(404);
    expect((await partner.get(`/api/v1/interventions/${own.id}`)).statusCode).toBe(200);
    const search = async (s: Session, q: string) => {
      const res = (await s.get(`/api/v1/search?q=${encodeURIComponent(q)}`)).json();
      return (res.groups ?? []).flatMap(
        (g: { type: string; items?: { id: string }[]; hits?: { id: string }[] }) =>
          g.type === 'interventions' ? (g.items ?? g.hits ?? []).map((h) => h.id) : [],
      );
    };
    expect(await search(adv, other.number)).toContain(other.id);
    expect(await search(partner, other.number)).toEqual([]);
    expect(await search(partner, own.number)).toContain(own.id);
    const tl = (await partner.get(`/api/v1/clients/${lyonSite.clientId}/timeline?limit=100`)).json();
    expect(tl.items.some((e: { text: string }) => e.text.includes(own.number))).toBe(true);
    expect(
      (await partner.get(`/api/v1/planning/board?from=${at(15, '00:00')}&to=${at(22, '00:00')}`)).statusCode,
    ).toBe(403);
    expect(
      (
        await partner.post('/api/v1/interventions', {
          clientId: lyonSite.clientId,
          siteId: lyonSite.id,
          kind: 'sav',
          title: 'Panne',
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('reminders and alerts', () => {
  it('reminds the client the day before (email + SMS) once, lists the technician’s day once', async () => {
    const i = await create(adv, lyonSite);
    expect((await scheduleOn(adv, i, [thomasId], at(19, '14:00'))).statusCode).toBe(200);
    const now = new Date(at(18, '10:00'));
    expect(await sendTomorrowReminders(db, t.jobs, now)).toBeGreaterThan(0);
    const again = await sendTomorrowReminders(db, t.jobs, now);
    expect(again).toBe(0);
    const msgs = await db
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.entityId, i.id), eq(outboundMessages.event, 'intervention.reminder')));
    expect(msgs.filter((m) => m.channel === 'email')).toHaveLength(1);
    expect(msgs.filter((m) => m.channel === 'sms').length).toBeLessThanOrEqual(1);
    const email = msgs.find((m) => m.channel === 'email')!;
    expect(email.body).toContain('14:00 – 15:00');
    expect(email.body).toContain('Thomas');
    await until(() => smtp.received.find((r) => r.to === email.recipient));
    const lists = await sendDailyLists(db, t.jobs, 'http://localhost', new Date(at(19, '07:00')));
    expect(lists).toBeGreaterThan(0);
    expect(await sendDailyLists(db, t.jobs, 'http://localhost', new Date(at(19, '07:00')))).toBe(0);
    await until(() => smtp.received.find((r) => r.to === 'tech.terrain@relais.test'));
  });

  it('alerts ADV once when a technician has not checked in 15 minutes after the slot', async () => {
    const i = await create(adv, lyonSite2);
    expect((await scheduleOn(adv, i, [inesId], at(22, '09:00'))).statusCode).toBe(200);
    expect(await alertLateCheckIns(db, t.jobs, 'http://localhost', new Date(at(22, '09:10')))).toBe(0);
    expect(
      await alertLateCheckIns(db, t.jobs, 'http://localhost', new Date(at(22, '09:16'))),
    ).toBeGreaterThan(0);
    await alertLateCheckIns(db, t.jobs, 'http://localhost', new Date(at(22, '09:21')));
    const advId = await userId('adv@relais.test');
    const rows = await db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.type, 'intervention.late_check_in'),
          eq(notifications.entityId, i.id),
          eq(notifications.userId, advId),
        ),
      );
    expect(rows).toHaveLength(1);
  });

  it('wires the crons through jobs.every (pg-boss schedules, Paris time)', async () => {
    const res = await db.execute(sql`SELECT name, cron, timezone FROM pgboss.schedule`);
    const rows = (res as unknown as { rows: { name: string; cron: string; timezone: string }[] }).rows;
    for (const c of Object.values(interventionCrons)) {
      expect(rows).toContainEqual(
        expect.objectContaining({ name: c.name, cron: c.cron, timezone: 'Europe/Paris' }),
      );
    }
  });
});

void isNotNull;
