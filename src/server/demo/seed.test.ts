// The demo dataset makes sense (issue 15 item 31): names, towns, phones, sites, job titles and
// sectors agree; platforms stand on their client's main site (the map's installations); one
// intervention in five is remote.
import { eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKnownNafCode } from '../../shared/client-identity.ts';
import { departmentOf } from '../../shared/geo.ts';
import { haversineKm } from '../modules/interventions/travel.ts';
import { orderShapeOf, orderStages, stagesOf } from '../../shared/orders.ts';
import {
  clients,
  interventions,
  orderLines,
  orderStageHistory,
  orders,
  quotes,
  sites,
  telephonyPlatforms,
  tickets,
} from '../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../test/harness.ts';
import { demoClients } from './clients.ts';
import { segments, towns } from './data.ts';
import { prng } from './seed.ts';

const segmentIds = new Map(segments.map((s) => [s.label, s.label]));
const generate = () =>
  demoClients(prng(2026), 120, { partnerIds: { A: 'A', B: 'B' }, segmentIds, managerId: null });
const demo = generate();

/** The first digit after 0 of a landline, by département (ARCEP's five zones). */
function zoneOf(department: string): string {
  const d = department;
  if (['75', '77', '78', '91', '92', '93', '94', '95'].includes(d)) return '1';
  if ('14 18 22 27 28 29 35 36 37 41 44 45 49 50 53 56 61 72 76 85'.split(' ').includes(d)) return '2';
  if ('02 08 10 21 25 39 51 52 54 55 57 58 59 60 62 67 68 70 71 80 88 89 90'.split(' ').includes(d))
    return '3';
  if ('01 03 04 05 06 07 11 13 15 26 2A 2B 30 34 38 42 43 48 63 66 69 73 74 83 84'.split(' ').includes(d))
    return '4';
  return '5';
}
const west = '14 22 29 35 44 49 50 53 56 61 72 85'.split(' ');
const southEast = '04 05 06 13 30 34 66 83 84'.split(' ');
const feminine = new Set(
  'Marie Nathalie Isabelle Sylvie Céline Hélène Chloé Amélie Noémie Gaëlle Zoé'.split(' '),
);
// Whole words (JavaScript's \b ignores accented letters: « associé » would match in « associée »).
const masculineTitle =
  /(?<![\p{L}-])(Pharmacien|Préparateur|adjoint|Agent|Chargé|Assistant|coordinateur|médical|Gérant|Directeur|Expert-comptable|associé|Collaborateur)(?![\p{L}-])/u;
const feminineTitle =
  /(?<![\p{L}-])(Pharmacienne|Préparatrice|adjointe|Agente|Chargée|Assistante|coordinatrice|médicale|Gérante|Directrice|Experte-comptable|associée|Collaboratrice)(?![\p{L}-])/u;

describe('the demo clients (pure)', () => {
  it('are the same on every machine', () => {
    expect(generate()).toEqual(demo);
  });

  it('live in their partner’s region, with the area code of their town', () => {
    expect(demo.clientRows).toHaveLength(120);
    for (const c of demo.clientRows) {
      const dep = departmentOf(c.postalCode)!;
      expect(c.department).toBe(dep);
      if (c.partnerId === 'A') expect(west, c.name).toContain(dep);
      if (c.partnerId === 'B') expect(southEast, c.name).toContain(dep);
      expect(c.phone, c.name).toMatch(new RegExp(`^0${zoneOf(dep)} `));
      expect(c.phoneE164).toBe(`+33${c.phone!.replace(/\s/g, '').slice(1)}`);
    }
    expect(demo.clientRows.filter((c) => c.partnerId === 'A')).toHaveLength(48);
    expect(demo.clientRows.filter((c) => c.partnerId === 'B')).toHaveLength(24);
  });

  it('have names of their sector, with no town but their own', () => {
    const nafBySegment: Record<string, RegExp> = {
      Pharmacie: /^47\.73Z$/,
      Assurance: /^66\.22Z$/,
      'Cabinet médical': /^86\./,
      'Expertise comptable': /^69\.20Z$/,
      Notariat: /^69\.10Z$/,
      PME: /^(?!47\.73|66\.22|86\.|69\.)/,
    };
    const names = new Set<string>();
    for (const c of demo.clientRows) {
      expect(names.has(c.name), c.name).toBe(false);
      names.add(c.name);
      expect(isKnownNafCode(c.nafCode!), c.nafCode!).toBe(true);
      expect(c.nafCode, c.name).toMatch(nafBySegment[c.segmentId!]!);
      if (c.segmentId === 'Pharmacie') expect(c.name).toMatch(/Pharmacie/);
      for (const t of towns) if (t.name !== c.city) expect(c.name, c.name).not.toContain(` ${t.name}`);
    }
  });

  it('have their main site in their town and the others nearby, named after theirs', () => {
    demo.clientRows.forEach((c, i) => {
      const own = demo.siteRows.filter((s) => s.client === i);
      expect(own[0]).toMatchObject({ city: c.city, postalCode: c.postalCode });
      for (const s of own) {
        const km = haversineKm(own[0]!.latitude!, own[0]!.longitude!, s.latitude!, s.longitude!);
        expect(km, `${c.name}: ${s.name}`).toBeLessThan(90);
        if (s !== own[0]) expect(s.name.endsWith(s.city!.replace(/^Le /, '')), s.name).toBe(true);
        if (s.phone) expect(s.phone).toMatch(new RegExp(`^0${zoneOf(s.department!)} `));
      }
      if (c.segmentId === 'Pharmacie') expect(own).toHaveLength(1);
    });
  });

  it('have contacts whose job title agrees with them, and a landline of their town', () => {
    for (const k of demo.contactRows) {
      const c = demo.clientRows[k.client]!;
      const title = k.jobTitle!;
      if (feminine.has(k.firstName!)) expect(title, `${k.firstName} ${title}`).not.toMatch(masculineTitle);
      else expect(title, `${k.firstName} ${title}`).not.toMatch(feminineTitle);
      if (c.segmentId !== 'Pharmacie') expect(title).not.toMatch(/[Pp]harmacie/);
      expect(k.phone!.slice(0, 5)).toBe(c.phone!.slice(0, 5));
    }
  });

  it('have platforms on their main site, with SDA ranges of their area that never overlap', () => {
    expect(demo.platformRows).toHaveLength(60);
    for (const p of demo.platformRows) {
      expect(demo.siteRows.findIndex((s) => s.client === p.client)).toBe(p.site);
    }
    const ranges = [...demo.rangeRows].sort((a, b) => a.startNum! - b.startNum!);
    ranges.forEach((r, k) => {
      if (k > 0) expect(r.startNum!).toBeGreaterThan(ranges[k - 1]!.endNum!);
    });
    for (const r of demo.rangeRows.filter((x) => x.label === 'Standard et postes')) {
      expect(r.startE164!.slice(0, 6)).toBe(demo.clientRows[r.client]!.phoneE164!.slice(0, 6));
    }
  });
});

describe('the seeded demo (database)', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAs(t.app, 'admin@relais.test');
  });
  afterAll(() => t?.close());

  it('shows every active client’s platform on the map, at its main site', async () => {
    const db = t.database.db;
    const placed = await db
      .select({ status: clients.status, siteCity: sites.city, clientCity: clients.city })
      .from(telephonyPlatforms)
      .innerJoin(clients, eq(clients.id, telephonyPlatforms.clientId))
      .innerJoin(sites, eq(sites.id, telephonyPlatforms.siteId));
    const all = await db.select({ id: telephonyPlatforms.id }).from(telephonyPlatforms);
    expect(placed).toHaveLength(all.length);
    for (const p of placed) expect(p.siteCity).toBe(p.clientCity);
    const res = await admin.get('/api/v1/map/points?layers=installations');
    expect(res.statusCode, res.body).toBe(200);
    const active = placed.filter((p) => p.status === 'actif').length;
    expect(active).toBeGreaterThan(5);
    expect(res.json().installations.lat).toHaveLength(active);
  });

  it('has one intervention in five remote, without a site', async () => {
    const db = t.database.db;
    const all = await db.select().from(interventions);
    const remote = all.filter((i) => i.remote);
    expect(remote).toHaveLength(all.length / 5);
    expect(remote.every((i) => i.siteId === null)).toBe(true);
    expect(all.filter((i) => !i.remote).every((i) => i.siteId !== null)).toBe(true);
    expect(await db.select().from(interventions).where(isNull(interventions.clientId))).toEqual([]);
  });

  it('has tickets about telephony and IT, linked to the client’s platform when it has one', async () => {
    const db = t.database.db;
    const rows = await db
      .select({ subject: tickets.subject, platformId: tickets.platformId, clientId: tickets.clientId })
      .from(tickets);
    expect(rows.length).toBeGreaterThan(20);
    const platformOf = new Map(
      (await db.select().from(telephonyPlatforms)).map((p) => [p.clientId, p.id] as const),
    );
    for (const r of rows) {
      expect(r.subject).toMatch(
        /standard|poste|SDA|accueil|Teams|DECT|appel|Wi-Fi|tonalité|Internet|fibre|fax/i,
      );
      expect(r.platformId).toBe(platformOf.get(r.clientId!) ?? null);
    }
  });

  it('has quotes and orders at every stage, coherent with their path, for both partners', async () => {
    const db = t.database.db;
    const all = await db.select().from(orders);
    const stagesSeen = new Set(all.map((o) => o.stage));
    for (const stage of orderStages) expect(stagesSeen, stage).toContain(stage);
    const partnersSeen = new Set(all.map((o) => o.partnerId));
    expect(partnersSeen.size).toBe(3); // direct clients, partner A and partner B
    const history = await db.select().from(orderStageHistory);
    const lines = await db.select().from(orderLines);
    for (const o of all) {
      const own = history.filter((h) => h.orderId === o.id).sort((a, b) => +a.enteredAt - +b.enteredAt);
      const shape = orderShapeOf(lines.filter((l) => l.orderId === o.id) as never);
      expect({ hw: o.hasHardware, site: o.hasOnSiteService }).toEqual({
        hw: shape.hasHardware,
        site: shape.hasOnSiteService,
      });
      // The history walks the order's path, one stage after the other, the last still open.
      const walked = own.map((h) => h.stage).filter((s) => s !== 'annulee');
      expect(walked).toEqual(stagesOf(shape).slice(0, walked.length));
      expect(own.at(-1)!.stage).toBe(o.stage);
      expect(+own.at(-1)!.enteredAt).toBe(+o.stageSince);
      expect(own.filter((h) => h.leftAt === null).length).toBe(1);
    }
    const quoteStatuses = new Set((await db.select().from(quotes)).map((q) => q.status));
    expect([...quoteStatuses].sort()).toEqual(['accepte', 'brouillon', 'envoye', 'refuse']);
  });
});
