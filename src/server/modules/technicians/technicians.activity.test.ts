import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  auditLog,
  interventions,
  interventionTechnicians,
  notifications,
  outboundMessages,
  sites,
  technicianPositions,
  technicians,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { alertExpiringCertifications } from './certifications.ts';
import { purgePositions } from './positions.ts';

import {
  adv,
  base,
  commercial,
  ids,
  ines,
  partner,
  support,
  t,
  thomas,
  useTechniciansFixture,
} from './technicians.fixture.ts';

useTechniciansFixture();

describe('absences', () => {
  const nextWeek = { startsAt: '2026-12-08T08:00:00+01:00', endsAt: '2026-12-08T18:00:00+01:00' };
  it('a technician requests his own leave only; ADV is notified', async () => {
    const res = await thomas.post('/api/v1/absences', {
      kind: 'conges',
      startsAt: '2026-12-21T00:00:00+01:00',
      endsAt: '2026-12-24T00:00:00+01:00',
      comment: 'Noël',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'demandee', technicianName: 'Thomas Terrain' });
    ids.request = res.json().id;
    const advUser = await t.database.db.select().from(users).where(eq(users.email, 'adv@relais.test'));
    const notes = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, advUser[0]!.id), eq(notifications.type, 'absence.requested')));
    expect(notes.map((n) => n.entityId)).toContain(ids.request);
    // Issue 15 item 19: the leave is said in inclusive days, not « … au 24 décembre à 00:00 ».
    const requested = notes.find((n) => n.entityId === ids.request)!;
    expect(requested.body).toBe('Congés du 21 au 23 décembre inclus. « Noël »');
    // Not for a colleague: out of scope for a field technician, forbidden for an internal one.
    const forJulien = { technicianId: ids['Julien Moreau'], kind: 'conges', ...nextWeek };
    expect((await thomas.post('/api/v1/absences', forJulien)).statusCode).toBe(404);
    expect((await ines.post('/api/v1/absences', forJulien)).statusCode).toBe(403);
    expect((await commercial.post('/api/v1/absences', forJulien)).statusCode).toBe(403);
    expect((await partner.post('/api/v1/absences', { kind: 'conges', ...nextWeek })).statusCode).toBe(403);
    // The technician cannot approve his own request.
    expect((await thomas.post(`/api/v1/absences/${ids.request}/approve`)).statusCode).toBe(403);
    const seen = (await thomas.get('/api/v1/absences')).json().items;
    expect(new Set(seen.map((a: { technicianName: string }) => a.technicianName))).toEqual(
      new Set(['Thomas Terrain']),
    );
    // Partners have no planning right at all (the matrix offers them no planning cell).
    expect((await partner.get('/api/v1/absences')).statusCode).toBe(403);
  });

  it('ADV approves (technician notified); overlapping approved absences are refused', async () => {
    const ok = await adv.post(`/api/v1/absences/${ids.request}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approuvee', decidedByName: 'Adèle Ventes' });
    const thomasUser = (await thomas.get('/api/v1/technicians/me')).json().userId;
    const notes = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, thomasUser), eq(notifications.type, 'absence.decided')));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.body).toBe('Adèle Ventes : Congés du 21 au 23 décembre inclus — approuvée.');
    expect((await adv.post(`/api/v1/absences/${ids.request}/approve`, {})).statusCode).toBe(409);
    // Overlaps the seeded approved leave of next week (7–12 December).
    const overlap = await adv.post('/api/v1/absences', {
      technicianId: ids['Thomas Terrain'],
      kind: 'formation',
      ...nextWeek,
    });
    expect(overlap.statusCode).toBe(409);
    // A pending request overlapping an approved absence cannot be approved either.
    const req = await thomas.post('/api/v1/absences', { kind: 'autre', ...nextWeek });
    expect(req.statusCode).toBe(201);
    expect((await adv.post(`/api/v1/absences/${req.json().id}/approve`, {})).statusCode).toBe(409);
    const refused = await adv.post(`/api/v1/absences/${req.json().id}/refuse`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toBe('note');
    const refusedOk = await adv.post(`/api/v1/absences/${req.json().id}/refuse`, { note: 'Déjà en congés.' });
    expect(refusedOk.json().status).toBe('refusee');
  });

  it('the requester cancels before it starts; ADV at any time', async () => {
    const req = await thomas.post('/api/v1/absences', {
      kind: 'formation',
      startsAt: '2027-01-11T08:00:00+01:00',
      endsAt: '2027-01-11T18:00:00+01:00',
    });
    expect((await thomas.post(`/api/v1/absences/${req.json().id}/cancel`, {})).json().status).toBe('annulee');
    expect((await thomas.post(`/api/v1/absences/${req.json().id}/cancel`, {})).statusCode).toBe(409);
    const started = await adv.post('/api/v1/absences', {
      technicianId: ids['Thomas Terrain'],
      kind: 'maladie',
      startsAt: '2026-11-30T08:00:00+01:00',
      endsAt: '2026-11-30T18:00:00+01:00',
    });
    expect(started.json().status).toBe('approuvee');
    expect((await thomas.post(`/api/v1/absences/${started.json().id}/cancel`, {})).statusCode).toBe(403);
    expect((await adv.post(`/api/v1/absences/${started.json().id}/cancel`, {})).json().status).toBe(
      'annulee',
    );
  });
});

describe('certifications', () => {
  it('alerts the technician, admins and ADV once per certification and date', async () => {
    const sophie = (await adv.get(`/api/v1/technicians/${ids['Sophie Lambert']}`)).json();
    const cert = sophie.skills.find((s: { certification: boolean }) => s.certification);
    expect(cert).toMatchObject({ certificationState: 'expiring', daysLeft: 20 });
    const first = await alertExpiringCertifications(t.database.db, t.jobs);
    expect(first).toBeGreaterThanOrEqual(1);
    await alertExpiringCertifications(t.database.db, t.jobs);
    clock.advance(5 * 86_400_000);
    await alertExpiringCertifications(t.database.db, t.jobs);
    clock.set(base);
    const rows = await t.database.db
      .select({ userId: notifications.userId, key: notifications.idempotencyKey, email: users.email })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(and(eq(notifications.type, 'certification.expiring'), eq(notifications.entityId, sophie.id)));
    const emails = rows.map((r) => r.email).sort();
    expect(emails).toEqual(['admin@relais.test', 'adv@relais.test', 'sophie.lambert@relais.test']);
    // Emailed once too (defaults: in-app + email).
    const mails = await t.database.db
      .select()
      .from(outboundMessages)
      .where(sql`${outboundMessages.idempotencyKey} LIKE ${`notif:certification-expiring:${sophie.id}:%`}`);
    expect(mails).toHaveLength(3);
  });
});

describe('live positions (CNIL)', () => {
  const here = { latitude: 45.76, longitude: 4.84, accuracy: 12 };
  async function count() {
    const [r] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(technicianPositions)
      .where(eq(technicianPositions.technicianId, ids['Thomas Terrain']!));
    return r!.n;
  }
  it('is refused while sharing is off, and never keeps a speed', async () => {
    const off = await thomas.post('/api/v1/technicians/me/positions', here);
    expect(off.statusCode).toBe(409);
    expect(off.json().error.message).toMatch(/partage de position est désactivé/);
    expect(await count()).toBe(0);
    expect((await thomas.post('/api/v1/technicians/me/positions', { ...here, speed: 12 })).statusCode).toBe(
      400,
    );
  });

  it('is recorded on duty with sharing on, published, and shown to the office only', async () => {
    const on = await thomas.put('/api/v1/technicians/me/position-sharing', { enabled: true });
    expect(on.json()).toEqual({ positionSharing: true });
    const res = await thomas.post('/api/v1/technicians/me/positions', here);
    expect(res.statusCode, res.body).toBe(201);
    expect(await count()).toBe(1);
    const latest = (await adv.get('/api/v1/technicians/positions/latest')).json().items;
    expect(latest).toEqual([
      expect.objectContaining({ name: 'Thomas Terrain', latitude: 45.76, accuracy: 12 }),
    ]);
    expect((await partner.get('/api/v1/technicians/positions/latest')).statusCode).toBe(403);
    expect((await thomas.get('/api/v1/technicians/positions/latest')).statusCode).toBe(403);
    expect((await support.get('/api/v1/technicians/positions/latest')).statusCode).toBe(403);
    const ev = await t.database.db.execute(
      sql`SELECT module, payload FROM realtime_events WHERE type = 'technician.position' ORDER BY id DESC LIMIT 1`,
    );
    const row = (ev as unknown as { rows: { module: string; payload: { speed?: number; name: string } }[] })
      .rows[0]!;
    expect(row.module).toBe('planning');
    expect(row.payload.name).toBe('Thomas Terrain');
    expect(row.payload.speed).toBeUndefined();
  });

  it('is never recorded off duty (outside hours or on approved absence)', async () => {
    // Outside working hours: ADV gives him afternoon-only hours.
    await adv.patch(`/api/v1/technicians/${ids['Thomas Terrain']}`, {
      workingHours: { tue: [['14:00', '18:00']] },
    });
    const outside = await thomas.post('/api/v1/technicians/me/positions', here);
    expect(outside.statusCode).toBe(409);
    expect(outside.json().error.message).toMatch(/pas en service/);
    await adv.patch(`/api/v1/technicians/${ids['Thomas Terrain']}`, {
      workingHours: { tue: [['08:00', '12:00']] },
    });
    const sick = await adv.post('/api/v1/absences', {
      technicianId: ids['Thomas Terrain'],
      kind: 'maladie',
      startsAt: '2026-12-01T08:00:00+01:00',
      endsAt: '2026-12-01T18:00:00+01:00',
    });
    expect(sick.statusCode, sick.body).toBe(201);
    expect((await thomas.post('/api/v1/technicians/me/positions', here)).statusCode).toBe(409);
    await adv.post(`/api/v1/absences/${sick.json().id}/cancel`, {});
    expect((await thomas.post('/api/v1/technicians/me/positions', here)).statusCode).toBe(201);
    expect(await count()).toBe(2);
    const off = await thomas.put('/api/v1/technicians/me/position-sharing', { enabled: false });
    expect(off.json()).toEqual({ positionSharing: false });
    expect((await adv.get('/api/v1/technicians/positions/latest')).json().items).toEqual([]);
    const switches = await t.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(
        and(eq(auditLog.entityId, ids['Thomas Terrain']!), sql`${auditLog.action} LIKE 'position_sharing.%'`),
      );
    expect(switches.map((s) => s.action)).toEqual(['position_sharing.on', 'position_sharing.off']);
  });

  it('purges positions older than two months', async () => {
    expect(await count()).toBe(2);
    clock.set('2027-01-31T09:00:00Z');
    expect(await purgePositions(t.database.db)).toBe(0);
    clock.set('2027-02-01T09:30:00Z');
    expect(await purgePositions(t.database.db)).toBe(2);
    expect(await count()).toBe(0);
    clock.set(base);
  });
});

describe('ratings from facts', () => {
  it('computes punctuality, efficiency and quality with their inputs', async () => {
    const db = t.database.db;
    const [u] = await db
      .insert(users)
      .values({ email: 'rate.me@relais.test', name: 'Noé Notation', role: 'tech_terrain', passwordHash: 'x' })
      .returning();
    const [tech] = await db.insert(technicians).values({ userId: u!.id }).returning();
    // Sites without any other intervention, so that nothing else can count as a rework.
    const siteRows = await db
      .select({ id: sites.id, clientId: sites.clientId })
      .from(sites)
      .where(sql`NOT EXISTS (SELECT 1 FROM interventions i WHERE i.site_id = ${sites.id})`)
      .limit(3);
    const [s1, s2, s3] = siteRows as [(typeof siteRows)[0], (typeof siteRows)[0], (typeof siteRows)[0]];
    const now = new Date(base).getTime();
    const day = 86_400_000;
    const min = 60_000;
    let n = 0;
    const add = async (v: {
      site: typeof s1;
      kind?: string;
      status?: string;
      doneDaysAgo?: number;
      createdDaysAgo?: number;
      checkInDelay?: number | null;
      planned?: number;
      actual?: number | null;
      rating?: number | null;
      mine?: boolean;
    }) => {
      const done = now - (v.doneDaysAgo ?? 0) * day;
      const start = done - 120 * min;
      const [row] = await db
        .insert(interventions)
        .values({
          number: `I-TEST-${++n}`,
          kind: v.kind ?? 'installation',
          clientId: v.site.clientId,
          siteId: v.site.id,
          title: 'Fixture',
          status: v.status ?? 'terminee',
          plannedStart: new Date(start),
          plannedMinutes: v.planned ?? 60,
          checkInAt:
            v.checkInDelay === null || v.checkInDelay === undefined
              ? null
              : new Date(start + v.checkInDelay * min),
          checkOutAt: v.status && v.status !== 'terminee' ? null : new Date(done),
          actualMinutes: v.actual ?? null,
          rating: v.rating ?? null,
          createdAt: new Date(now - (v.createdDaysAgo ?? (v.doneDaysAgo ?? 0) + 1) * day),
          updatedAt: new Date(done),
        })
        .returning();
      if (v.mine !== false)
        await db
          .insert(interventionTechnicians)
          .values({ interventionId: row!.id, technicianId: tech!.id, lead: true });
    };
    await add({ site: s1, doneDaysAgo: 10, checkInDelay: 5, planned: 60, actual: 60, rating: 5 });
    await add({ site: s2, doneDaysAgo: 20, checkInDelay: 25, planned: 60, actual: 90, rating: 3 });
    await add({ site: s3, doneDaysAgo: 30, checkInDelay: -5, planned: 120, actual: 480, rating: 4 });
    // Outside the 90 days: ignored.
    await add({ site: s1, doneDaysAgo: 100, checkInDelay: 90, planned: 60, actual: 600, rating: 1 });
    // Not finished: ignored.
    await add({ site: s1, status: 'planifiee', doneDaysAgo: 2, checkInDelay: 60, rating: 1 });
    // A SAV at s2 five days after his intervention there: a rework.
    await add({ site: s2, kind: 'sav', status: 'a_planifier', createdDaysAgo: 15, mine: false });
    // A SAV at s3 40 days after: too late to count; a SAV at s1 before his visit: not a rework.
    await add({ site: s3, kind: 'sav', status: 'a_planifier', createdDaysAgo: -10, mine: false });
    await add({ site: s1, kind: 'sav', status: 'a_planifier', createdDaysAgo: 12, mine: false });

    const res = await adv.get(`/api/v1/technicians/${tech!.id}/ratings`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.completed).toBe(3);
    expect(r.punctuality).toEqual({
      score: 3.3,
      checkIns: 3,
      onTime: 2,
      toleranceMinutes: 10,
      averageDelayMinutes: 10,
    });
    expect(r.efficiency).toEqual({
      score: 2.7,
      measured: 3,
      plannedMinutes: 240,
      actualMinutes: 630,
      averageRatio: 1.83,
      ratioCap: 3,
    });
    expect(r.quality).toMatchObject({ score: 2.3, rated: 3, averageRating: 4, reworks: 1, penalty: 1.67 });
    // A field technician cannot read a colleague's ratings.
    expect((await thomas.get(`/api/v1/technicians/${tech!.id}/ratings`)).statusCode).toBe(404);
    // Interventions reference him: deleting the profile only deactivates it.
    expect((await adv.delete(`/api/v1/technicians/${tech!.id}`)).json()).toEqual({ outcome: 'deactivated' });
    const empty = (await adv.get(`/api/v1/technicians/${ids['Julien Moreau']}/ratings`)).json();
    expect(empty.punctuality.score).toBeNull();
    expect(empty.quality.score).toBeNull();
  });
});
