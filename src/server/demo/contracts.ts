/**
 * Demo SLA setup: a business-hours calendar and a 24/7 one, default policies per priority, and
 * maintenance contracts for about half of the clients — one ending within 30 days, one for a client in
 * Alsace (67) with GTI 4 h / GTR 8 h on business hours.
 */
import { asc, eq } from 'drizzle-orm';
import {
  businessCalendars,
  clients,
  contractSites,
  maintenanceContracts,
  sites,
  slaPolicies,
} from '../db/schema/index.ts';
import type { OpeningHours } from '../db/schema/clients.ts';
import { clock } from '../infra/clock.ts';
import type { Db } from '../infra/db.ts';
import { addMonthsTo, parisToday } from '../modules/contracts/contracts.service.ts';
import { addDays } from '../../shared/paris-time.ts';

const day: [string, string][] = [
  ['08:30', '12:30'],
  ['14:00', '18:00'],
];
export const demoBusinessHours: OpeningHours = { mon: day, tue: day, wed: day, thu: day, fri: day };
export const demoBusinessCalendarName = 'Heures ouvrées (lun–ven 8h30–12h30, 14h–18h)';
export const demo24x7CalendarName = '24 h/24, 7 j/7';
const alsaceMoselle = ['57', '67', '68'];

export async function seedContracts(tx: Db, opts: { rnd: { next: () => number } }): Promise<string> {
  const rnd = () => opts.rnd.next();
  const [business] = await tx
    .insert(businessCalendars)
    .values({ name: demoBusinessCalendarName, kind: 'hours', hours: demoBusinessHours, holidayRegion: null })
    .returning();
  const [always] = await tx
    .insert(businessCalendars)
    .values({ name: demo24x7CalendarName, kind: '24x7', hours: null, holidayRegion: null })
    .returning();
  await tx.insert(slaPolicies).values([
    {
      name: 'P1 — Critique (24/7)',
      priority: 'P1',
      firstResponseMinutes: 30,
      resolutionMinutes: 4 * 60,
      calendarId: always!.id,
    },
    {
      name: 'P2 — Haute',
      priority: 'P2',
      firstResponseMinutes: 60,
      resolutionMinutes: 8 * 60,
      calendarId: business!.id,
    },
    {
      name: 'P3 — Normale',
      priority: 'P3',
      firstResponseMinutes: 4 * 60,
      resolutionMinutes: 3 * 8 * 60,
      calendarId: business!.id,
    },
    {
      name: 'P4 — Basse',
      priority: 'P4',
      firstResponseMinutes: 8 * 60,
      resolutionMinutes: 5 * 8 * 60,
      calendarId: business!.id,
    },
  ]);

  const all = await tx.select().from(clients).orderBy(asc(clients.name), asc(clients.id));
  const chosen = all.filter((_, i) => i % 2 === 0);
  if (chosen.length === 0) return '2 calendriers, 4 politiques SLA, 0 contrat';
  const siteRows = await tx
    .select({ id: sites.id, clientId: sites.clientId, department: sites.department })
    .from(sites)
    .orderBy(asc(sites.name), asc(sites.id));
  const sitesOf = new Map<string, typeof siteRows>();
  for (const s of siteRows) sitesOf.set(s.clientId, [...(sitesOf.get(s.clientId) ?? []), s]);
  const inAlsace = (c: { id: string }) =>
    (sitesOf.get(c.id) ?? []).some((s) => alsaceMoselle.includes(s.department ?? ''));

  // The Alsace client: one with a site in 57/67/68 (under contract even if not chosen), else a direct
  // client chosen after the first gets a site in Strasbourg.
  let alsace = chosen.find((c, i) => i > 0 && inAlsace(c)) ?? all.find((c) => c !== chosen[0] && inAlsace(c));
  if (alsace && !chosen.includes(alsace)) chosen.push(alsace);
  if (!alsace) {
    alsace = chosen.find((c, i) => i > 0 && c.partnerId === null) ?? chosen[Math.min(1, chosen.length - 1)]!; // never the one ending soon (index 0)
    const [site] = await tx
      .insert(sites)
      .values({
        clientId: alsace.id,
        name: 'Agence de Strasbourg',
        addressLine: '5 place Kléber',
        postalCode: '67000',
        city: 'Strasbourg',
        department: '67',
        latitude: 48.5834,
        longitude: 7.7458,
        geocodeStatus: 'ok',
      })
      .returning();
    sitesOf.set(alsace.id, [
      ...(sitesOf.get(alsace.id) ?? []),
      { id: site!.id, clientId: alsace.id, department: '67' },
    ]);
  }
  const today = parisToday(clock.now());
  const rows: (typeof maintenanceContracts.$inferInsert)[] = [];
  const covered: { index: number; siteId: string }[] = [];
  chosen.forEach((c, i) => {
    const year = 2026;
    const expiringSoon = i === 0;
    const isAlsace = c.id === alsace!.id;
    let endsOn: string;
    let startsOn: string;
    if (expiringSoon) {
      endsOn = addDays(today, 20);
      startsOn = addMonthsTo(endsOn, -12);
    } else {
      startsOn = addDays(`${year - 1}-01-01`, Math.floor(rnd() * 500));
      endsOn = addMonthsTo(startsOn, 36);
      while (endsOn <= today) endsOn = addMonthsTo(endsOn, 12);
    }
    const level = isAlsace ? 0 : Math.floor(rnd() * 3);
    rows.push({
      clientId: c.id,
      reference: `MC-${year}-${String(i + 1).padStart(4, '0')}`,
      name: isAlsace
        ? 'Maintenance Premium — GTI 4 h / GTR 8 h'
        : (['Maintenance Premium', 'Maintenance Standard', 'Maintenance Essentiel'][level] ?? 'Maintenance'),
      startsOn,
      endsOn,
      tacitRenewal: expiringSoon ? false : rnd() < 0.8,
      renewalMonths: 12,
      noticeDays: expiringSoon ? 30 : [90, 60, 30][level]!,
      status: 'actif',
      gtiMinutes: isAlsace ? 240 : level === 0 ? 120 : null,
      gtrMinutes: isAlsace ? 480 : level === 0 ? 480 : null,
      calendarId: isAlsace || level === 0 ? business!.id : null,
      notes: isAlsace
        ? 'Sites en Alsace : jours fériés d’Alsace-Moselle (Vendredi saint, 26 décembre).'
        : null,
    });
    const own = sitesOf.get(c.id) ?? [];
    if (isAlsace) {
      for (const s of own)
        if (alsaceMoselle.includes(s.department ?? '')) covered.push({ index: i, siteId: s.id });
    } else if (own.length > 1 && rnd() < 0.5) covered.push({ index: i, siteId: own[0]!.id });
  });
  const inserted = await tx
    .insert(maintenanceContracts)
    .values(rows)
    .returning({ id: maintenanceContracts.id });
  if (covered.length) {
    await tx
      .insert(contractSites)
      .values(covered.map((c) => ({ contractId: inserted[c.index]!.id, siteId: c.siteId })));
  }
  const [check] = await tx
    .select({ id: maintenanceContracts.id })
    .from(maintenanceContracts)
    .where(eq(maintenanceContracts.clientId, alsace.id));
  return `2 calendriers, 4 politiques SLA, ${inserted.length} contrats${check ? ' (dont un en Alsace)' : ''}`;
}
