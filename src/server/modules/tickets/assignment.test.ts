import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  clients,
  sites,
  skills,
  technicianSkills,
  technicians,
  telephonyPlatforms,
  ticketMessages,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { demoWorkingHours } from '../../demo/technicians.ts';
import { skillsForPlatform } from '../../../shared/skills.ts';
import type { RankTechnician } from './assignment.factors.ts';
import { rankCandidates } from './assignment.rank.ts';

// ─── The pure ranking on a fixture where the right answer is known ────────────────────────────────

/** Tuesday 10 March 2026, 10:00 in Paris. */
const now = new Date('2026-03-10T09:00:00Z');
const lyonSite = { department: '69', lat: 45.7485, lon: 4.8467 };
const cx = { id: 'skill-3cx', name: '3CX' };

function tech(over: Partial<RankTechnician> & { id: string; name: string }): RankTechnician {
  return {
    userId: `user-${over.id}`,
    role: 'tech_terrain',
    active: true,
    userDisabled: false,
    canHandleTickets: true,
    skills: [],
    zones: ['69'],
    homeDepartment: '69',
    home: { lat: 45.7719, lon: 4.8902 },
    livePosition: null,
    workingHours: demoWorkingHours,
    absences: [],
    busy: [],
    openTickets: 0,
    rating: null,
    ...over,
  };
}
const has3cx = (level: number) => [{ skillId: cx.id, name: '3CX', level, validUntil: null }];

const fixture: RankTechnician[] = [
  // Closer to the site than anyone, expert, but on leave until Friday.
  tech({
    id: 'b',
    name: 'Bruno Proche',
    skills: has3cx(3),
    home: { lat: 45.75, lon: 4.85 },
    absences: [
      {
        kind: 'conges',
        startsAt: new Date('2026-03-09T07:00:00Z'),
        endsAt: new Date('2026-03-13T23:00:00Z'),
      },
    ],
  }),
  // Covers the 69, nearby, free — but does not know 3CX.
  tech({ id: 'c', name: 'Chloé Sanscx', home: { lat: 45.76, lon: 4.84 } }),
  // Expert, covers the 69, but nine open tickets.
  tech({ id: 'd', name: 'Denis Débordé', skills: has3cx(3), openTickets: 9, rating: 4.8 }),
  // Knows 3CX (level 2), free, but based in Grenoble and covers the 38 only.
  tech({
    id: 'e',
    name: 'Émile Isère',
    skills: has3cx(2),
    zones: ['38'],
    homeDepartment: '38',
    home: { lat: 45.1885, lon: 5.7197 },
  }),
  // The right answer: expert in 3CX, covers the 69, one open ticket, 6 km away.
  tech({ id: 'a', name: 'Alice Bonchoix', skills: has3cx(3), openTickets: 1, rating: 4.6 }),
];

describe('rankCandidates (pure)', () => {
  const ticket = {
    type: 'sav',
    requiredSkills: [cx],
    site: lyonSite,
    slaDueAt: new Date('2026-03-10T13:30:00Z'),
  };

  it('ranks the expert covering the site first and names the deciding factors', () => {
    const ranked = rankCandidates({ ticket, technicians: fixture, now });
    expect(ranked.map((c) => c.name)).toEqual([
      'Alice Bonchoix',
      'Denis Débordé',
      'Émile Isère',
      // Excluded ones last, with their reason.
      'Chloé Sanscx',
      'Bruno Proche',
    ]);
    expect(ranked.map((c) => c.eligible)).toEqual([true, true, true, false, false]);
    const [winner] = ranked;
    expect(winner!.reasons).toContain('Maîtrise 3CX (niveau 3)');
    expect(winner!.reasons).toContain('Couvre le 69');
    expect(winner!.reasons.join(' | ')).not.toMatch(/Note|SLA/);
    expect(winner!.factors.map((f) => f.key)).toEqual([
      'skills',
      'zone',
      'availability',
      'load',
      'distance',
      'sla',
      'rating',
    ]);
    expect(winner!.factors.find((f) => f.key === 'distance')!.detail).toBe('À 6 km de son domicile');
    expect(winner!.factors.find((f) => f.key === 'sla')!.detail).toBe('Libre avant l’échéance SLA (14:30)');
    expect(winner!.factors.find((f) => f.key === 'rating')!.detail).toBe('Note 4,6/5');
    expect(winner!.factors.find((f) => f.key === 'load')!.detail).toBe('1 ticket ouvert');
    expect(winner!.score).toBeGreaterThan(ranked[1]!.score);
    expect(winner!.score).toBeLessThanOrEqual(100);
    // The overloaded expert is explained by his load, the Grenoble one by his zone.
    expect(ranked[1]!.reasons).toContain('Très chargé : 9 tickets ouverts');
    expect(ranked[2]!.reasons.join(' | ')).toMatch(/Hors de ses zones \(38\) : le site est dans le 69/);
    // Exclusions.
    expect(ranked[3]!.reasons).toEqual(['Ne maîtrise pas 3CX']);
    expect(ranked[4]!.reasons).toEqual(['En congé jusqu’au 13 mars']);
  });

  it('on the same fixture without the best one, the overloaded expert still beats the one out of zone', () => {
    const ranked = rankCandidates({ ticket, technicians: fixture.filter((t) => t.id !== 'a'), now });
    expect(ranked[0]!.name).toBe('Denis Débordé');
  });

  it('on site, travel weighs: the near, available, skilled technician beats far ones with a lighter load', () => {
    // Issue 15 item 12: for a job in Marseille, technicians 859 and 904 km away ranked above one at
    // 276 km, all within a few points. Nobody covers the 13; the far ones are slightly better on
    // paper (expert level, no open ticket, better rating).
    const marseille = { department: '13', lat: 43.2965, lon: 5.3698 };
    const away = (id: string, name: string, dep: string, home: { lat: number; lon: number }) =>
      tech({ id, name, skills: has3cx(3), zones: [dep], homeDepartment: dep, home, rating: 4.8 });
    const near = tech({
      id: 'g',
      name: 'Gaëlle Grenoble',
      skills: has3cx(2),
      zones: ['38'],
      homeDepartment: '38',
      home: { lat: 45.1885, lon: 5.7197 },
      openTickets: 2,
      rating: 4,
    });
    const technicians = [
      away('p', 'Paul Paris', '75', { lat: 48.8566, lon: 2.3522 }),
      away('n', 'Nina Nantes', '44', { lat: 47.2184, lon: -1.5536 }),
      near,
    ];
    const ranked = rankCandidates({ ticket: { ...ticket, site: marseille }, technicians, now });
    expect(ranked.map((c) => [c.name, c.distanceKm])).toEqual([
      ['Gaëlle Grenoble', 276],
      ['Paul Paris', 859],
      ['Nina Nantes', 904],
    ]);
    // A clear lead, not a point or two a dispatcher would doubt.
    expect(ranked[0]!.score - ranked[1]!.score).toBeGreaterThanOrEqual(10);
    expect(ranked[0]!.reasons).toContain('À 276 km de son domicile');
    expect(ranked[0]!.factors.find((f) => f.key === 'availability')!.detail).toBe(
      'Disponible maintenant, sur place vers 14:46',
    );
    // On site, distance weighs 30 of 100; remote work keeps it at 10 (no trip planned).
    expect(ranked[0]!.factors.find((f) => f.key === 'distance')!.max).toBe(30);
    const remote = rankCandidates({ ticket: { ...ticket, type: 'demande' }, technicians, now });
    expect(remote[0]!.factors.find((f) => f.key === 'distance')!.max).toBe(10);
    for (const c of [...ranked, ...remote]) {
      expect(c.factors.reduce((s, f) => s + f.max, 0)).toBe(100);
    }
  });

  it('uses a recent live position when on duty, else the home base, and says which', () => {
    const moving = tech({
      id: 'm',
      name: 'Mobile',
      skills: has3cx(3),
      home: { lat: 45.1885, lon: 5.7197 },
      livePosition: { lat: 45.749, lon: 4.85, recordedAt: new Date(now.getTime() - 20 * 60_000) },
    });
    const stale = {
      ...moving,
      id: 's',
      livePosition: { ...moving.livePosition!, recordedAt: new Date(now.getTime() - 3 * 3600_000) },
    };
    const [m, s] = [moving, stale].map((t) => rankCandidates({ ticket, technicians: [t], now })[0]!);
    expect(m!.distanceFrom).toBe('position');
    expect(m!.factors.find((f) => f.key === 'distance')!.detail).toBe(
      'À 0 km (position en direct il y a 20 min)',
    );
    expect(s!.distanceFrom).toBe('domicile');
    expect(s!.distanceKm).toBeGreaterThan(100);
  });

  it('a request (demande) goes to an internal technician first; a SAV on site does not', () => {
    const inner = tech({ id: 'i', name: 'Inès Interne', role: 'tech_interne', skills: has3cx(3), zones: [] });
    const field = tech({ id: 'f', name: 'Félix Terrain', skills: has3cx(3) });
    const demande = rankCandidates({
      ticket: { type: 'demande', requiredSkills: [cx], site: lyonSite, slaDueAt: null },
      technicians: [field, inner],
      now,
    });
    expect(demande[0]!.name).toBe('Inès Interne');
    expect(demande[0]!.reasons).toContain('Technicien interne : traite à distance');
    const sav = rankCandidates({ ticket, technicians: [inner, field], now });
    expect(sav[0]!.name).toBe('Félix Terrain');
    expect(sav[1]!.factors.find((f) => f.key === 'zone')!.detail).toBe(
      'Technicien interne : n’intervient pas sur site',
    );
  });

  it('not free before the SLA deadline, outside working hours, disabled account', () => {
    const evening = new Date('2026-03-10T17:30:00Z'); // 18:30 in Paris
    const [c] = rankCandidates({
      ticket: { ...ticket, slaDueAt: new Date('2026-03-10T19:00:00Z') },
      technicians: [tech({ id: 'x', name: 'X', skills: has3cx(3) })],
      now: evening,
    });
    expect(c!.factors.find((f) => f.key === 'availability')!.detail).toBe('Libre mer. 08:00');
    expect(c!.factors.find((f) => f.key === 'sla')!.detail).toBe('Pas libre avant l’échéance SLA (20:00)');
    const [off] = rankCandidates({
      ticket,
      technicians: [tech({ id: 'y', name: 'Y', skills: has3cx(3), userDisabled: true })],
      now,
    });
    expect(off!.eligible).toBe(false);
    expect(off!.reasons).toEqual(['Compte utilisateur désactivé']);
  });
});

describe('skillsForPlatform', () => {
  const catalogue = [
    'Centrex Centile',
    '3CX',
    'Teams Phone',
    'SIP trunk',
    'Câblage cuivre',
    'Réseau LAN / Wi-Fi',
    'Pare-feu',
  ].map((name) => ({ id: name, name }));
  const names = (p: { kind: string; provider?: string | null }) =>
    skillsForPlatform(p, catalogue).map((s) => s.name);
  it('matches the platform type, provider or product to catalogue skills', () => {
    expect(names({ kind: 'centrex', provider: 'Centrex Relais' })).toEqual(['Centrex Centile']);
    expect(names({ kind: 'ipbx', provider: '3CX' })).toEqual(['3CX']);
    expect(names({ kind: 'sip_trunk', provider: 'Trunk SIP Relais' })).toEqual(['SIP trunk']);
    expect(names({ kind: 'teams', provider: 'Microsoft Teams (Operator Connect)' })).toEqual(['Teams Phone']);
    expect(names({ kind: 'other', provider: 'Alcatel OXO' })).toEqual([]);
    expect(names({ kind: 'ipbx', provider: null })).toEqual([]);
  });
});

// ─── On the real database with the demo dataset ───────────────────────────────────────────────────

let t: TestApp;
let db: Db;
let support: Session;
let admin: Session;
let partner: Session;
let target: { clientId: string; siteId: string; platformId: string };
let thomasUserId: string;

beforeAll(async () => {
  clock.set(now); // a Tuesday morning: the demo's leave and interventions are placed around it
  t = await createTestApp();
  db = t.database.db;
  support = await loginAs(t.app, 'support@relais.test');
  admin = await loginAs(t.app, 'admin@relais.test');
  partner = await loginAs(t.app, 'partenaire@relais.test');
  // A direct client's site in Lyon with a 3CX IPBX; Thomas Terrain (Villeurbanne, zones 69/01/38)
  // becomes a 3CX expert: he is the right answer.
  const [c] = await db
    .select({ clientId: clients.id, siteId: sites.id })
    .from(clients)
    .innerJoin(sites, eq(sites.clientId, clients.id))
    .where(isNull(clients.partnerId))
    .limit(1);
  await db
    .update(sites)
    .set({ department: '69', postalCode: '69003', city: 'Lyon', latitude: 45.7602, longitude: 4.8591 })
    .where(eq(sites.id, c!.siteId));
  const [p] = await db
    .insert(telephonyPlatforms)
    .values({ clientId: c!.clientId, siteId: c!.siteId, kind: 'ipbx', provider: '3CX' })
    .returning();
  target = { ...c!, platformId: p!.id };
  const [thomas] = await db
    .select({ id: technicians.id, userId: technicians.userId })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(eq(users.email, 'tech.terrain@relais.test'));
  thomasUserId = thomas!.userId;
  const [s3cx] = await db.select({ id: skills.id }).from(skills).where(eq(skills.name, '3CX'));
  await db
    .insert(technicianSkills)
    .values({ technicianId: thomas!.id, skillId: s3cx!.id, level: 3 })
    .onConflictDoUpdate({
      target: [technicianSkills.technicianId, technicianSkills.skillId],
      set: { level: 3, validUntil: null },
    });
});
afterAll(async () => {
  await t?.close();
});

async function openTicket(session: Session, body: Record<string, unknown> = {}) {
  const res = await session.post('/api/v1/tickets', {
    clientId: target.clientId,
    siteId: target.siteId,
    platformId: target.platformId,
    type: 'sav',
    priority: 'P2',
    subject: 'Le standard 3CX ne sonne plus',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: string;
    assigneeId: string | null;
    assigneeName: string | null;
    version: number;
  };
}

describe('assignment proposal over HTTP', () => {
  it('ranks Thomas Terrain first for a 3CX SAV in Lyon, with his reasons; the excluded last', async () => {
    const ticket = await openTicket(support);
    const res = await support.get(`/api/v1/tickets/${ticket.id}/assignment-proposal`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.requiredSkills.map((s: { name: string }) => s.name)).toEqual(['3CX']);
    expect(body.onSite).toBe(true);
    expect(body.slaDueAt).not.toBeNull();
    const [first] = body.candidates;
    expect(first.name).toBe('Thomas Terrain');
    expect(first.eligible).toBe(true);
    expect(first.reasons).toEqual(expect.arrayContaining(['Maîtrise 3CX (niveau 3)', 'Couvre le 69']));
    expect(first.distanceFrom).toBe('domicile');
    expect(first.distanceKm).toBeLessThan(10);
    expect(first.factors).toHaveLength(7);
    // Every technician without 3CX is excluded and says so; eligible ones come first.
    const eligible = body.candidates.map((c: { eligible: boolean }) => c.eligible);
    expect(eligible.indexOf(false)).toBeGreaterThan(0);
    expect(eligible.slice(eligible.indexOf(false))).not.toContain(true);
    const sophie = body.candidates.find((c: { name: string }) => c.name === 'Sophie Lambert');
    expect(sophie.eligible).toBe(false);
    expect(sophie.reasons).toEqual(['Ne maîtrise pas 3CX']);
    // The proposal's « Attribuer » goes through the ordinary update with the ticket's version.
    const assign = await support.patch(`/api/v1/tickets/${ticket.id}`, {
      version: body.ticketVersion,
      assigneeId: first.userId,
    });
    expect(assign.statusCode, assign.body).toBe(200);
    expect(assign.json().assigneeName).toBe('Thomas Terrain');
  });

  it('partners get 403, an unknown ticket 404, a reader without update right 403', async () => {
    const ticket = await openTicket(support);
    expect((await partner.get(`/api/v1/tickets/${ticket.id}/assignment-proposal`)).statusCode).toBe(403);
    const unknown = await support.get(
      '/api/v1/tickets/00000000-0000-4000-8000-000000000000/assignment-proposal',
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    const commercial = await loginAs(t.app, 'commercial@relais.test');
    expect((await commercial.get(`/api/v1/tickets/${ticket.id}/assignment-proposal`)).statusCode).toBe(403);
  });
});

describe('automatic assignment per ticket type', () => {
  it('admins only read and change the settings; bad input is a precise 400', async () => {
    expect((await support.get('/api/v1/tickets/assignment-settings')).statusCode).toBe(403);
    expect(
      (await support.put('/api/v1/tickets/assignment-settings/sav', { autoAssign: true })).statusCode,
    ).toBe(403);
    const bad = await admin.put('/api/v1/tickets/assignment-settings/inconnu', { autoAssign: true });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('type');
    const bad2 = await admin.put('/api/v1/tickets/assignment-settings/sav', { autoAssign: 'oui' });
    expect(bad2.statusCode).toBe(400);
    expect(bad2.json().error.details[0].path).toBe('autoAssign');
    const list = await admin.get('/api/v1/tickets/assignment-settings');
    expect(
      list.json().items.map((i: { ticketType: string; autoAssign: boolean }) => [i.ticketType, i.autoAssign]),
    ).toEqual([
      ['incident', false],
      ['demande', false],
      ['projet', false],
      ['sav', false],
    ]);
  });

  it('does nothing while off; assigns the best technician on creation once on, with reasons and notification', async () => {
    const off = await openTicket(support);
    expect(off.assigneeId).toBeNull();

    const on = await admin.put('/api/v1/tickets/assignment-settings/sav', { autoAssign: true });
    expect(on.statusCode, on.body).toBe(200);
    expect(on.json().autoAssign).toBe(true);
    const [setting] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'ticket_assignment_setting'), eq(auditLog.entityId, 'sav')));
    expect(setting!.after).toEqual({ ticketType: 'sav', autoAssign: true });

    const auto = await openTicket(support);
    expect(auto.assigneeId).toBe(thomasUserId);
    expect(auto.assigneeName).toBe('Thomas Terrain');
    expect(auto.version).toBe(2);
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, auto.id), eq(auditLog.action, 'auto_assign')));
    expect(entry!.actorLabel).toBe('Attribution automatique');
    expect((entry!.after as { reasons: string[] }).reasons).toEqual(
      expect.arrayContaining(['Maîtrise 3CX (niveau 3)', 'Couvre le 69']),
    );
    const notes = await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, auto.id));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.visibility).toBe('internal');
    expect(notes[0]!.body).toMatch(
      /^Attribué automatiquement à Thomas Terrain \(score \d+\/100\) : .*Maîtrise 3CX \(niveau 3\)/,
    );
    const notif = await db.execute(
      sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${thomasUserId}::uuid AND entity_id = ${auto.id}`,
    );
    expect((notif as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
    // The client's history says it, without the reasons (partners read it too).
    const history = await support.get(`/api/v1/clients/${target.clientId}/timeline?limit=50`);
    const texts = (history.json().items as { text: string }[]).map((i) => i.text);
    expect(
      texts.some((x) => /^Le ticket T-\d{4}-\d{6} a été attribué automatiquement à Thomas Terrain$/.test(x)),
    ).toBe(true);
    // A type still off, or a ticket given an assignee, is left alone.
    const demande = await openTicket(support, { type: 'demande' });
    expect(demande.assigneeId).toBeNull();
    const given = await openTicket(support, {
      assigneeId: (await support.get('/api/v1/auth/me')).json().user.id,
    });
    expect(given.assigneeName).toBe('Samuel Support');

    await admin.put('/api/v1/tickets/assignment-settings/sav', { autoAssign: false });
    expect((await openTicket(support)).assigneeId).toBeNull();
  });
});
