import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  absences,
  auditLog,
  clients,
  notifications,
  outboundMessages,
  sites,
  skills,
  technicianSkills,
  technicians,
  users,
} from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { createTestApp, loginAs, type Session, type TestApp, until } from '../../test/harness.ts';
import { smtpReceiver } from '../../test/smtp.ts';
import { alertLateCheckIns, interventionCrons, sendDailyLists, sendTomorrowReminders } from './reminders.ts';

const smtp = smtpReceiver();
let t: TestApp;
let db: Db;
let adv: Session;
let thomasId: string; // technician of tech.terrain@relais.test
let inesId: string; // technician of tech.interne@relais.test
let skillCablage: string;
let skillB1V: string;
let lyonSite: { id: string; clientId: string };
let lyonSite2: { id: string; clientId: string };
let parisSite: { id: string; clientId: string };

const weekdays = {
  mon: [['08:00', '18:00']],
  tue: [['08:00', '18:00']],
  wed: [['08:00', '18:00']],
  thu: [['08:00', '18:00']],
  fri: [['08:00', '18:00']],
} as never;
const siteHours = {
  mon: [
    ['08:00', '12:00'],
    ['14:00', '19:00'],
  ],
  tue: [
    ['08:00', '12:00'],
    ['14:00', '19:00'],
  ],
  wed: [
    ['08:00', '12:00'],
    ['14:00', '19:00'],
  ],
  thu: [
    ['08:00', '12:00'],
    ['14:00', '19:00'],
  ],
  fri: [
    ['08:00', '12:00'],
    ['14:00', '19:00'],
  ],
} as never;
// Monday 8 March 2027, Paris is UTC+1.
const at = (day: number, hhmm: string) =>
  new Date(`2027-03-${String(day).padStart(2, '0')}T${hhmm}:00+01:00`).toISOString();

async function userId(email: string) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u!.id;
}

/** A site of a client, in a given place, with fixed opening hours. */
async function placeSite(
  where: { department: string },
  coords: { lat: number; lon: number; city: string; department: string; postalCode: string },
  partnerFilter: 'A' | 'any' = 'any',
) {
  const rows = await db
    .select({ id: sites.id, clientId: sites.clientId, partnerId: clients.partnerId })
    .from(sites)
    .innerJoin(clients, eq(clients.id, sites.clientId))
    .where(partnerFilter === 'A' ? undefined : eq(sites.department, where.department));
  const [pA] = await db
    .select({ id: users.partnerId })
    .from(users)
    .where(eq(users.email, 'partenaire@relais.test'));
  const pick = rows.find((r) => (partnerFilter === 'A' ? r.partnerId === pA!.id : r.partnerId !== pA!.id))!;
  await db
    .update(sites)
    .set({
      latitude: coords.lat,
      longitude: coords.lon,
      city: coords.city,
      department: coords.department,
      postalCode: coords.postalCode,
      openingHours: siteHours,
    })
    .where(eq(sites.id, pick.id));
  return { id: pick.id, clientId: pick.clientId };
}

async function create(
  s: Session,
  site: { id: string; clientId: string },
  extra: Record<string, unknown> = {},
) {
  const res = await s.post('/api/v1/interventions', {
    clientId: site.clientId,
    siteId: site.id,
    kind: 'installation',
    title: 'Installation du standard',
    plannedMinutes: 60,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: string; version: number; status: string };
}

async function scheduleOn(
  s: Session,
  i: { id: string },
  techs: string[],
  start: string,
  extra: Record<string, unknown> = {},
) {
  const cur = (await adv.get(`/api/v1/interventions/${i.id}`)).json();
  return s.put(`/api/v1/interventions/${i.id}/schedule`, {
    technicianIds: techs,
    plannedStart: start,
    plannedMinutes: 60,
    version: cur.version,
    ...extra,
  });
}

const codes = (res: { json(): { error: { details?: { code: string }[] } } }) =>
  (res.json().error.details ?? []).map((d) => d.code);

beforeAll(async () => {
  const port = await smtp.listen();
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${port}` } });
  db = t.database.db;
  adv = await loginAs(t.app, 'adv@relais.test');
  const [c, b] = await db
    .insert(skills)
    .values([{ name: 'Câblage test' }, { name: 'Habilitation B1V test', certification: true }])
    .returning();
  skillCablage = c!.id;
  skillB1V = b!.id;
  // The demo may already give these users a profile: replace it with a known one.
  const mk = (v: typeof technicians.$inferInsert) =>
    db
      .insert(technicians)
      .values(v)
      .onConflictDoUpdate({ target: technicians.userId, set: { ...v, phone: null, active: true } })
      .returning();
  const [[th], [ine]] = await Promise.all([
    mk({
      userId: await userId('tech.terrain@relais.test'),
      homeDepartment: '69',
      homeLatitude: 45.75,
      homeLongitude: 4.85,
      workingHours: weekdays,
      zones: ['69', '01'],
    }),
    mk({
      userId: await userId('tech.interne@relais.test'),
      homeDepartment: '69',
      homeLatitude: 45.76,
      homeLongitude: 4.84,
      workingHours: weekdays,
      zones: ['69'],
    }),
  ]);
  thomasId = th!.id;
  inesId = ine!.id;
  for (const id of [thomasId, inesId]) {
    await db.delete(technicianSkills).where(eq(technicianSkills.technicianId, id));
    await db.delete(absences).where(eq(absences.technicianId, id));
  }
  await db.insert(technicianSkills).values([
    { technicianId: thomasId, skillId: skillCablage, level: 2 },
    { technicianId: thomasId, skillId: skillB1V, level: 2, validUntil: '2027-01-31' },
    { technicianId: inesId, skillId: skillCablage, level: 3 },
  ]);
  const lyon = { lat: 45.764, lon: 4.8357, city: 'Lyon', department: '69', postalCode: '69002' };
  lyonSite = await placeSite({ department: '69' }, lyon, 'A');
  lyonSite2 = await placeSite({ department: '69' }, { ...lyon, lat: 45.77 }, 'any');
  parisSite = await placeSite(
    { department: '75' },
    { lat: 48.8566, lon: 2.3522, city: 'Paris', department: '75', postalCode: '75001' },
  );
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('interventions: creation, numbering, audit', () => {
  it('numbers I-<year>-<6 digits>, audits with the client id and shows in the client timeline', async () => {
    const i = await create(adv, lyonSite, {
      skillIds: [skillCablage],
      checklist: [{ label: 'Tester la ligne' }],
    });
    expect(i.number).toMatch(/^I-20\d\d-\d{6}$/);
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
      /Trajet estimé \d+ min \(\d+ km\) depuis .*, il reste 15 min/,
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
