import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { demoPassword } from '../../demo/seed.ts';
import { hashPassword } from '../auth/password.ts';
import { alertExpiringCertifications } from './certifications.ts';
import { purgePositions } from './positions.ts';

// Tuesday 1 December 2026, 10:00 in Paris: inside the demo working hours (Mon–Fri 08:00–12:00).
const base = '2026-12-01T09:00:00Z';

let t: TestApp;
let adv: Session;
let commercial: Session;
let thomas: Session;
let ines: Session;
let partner: Session;
let support: Session;
const ids: Record<string, string> = {};

async function techByName(s: Session, name: string) {
  const res = await s.get(`/api/v1/technicians?q=${encodeURIComponent(name)}`);
  return res.json().items.find((x: { name: string }) => x.name === name);
}

beforeAll(async () => {
  clock.set(base);
  t = await createTestApp();
  adv = await loginAs(t.app, 'adv@relais.test');
  commercial = await loginAs(t.app, 'commercial@relais.test');
  thomas = await loginAs(t.app, 'tech.terrain@relais.test');
  ines = await loginAs(t.app, 'tech.interne@relais.test');
  partner = await loginAs(t.app, 'partenaire@relais.test');
  support = await loginAs(t.app, 'support@relais.test');
  for (const n of [
    'Thomas Terrain',
    'Inès Technicienne',
    'Julien Moreau',
    'Sophie Lambert',
    'Karim Benali',
  ]) {
    ids[n] = (await techByName(adv, n)).id;
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('profiles: list, filters, rights', () => {
  it('lists in French order with département, région, skill and kind filters', async () => {
    const all = (await adv.get('/api/v1/technicians?limit=200')).json().items as { name: string }[];
    expect(all.length).toBe(12);
    const names = all.map((x) => x.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'fr')));
    // Élodie sorts with the E's, not after Z.
    expect(names.indexOf('Élodie Garnier')).toBeLessThan(names.indexOf('Hugo Fontaine'));

    const in38 = (await adv.get('/api/v1/technicians?department=38'))
      .json()
      .items.map((x: { name: string }) => x.name);
    expect(in38.sort()).toEqual(['Hugo Fontaine', 'Thomas Terrain']);
    const ara = (await adv.get('/api/v1/technicians?region=84'))
      .json()
      .items.map((x: { name: string }) => x.name);
    expect(ara.sort()).toEqual(['Hugo Fontaine', 'Inès Technicienne', 'Thomas Terrain']);
    const skills = (await adv.get('/api/v1/skills')).json().items as { id: string; name: string }[];
    const caces = skills.find((s) => s.name === 'CACES nacelle')!;
    const withCaces = (await adv.get(`/api/v1/technicians?skill=${caces.id}`)).json().items;
    expect(withCaces.map((x: { name: string }) => x.name).sort()).toEqual([
      'Hugo Fontaine',
      'Karim Benali',
      'Nicolas Petit',
    ]);
    const internes = (await adv.get('/api/v1/technicians?kind=interne')).json().items;
    expect(internes.map((x: { name: string }) => x.name)).toEqual(['Inès Technicienne']);
    const page1 = (await adv.get('/api/v1/technicians?limit=5')).json();
    const page2 = (await adv.get(`/api/v1/technicians?limit=5&cursor=${page1.nextCursor}`)).json();
    expect([...page1.items, ...page2.items].map((x: { name: string }) => x.name)).toEqual(names.slice(0, 10));
    expect((await adv.get('/api/v1/technicians?department=99')).statusCode).toBe(400);
  });

  it('commercial reads but cannot create; support has no access', async () => {
    expect((await commercial.get('/api/v1/technicians')).json().items.length).toBe(12);
    expect((await commercial.get(`/api/v1/technicians/${ids['Julien Moreau']}`)).statusCode).toBe(200);
    const res = await commercial.post('/api/v1/technicians', { userId: ids['Julien Moreau'] });
    expect(res.statusCode).toBe(403);
    expect((await support.get('/api/v1/technicians')).statusCode).toBe(403);
  });

  it('a field technician sees only himself; a partner sees none', async () => {
    const mine = (await thomas.get('/api/v1/technicians')).json().items;
    expect(mine.map((x: { name: string }) => x.name)).toEqual(['Thomas Terrain']);
    expect((await thomas.get(`/api/v1/technicians/${ids['Julien Moreau']}`)).statusCode).toBe(404);
    expect((await thomas.get(`/api/v1/technicians/${ids['Thomas Terrain']}`)).statusCode).toBe(200);
    const me = await thomas.get('/api/v1/technicians/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ name: 'Thomas Terrain', positionSharing: false, kind: 'terrain' });
    expect(me.json().abilities.update).toBe(false);
    // Profile edits belong to the office.
    expect(
      (await thomas.patch(`/api/v1/technicians/${ids['Thomas Terrain']}`, { phone: '0611223344' }))
        .statusCode,
    ).toBe(403);
    expect((await partner.get('/api/v1/technicians')).json().items).toEqual([]);
    expect((await partner.get(`/api/v1/technicians/${ids['Julien Moreau']}`)).statusCode).toBe(404);
    expect((await adv.get('/api/v1/technicians/me')).statusCode).toBe(404);
  });

  it('global search finds technicians by name and phone, within the scope', async () => {
    const byName = (await adv.get('/api/v1/search?q=moreau')).json();
    const group = byName.groups.find((g: { type: string }) => g.type === 'technicians');
    expect(group.items[0].title).toBe('Julien Moreau');
    const byPhone = (await adv.get('/api/v1/search?q=06%2021%2043%2065%2087')).json();
    expect(byPhone.groups.find((g: { type: string }) => g.type === 'technicians').items[0].title).toBe(
      'Julien Moreau',
    );
    const forThomas = (await thomas.get('/api/v1/search?q=moreau')).json();
    expect(forThomas.groups.find((g: { type: string }) => g.type === 'technicians')).toBeUndefined();
    const forPartner = (await partner.get('/api/v1/search?q=moreau')).json();
    expect(forPartner.groups.find((g: { type: string }) => g.type === 'technicians')).toBeUndefined();
  });
});

describe('profiles: create, validate, edit, skills, delete', () => {
  let userId: string;
  let techId: string;
  beforeAll(async () => {
    const [u] = await t.database.db
      .insert(users)
      .values({
        email: 'lucas.martin@relais.test',
        name: 'Lucas Martin',
        role: 'tech_terrain',
        passwordHash: await hashPassword(demoPassword),
      })
      .returning();
    userId = u!.id;
  });

  it('refuses invalid fields with their path', async () => {
    const bad = async (body: object, path: string) => {
      const res = await adv.post('/api/v1/technicians', { userId, ...body });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await bad({ phone: '12' }, 'phone');
    await bad({ zones: ['69', '99'] }, 'zones.1');
    await bad({ workingHours: { mon: [['08:00', '07:00']] } }, 'workingHours.mon.0');
    await bad({ workingHours: { mon: [['8h', '12:00']] } }, 'workingHours.mon.0.0');
    await bad({ homePostalCode: '690' }, 'homePostalCode');
    const other = await t.database.db.select().from(users).where(eq(users.email, 'commercial@relais.test'));
    const res = await adv.post('/api/v1/technicians', { userId: other[0]!.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('userId');
    const thomasUser = (await thomas.get('/api/v1/technicians/me')).json().userId;
    expect((await adv.post('/api/v1/technicians', { userId: thomasUser })).statusCode).toBe(409);
  });

  it('creates with E.164 phone, département, pending geocode, audit; candidates list', async () => {
    const cands = (await adv.get('/api/v1/technicians/candidates')).json().items;
    expect(cands.map((c: { name: string }) => c.name)).toEqual(['Lucas Martin']);
    const res = await adv.post('/api/v1/technicians', {
      userId,
      phone: '06 11 22 33 44',
      homeAddress: '1 place Bellecour',
      homePostalCode: '69002',
      homeCity: 'Lyon',
      zones: ['69', '2a', '69'],
      workingHours: { mon: [['08:00', '12:00']], tue: [['08:00', '12:00']] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    techId = body.id;
    expect(body).toMatchObject({
      phoneE164: '+33611223344',
      homeDepartment: '69',
      homeGeocodeStatus: 'pending',
      zones: ['69', '2A'],
      kind: 'terrain',
    });
    const jobs = await t.database.db.execute(
      sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'technician-geocode' AND singleton_key = ${`tgeocode:${techId}`}`,
    );
    expect((jobs as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'technician'), eq(auditLog.entityId, techId)));
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('edits, replaces skills (certifications need a date), deletes', async () => {
    const patched = await adv.patch(`/api/v1/technicians/${techId}`, {
      homePostalCode: '38000',
      homeCity: 'Grenoble',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ homeDepartment: '38', homeGeocodeStatus: 'pending' });
    const skills = (await adv.get('/api/v1/skills')).json().items as { id: string; name: string }[];
    const b1v = skills.find((s) => s.name === 'Habilitation électrique B1V BR')!;
    const tcx = skills.find((s) => s.name === '3CX')!;
    const missingDate = await adv.put(`/api/v1/technicians/${techId}/skills`, {
      skills: [{ skillId: b1v.id, level: 2 }],
    });
    expect(missingDate.statusCode).toBe(400);
    expect(missingDate.json().error.details[0].path).toBe('skills.0.validUntil');
    expect(
      (await adv.put(`/api/v1/technicians/${techId}/skills`, { skills: [{ skillId: tcx.id, level: 4 }] }))
        .statusCode,
    ).toBe(400);
    const ok = await adv.put(`/api/v1/technicians/${techId}/skills`, {
      skills: [
        { skillId: tcx.id, level: 3 },
        { skillId: b1v.id, level: 2, validUntil: '2026-11-30', reference: 'HAB-1' },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const detail = (await adv.get(`/api/v1/technicians/${techId}`)).json();
    const cert = detail.skills.find((s: { name: string }) => s.name === b1v.name);
    expect(cert).toMatchObject({ certificationState: 'expired', daysLeft: -1 });
    const del = await adv.delete(`/api/v1/technicians/${techId}`);
    expect(del.json()).toEqual({ outcome: 'deleted' });
    expect((await adv.get(`/api/v1/technicians/${techId}`)).statusCode).toBe(404);
  });
});

describe('skills catalog', () => {
  it('admins maintain it; a used skill cannot be deleted', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    expect((await adv.post('/api/v1/skills', { name: 'Vidéosurveillance' })).statusCode).toBe(403);
    const created = await admin.post('/api/v1/skills', { name: 'Vidéosurveillance', category: 'Sûreté' });
    expect(created.statusCode).toBe(201);
    expect((await admin.post('/api/v1/skills', { name: 'vidéosurveillance' })).statusCode).toBe(409);
    const renamed = await admin.patch(`/api/v1/skills/${created.json().id}`, { name: 'Vidéoprotection' });
    expect(renamed.json().name).toBe('Vidéoprotection');
    expect((await admin.delete(`/api/v1/skills/${created.json().id}`)).statusCode).toBe(204);
    const used = (await admin.get('/api/v1/skills'))
      .json()
      .items.find((s: { name: string }) => s.name === '3CX');
    expect(used.technicianCount).toBeGreaterThan(0);
    const refused = await admin.delete(`/api/v1/skills/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/Impossible de supprimer la compétence « 3CX »/);
    expect((await thomas.get('/api/v1/skills')).statusCode).toBe(200);
  });
});

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
    expect((await partner.get('/api/v1/absences')).json().items).toEqual([]);
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
