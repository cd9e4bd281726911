import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { absences, auditLog, notifications, sites } from '../../db/schema/index.ts';
import { loginAs } from '../../test/harness.ts';

import {
  adv,
  at,
  codes,
  create,
  db,
  inesId,
  lyonSite,
  lyonSite2,
  parisSite,
  scheduleOn,
  skillB1V,
  skillCablage,
  t,
  thomasId,
  useInterventionsFixture,
} from './interventions.fixture.ts';

useInterventionsFixture();

describe('interventions: creation, numbering, audit', () => {
  it('numbers INT-<year>-<6 digits> (API conventions), audits with the client id and shows in the client timeline', async () => {
    const i = await create(adv, lyonSite, {
      skillIds: [skillCablage],
      checklist: [{ label: 'Tester la ligne' }],
    });
    expect(i.number).toMatch(/^INT-20\d\d-\d{6}$/);
    expect(i.status).toBe('a_planifier');
    const [a] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, i.id), eq(auditLog.action, 'create')));
    expect(a!.clientId).toBe(lyonSite.clientId);
    const tl = (await adv.get(`/api/v1/clients/${lyonSite.clientId}/timeline?limit=100`)).json();
    expect(
      tl.items.some(
        (e: { source: string; text: string }) => e.source === 'interventions' && e.text.includes(i.number),
      ),
    ).toBe(true);
    // The number as people quote it finds the intervention in the search box.
    const found = (await adv.get(`/api/v1/search?q=${i.number.toLowerCase()}`)).json();
    const group = found.groups.find((g: { type: string }) => g.type === 'interventions');
    expect(group?.items.map((x: { id: string }) => x.id)).toContain(i.id);
  });
  it('requires a site unless remote, and a site of that client', async () => {
    const res = await adv.post('/api/v1/interventions', {
      clientId: lyonSite.clientId,
      kind: 'sav',
      title: 'Panne',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('siteId');
    const other = await adv.post('/api/v1/interventions', {
      clientId: lyonSite.clientId,
      siteId: parisSite.id,
      kind: 'sav',
      title: 'Panne',
    });
    expect(other.statusCode).toBe(400);
    const remote = await adv.post('/api/v1/interventions', {
      clientId: lyonSite.clientId,
      kind: 'sav',
      title: 'Prise en main',
      remote: true,
    });
    expect(remote.statusCode).toBe(201);
  });
  it('refuses a stale version with 409 conflict', async () => {
    const i = await create(adv, lyonSite);
    expect(
      (await adv.patch(`/api/v1/interventions/${i.id}`, { version: i.version, title: 'Nouveau titre' }))
        .statusCode,
    ).toBe(200);
    const stale = await adv.patch(`/api/v1/interventions/${i.id}`, {
      version: i.version,
      title: 'Autre titre',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');
  });
});

describe('scheduling and conflicts', () => {
  it('schedules without conflict, moves to planifiee and notifies the technician', async () => {
    const i = await create(adv, lyonSite);
    const res = await scheduleOn(adv, i, [thomasId], at(8, '09:00'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('planifiee');
    expect(res.json().technicians[0].id).toBe(thomasId);
    const n = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.type, 'intervention.assigned'), eq(notifications.entityId, i.id)));
    expect(n).toHaveLength(1);
  });

  it('overlap with another intervention of the same technician', async () => {
    const i = await create(adv, lyonSite2);
    const res = await scheduleOn(adv, i, [thomasId], at(8, '09:30'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('schedule_conflict');
    expect(codes(res)).toContain('overlap');
    expect(res.json().error.details[0].technicianId).toBe(thomasId);
  });

  it('approved absence (a requested one does not block)', async () => {
    await db.insert(absences).values([
      {
        technicianId: thomasId,
        kind: 'conges',
        status: 'approuvee',
        startsAt: new Date(at(9, '00:00')),
        endsAt: new Date(at(10, '00:00')),
      },
      {
        technicianId: inesId,
        kind: 'conges',
        status: 'demandee',
        startsAt: new Date(at(9, '00:00')),
        endsAt: new Date(at(10, '00:00')),
      },
    ]);
    const i = await create(adv, lyonSite);
    const res = await scheduleOn(adv, i, [thomasId], at(9, '10:00'));
    expect(codes(res)).toEqual(['absence']);
    expect(res.json().error.details[0].message).toMatch(/absent \(Congés\)/);
    const check = await adv.post('/api/v1/planning/check', {
      interventionId: i.id,
      technicianIds: [inesId],
      plannedStart: at(9, '10:00'),
      plannedMinutes: 60,
    });
    expect(check.json().conflicts).toEqual([]);
  });

  it('outside working hours (Paris time)', async () => {
    const i = await create(adv, lyonSite);
    const res = await scheduleOn(adv, i, [inesId], at(10, '17:30'));
    expect(codes(res)).toContain('outside_hours');
  });

  it('site closed at that time', async () => {
    const i = await create(adv, lyonSite);
    const res = await scheduleOn(adv, i, [inesId], at(10, '12:30'));
    expect(codes(res)).toEqual(['site_closed']);
  });

  it('not enough travel time, explained with the distance', async () => {
    const first = await create(adv, lyonSite);
    expect((await scheduleOn(adv, first, [inesId], at(11, '09:00'))).statusCode).toBe(200);
    const far = await db.select().from(sites).where(eq(sites.id, lyonSite2.id));
    // A site 40 km away in the same département: Vienne-ish.
    await db.update(sites).set({ latitude: 45.52, longitude: 4.87 }).where(eq(sites.id, far[0]!.id));
    const second = await create(adv, lyonSite2);
    const res = await scheduleOn(adv, second, [inesId], at(11, '10:15'));
    expect(codes(res)).toEqual(['travel_time']);
    expect(res.json().error.details[0].message).toMatch(
      /Trajet estimé (\d+ min|\d+ h( \d{2})?) \(\d+ km\) depuis .*, il reste 15 min/,
    );
    await db.update(sites).set({ latitude: 45.77, longitude: 4.8357 }).where(eq(sites.id, far[0]!.id));
  });

  it('travel time cannot be estimated without coordinates: a notice, not a conflict', async () => {
    const first = await create(adv, lyonSite);
    expect((await scheduleOn(adv, first, [inesId], at(12, '09:00'))).statusCode).toBe(200);
    await db.update(sites).set({ latitude: null, longitude: null }).where(eq(sites.id, lyonSite2.id));
    const second = await create(adv, lyonSite2);
    const check = await adv.post('/api/v1/planning/check', {
      interventionId: second.id,
      technicianIds: [inesId],
      plannedStart: at(12, '10:15'),
      plannedMinutes: 60,
    });
    expect(check.json().conflicts).toEqual([]);
    expect(check.json().notices.join(' ')).toMatch(/non estimé/);
    await db.update(sites).set({ latitude: 45.77, longitude: 4.8357 }).where(eq(sites.id, lyonSite2.id));
  });

  it('missing skill and expired certification', async () => {
    const needsB1V = await create(adv, lyonSite, { skillIds: [skillB1V] });
    const ines = await scheduleOn(adv, needsB1V, [inesId], at(15, '09:00'));
    expect(codes(ines)).toEqual(['missing_skill']);
    const thomas = await scheduleOn(adv, needsB1V, [thomasId], at(15, '09:00'));
    expect(codes(thomas)).toEqual(['missing_skill']);
    expect(thomas.json().error.details[0].message).toMatch(/expiré le 31\/01\/2027/);
  });

  it('zone: site outside his départements', async () => {
    const i = await create(adv, parisSite);
    const res = await scheduleOn(adv, i, [inesId], at(16, '14:00'));
    expect(codes(res)).toContain('zone');
  });

  it('ADV forces with a written reason: saved, flagged and audited', async () => {
    const i = await create(adv, parisSite);
    const short = await scheduleOn(adv, i, [inesId], at(16, '15:00'), { overrideReason: 'ok' });
    expect(short.statusCode).toBe(400);
    const commercial = await loginAs(t.app, 'commercial@relais.test');
    expect(
      (await scheduleOn(commercial, i, [inesId], at(16, '15:00'), { overrideReason: 'Client prioritaire' }))
        .statusCode,
    ).toBe(403);
    const res = await scheduleOn(adv, i, [inesId], at(16, '15:00'), {
      overrideReason: 'Client prioritaire, accord du chef',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().conflictOverride).toBe('Client prioritaire, accord du chef');
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, i.id), eq(auditLog.action, 'schedule.override')));
    const after = entry!.after as { reason: string; conflicts: { code: string }[] };
    expect(after.reason).toBe('Client prioritaire, accord du chef');
    expect(after.conflicts.map((c) => c.code)).toContain('zone');
  });
});

describe('planning board', () => {
  it('returns technicians, their week, absences and the queue (oldest first)', async () => {
    const res = await adv.get(`/api/v1/planning/board?from=${at(8, '00:00')}&to=${at(15, '00:00')}`);
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.technicians.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining([thomasId, inesId]),
    );
    expect(b.interventions.length).toBeGreaterThan(0);
    expect(b.absences.some((a: { technicianId: string }) => a.technicianId === thomasId)).toBe(true);
    const created = b.queue.map((q: { createdAt: string }) => q.createdAt);
    expect([...created].sort()).toEqual(created);
    expect(b.canOverride).toBe(true);
    const filtered = (
      await adv.get(`/api/v1/planning/board?from=${at(8, '00:00')}&to=${at(15, '00:00')}&department=01`)
    ).json();
    expect(filtered.technicians.map((x: { id: string }) => x.id)).toEqual([thomasId]);
  });
});

describe('technicians ranked for an intervention being written (issue 15 item 18)', () => {
  type Item = {
    technicianId: string;
    score: number;
    factors: { key: string; points: number; max: number; detail: string }[];
    conflicts: { code: string; message: string }[];
  };
  const draft = { plannedMinutes: 60 };
  it('at a start: the board’s conflicts per technician, the absent one ranked below the free one', async () => {
    const res = await adv.post('/api/v1/planning/candidates', {
      ...draft,
      clientId: lyonSite.clientId,
      siteId: lyonSite.id,
      plannedStart: at(9, '10:00'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const { items, canOverride } = res.json() as { items: Item[]; canOverride: boolean };
    expect(canOverride).toBe(true);
    const scores = items.map((i) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const thomas = items.find((i) => i.technicianId === thomasId)!;
    const ines = items.find((i) => i.technicianId === inesId)!;
    expect(thomas.conflicts.map((c) => c.code)).toEqual(['absence']);
    expect(thomas.factors.find((f) => f.key === 'availability')).toMatchObject({ points: 0, max: 30 });
    expect(thomas.factors.find((f) => f.key === 'availability')!.detail).toMatch(/absent \(Congés\)/);
    expect(ines.conflicts).toEqual([]);
    expect(items.indexOf(ines)).toBeLessThan(items.indexOf(thomas));
    for (const i of items) expect(i.score).toBe(i.factors.reduce((s, f) => s + f.points, 0));
  });
  it('without a start: skills, zone and the free share of the next working days', async () => {
    const res = await adv.post('/api/v1/planning/candidates', {
      ...draft,
      clientId: lyonSite.clientId,
      siteId: lyonSite.id,
      skillIds: [skillB1V],
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: Item[] }).items;
    expect(items.every((i) => i.conflicts.length === 0)).toBe(true);
    const ines = items.find((i) => i.technicianId === inesId)!;
    expect(ines.factors.find((f) => f.key === 'skills')).toMatchObject({ points: 0, max: 40 });
    expect(ines.factors.find((f) => f.key === 'availability')!.detail).toMatch(
      /de libre sur les 5 prochains jours ouvrés/,
    );
  });
  it('refuses a site of another client (400) and who may not plan (403)', async () => {
    const other = await adv.post('/api/v1/planning/candidates', {
      ...draft,
      clientId: lyonSite.clientId,
      siteId: parisSite.id,
    });
    if (parisSite.clientId !== lyonSite.clientId) {
      expect(other.statusCode).toBe(400);
      expect(other.json().error.details[0].path).toBe('siteId');
    }
    const commercial = await loginAs(t.app, 'commercial@relais.test');
    const res = await commercial.post('/api/v1/planning/candidates', {
      ...draft,
      clientId: lyonSite.clientId,
      siteId: lyonSite.id,
    });
    expect(res.statusCode).toBe(403);
  });
});
