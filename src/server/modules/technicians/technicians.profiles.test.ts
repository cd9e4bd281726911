import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../db/schema/index.ts';
import { loginAs } from '../../test/harness.ts';
import { demoPassword } from '../../demo/seed.ts';
import { hashPassword } from '../auth/password.ts';

import {
  adv,
  commercial,
  ids,
  partner,
  support,
  t,
  thomas,
  useTechniciansFixture,
} from './technicians.fixture.ts';

useTechniciansFixture();

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
    // Partners have no planning right at all (the matrix offers them no planning cell).
    expect((await partner.get('/api/v1/technicians')).statusCode).toBe(403);
    expect((await partner.get(`/api/v1/technicians/${ids['Julien Moreau']}`)).statusCode).toBe(403);
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
