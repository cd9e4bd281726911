// The shared setup of the intervention tests (interventions.scheduling.test.ts, interventions.lifecycle.test.ts).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  absences,
  clients,
  sites,
  skills,
  technicianSkills,
  technicians,
  users,
} from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { smtpReceiver } from '../../test/smtp.ts';

/** A new receiver for each file that uses the fixture (files share this module: vitest `isolate: false`). */
export let smtp: ReturnType<typeof smtpReceiver>;
export let t: TestApp;
export let db: Db;
export let adv: Session;
export let thomasId: string; // technician of tech.terrain@relais.test
export let inesId: string; // technician of tech.interne@relais.test
export let skillCablage: string;
export let skillB1V: string;
export let lyonSite: { id: string; clientId: string };
export let lyonSite2: { id: string; clientId: string };
export let parisSite: { id: string; clientId: string };

export const weekdays = {
  mon: [['08:00', '18:00']],
  tue: [['08:00', '18:00']],
  wed: [['08:00', '18:00']],
  thu: [['08:00', '18:00']],
  fri: [['08:00', '18:00']],
} as never;
export const siteHours = {
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
export const at = (day: number, hhmm: string) =>
  new Date(`2027-03-${String(day).padStart(2, '0')}T${hhmm}:00+01:00`).toISOString();

export async function userId(email: string) {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return u!.id;
}

/** A site of a client, in a given place, with fixed opening hours. */
export async function placeSite(
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

export async function create(
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

export async function scheduleOn(
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

export const codes = (res: { json(): { error: { details?: { code: string }[] } } }) =>
  (res.json().error.details ?? []).map((d) => d.code);

/**
 * The app (mail to a local SMTP receiver), ADV's session, two technicians with known profiles, skills
 * and hours, and three placed sites.
 */
export function useInterventionsFixture(): void {
  beforeAll(async () => {
    smtp = smtpReceiver();
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
}
