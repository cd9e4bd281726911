import type { Role } from '../../shared/permissions.ts';
import { frenchVatFromSiren } from '../../shared/client-identity.ts';
import { withLuhnKey } from '../../shared/schemas/common.ts';
import { mondayToFriday, sameHoursOn, standardWorkingHours } from '../../shared/schemas/client-records.ts';
import { departmentOf } from '../../shared/geo.ts';
import { toE164 } from '../../shared/sms.ts';
import {
  clientNotes,
  clientSegments,
  clients,
  companySettings,
  contacts,
  numberRanges,
  partners,
  sites,
  telephonyPlatforms,
  users,
} from '../db/schema/index.ts';
import type { OpeningHours } from '../db/schema/clients.ts';
import type { Db } from '../infra/db.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { demoPassword } from './credentials.ts';
import { seedTechnicians } from './technicians.ts';
import { seedInterventions } from './interventions.ts';
import { seedContracts } from './contracts.ts';
import { seedTickets } from './tickets.ts';
import { seedCatalogue } from './catalogue.ts';
import { invalidateSettingsCache } from '../modules/settings/settings.service.ts';
import {
  cities,
  firstNames,
  lastNames,
  pmeNaf,
  segments,
  sizeBandsByKind,
  streetNames,
  tagsByKind,
  slug,
  tradeNames,
} from './data.ts';

export { demoPassword };

export const demoAccounts: { email: string; name: string; role: Role; partner?: 'A' | 'B' }[] = [
  { email: 'admin@relais.test', name: 'Alice Administratrice', role: 'admin' },
  { email: 'support@relais.test', name: 'Samuel Support', role: 'support' },
  { email: 'commercial@relais.test', name: 'Camille Commerciale', role: 'commercial' },
  { email: 'adv@relais.test', name: 'Adèle Ventes', role: 'adv' },
  { email: 'staging@relais.test', name: 'Stéphane Staging', role: 'staging' },
  { email: 'tech.interne@relais.test', name: 'Inès Technicienne', role: 'tech_interne' },
  { email: 'tech.terrain@relais.test', name: 'Thomas Terrain', role: 'tech_terrain' },
  { email: 'chef.projet@relais.test', name: 'Paul Projet', role: 'chef_projet' },
  { email: 'compta@relais.test', name: 'Claire Comptable', role: 'compta' },
  { email: 'partenaire@relais.test', name: 'Pierre Partenaire', role: 'partenaire', partner: 'A' },
  { email: 'partenaire2@relais.test', name: 'Béatrice Partenaire', role: 'partenaire', partner: 'B' },
];

/** mulberry32: the same seed gives the same dataset on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}

const ascii = (s: string) => slug(s);

/**
 * Loads the demo dataset: the company, partners A and B, the demo accounts, and French clients
 * with sites (coordinates across France) and contacts. Deterministic for a given seed.
 */
export async function seedDemo(db: Db, opts: { seed?: number; clientCount?: number } = {}): Promise<string> {
  const rnd = prng(opts.seed ?? 2026);
  const clientCount = opts.clientCount ?? 120;
  const passwordHash = await hashPassword(demoPassword);
  return db.transaction(async (tx) => {
    await tx
      .insert(companySettings)
      .values({
        id: 1,
        legalName: 'Relais Intégration Télécom',
        legalForm: 'SAS',
        capitalCents: 15_000_000,
        siren: '732829320',
        rcsCity: 'Lyon',
        vatNumber: 'FR44732829320',
        addressLine: '12 rue de la République',
        postalCode: '69002',
        city: 'Lyon',
        phone: '+33 4 72 00 00 00',
        email: 'contact@relais.test',
        brandColor: '#1c7ed6',
      })
      .onConflictDoNothing();
    invalidateSettingsCache();
    const [partnerA, partnerB] = await tx
      .insert(partners)
      .values([
        {
          name: 'Ouest Télécom Partenaires',
          siren: '552100554',
          email: 'contact@ouest-telecom.test',
          phone: '+33 2 40 00 00 01',
          contactName: 'Pierre Partenaire',
          addressLine: '5 quai de la Fosse',
          postalCode: '44000',
          city: 'Nantes',
          brandColor: '#2b8a3e',
        },
        {
          name: 'Sud Réseaux Pro',
          siren: '542065479',
          email: 'contact@sud-reseaux.test',
          phone: '+33 4 91 00 00 02',
          contactName: 'Béatrice Partenaire',
          addressLine: '20 La Canebière',
          postalCode: '13001',
          city: 'Marseille',
          brandColor: '#e8590c',
        },
      ])
      .returning();
    const partnerIds = { A: partnerA!.id, B: partnerB!.id };
    const created = await tx
      .insert(users)
      .values(
        demoAccounts.map((a) => ({
          email: a.email,
          name: a.name,
          role: a.role,
          partnerId: a.partner ? partnerIds[a.partner] : null,
          passwordHash,
        })),
      )
      .returning({ id: users.id, role: users.role });
    const managers = created.filter((u) => u.role === 'commercial').map((u) => u.id);

    const segmentRows = await tx
      .insert(clientSegments)
      .values([...new Set(segments.map((x) => x.label))].map((name) => ({ name })))
      .returning();
    const segmentIds = new Map(segmentRows.map((x) => [x.name, x.id]));
    const clientRows: (typeof clients.$inferInsert)[] = [];
    const usedNames = new Set<string>();
    for (let i = 0; i < clientCount; i++) {
      const segment = rnd.pick(segments);
      const city = rnd.pick(cities);
      const trade = rnd.pick(tradeNames[segment.kind]);
      let name = `${segment.prefix} ${trade}`;
      if (usedNames.has(name)) name = `${name} ${city.name}`;
      if (usedNames.has(name)) name = `${name} ${i}`;
      usedNames.add(name);
      const siren = withLuhnKey(String(rnd.int(10_000_000, 99_999_999)));
      const owner = i % 5 === 0 || i % 5 === 1 ? 'A' : i % 5 === 2 ? 'B' : null;
      clientRows.push({
        name,
        siren,
        siret: withLuhnKey(siren + String(rnd.int(1, 999)).padStart(4, '0')),
        // Identity fields derive from i and the segment (no extra draws: the rest of the dataset stays the same).
        vatNumber: frenchVatFromSiren(siren),
        nafCode: segment.naf || pmeNaf[trade] || null,
        legalForm: segment.legalForms[i % segment.legalForms.length]!,
        segmentId: segmentIds.get(segment.label)!,
        sizeBand: sizeBandsByKind[segment.kind][i % sizeBandsByKind[segment.kind].length]!,
        tags: tagsByKind[segment.kind][i % tagsByKind[segment.kind].length]!,
        status: rnd.next() < 0.75 ? 'actif' : rnd.next() < 0.5 ? 'prospect' : 'ancien',
        partnerId: owner ? partnerIds[owner] : null,
        accountManagerId: managers[0] ?? null,
        email: `contact@${ascii(name).slice(0, 30)}.test`,
        phone: `0${rnd.int(1, 5)} ${String(rnd.int(10, 99))} ${String(rnd.int(10, 99))} ${String(rnd.int(10, 99))} ${String(rnd.int(10, 99))}`,
        postalCode: city.postalCode,
        city: city.name,
      });
    }
    const insertedClients = await tx
      .insert(clients)
      .values(clientRows)
      .returning({ id: clients.id, city: clients.city, postalCode: clients.postalCode, name: clients.name });
    const siteRows: (typeof sites.$inferInsert)[] = [];
    const contactRows: (typeof contacts.$inferInsert)[] = [];
    // New fields derive from counters (no extra draws: the rest of the dataset stays the same).
    let siteNo = 0;
    let contactNo = 0;
    for (const c of insertedClients) {
      const home = cities.find((x) => x.name === c.city)!;
      const siteCount = rnd.next() < 0.6 ? 1 : rnd.int(2, 3);
      for (let s = 0; s < siteCount; s++) {
        const at = s === 0 ? home : rnd.pick(cities);
        siteRows.push({
          clientId: c.id,
          name: s === 0 ? 'Siège' : `Agence ${at.name}`,
          addressLine: `${rnd.int(1, 120)} ${rnd.pick(streetNames)}`,
          postalCode: at.postalCode,
          city: at.name,
          latitude: Math.round((at.lat + (rnd.next() - 0.5) * 0.04) * 1e6) / 1e6,
          longitude: Math.round((at.lng + (rnd.next() - 0.5) * 0.06) * 1e6) / 1e6,
          ...demoSiteExtras(siteNo++, at.postalCode),
        });
      }
      const contactCount = rnd.int(1, 3);
      for (let k = 0; k < contactCount; k++) {
        const firstName = rnd.pick(firstNames);
        const lastName = rnd.pick(lastNames);
        contactRows.push({
          clientId: c.id,
          firstName,
          lastName,
          jobTitle: rnd.pick([
            'Gérant',
            'Responsable informatique',
            'Office manager',
            'Directrice',
            'Pharmacien titulaire',
            'Assistante de direction',
          ]),
          email: `${ascii(firstName)}.${ascii(lastName)}@${ascii(c.name).slice(0, 24)}.test`,
          phone: `06 ${String(rnd.int(10, 99))} ${String(rnd.int(10, 99))} ${String(rnd.int(10, 99))} ${String(rnd.int(10, 99))}`,
        });
        const row = contactRows[contactRows.length - 1]!;
        Object.assign(row, demoContactExtras(contactNo++, row.phone!));
      }
    }
    await tx.insert(sites).values(siteRows);
    await tx.insert(contacts).values(contactRows);
    // Telephony platforms for half the clients, with one or two SDA ranges of 100 numbers.
    const platformRows: (typeof telephonyPlatforms.$inferInsert)[] = [];
    const rangeSeeds: { client: string; i: number }[] = [];
    insertedClients.forEach((c, i) => {
      if (i % 2 !== 0) return;
      const p = demoPlatforms[(i / 2) % demoPlatforms.length]!;
      platformRows.push({
        clientId: c.id,
        kind: p.kind,
        provider: p.provider,
        tenantId: `${p.tenantPrefix}-${String(10_400 + i)}`,
        adminUrl: p.adminUrl,
        notes: p.notes,
      });
      rangeSeeds.push({ client: c.id, i });
    });
    if (platformRows.length) {
      const insertedPlatforms = await tx
        .insert(telephonyPlatforms)
        .values(platformRows)
        .returning({ id: telephonyPlatforms.id });
      const rangeRows: (typeof numberRanges.$inferInsert)[] = [];
      insertedPlatforms.forEach((p, k) => {
        const { client, i } = rangeSeeds[k]!;
        // +33 4 78 90 00 00 + 100 × i … : distinct, never overlapping.
        const bases: [number, string][] = [[33_478_900_000 + i * 100, 'Standard et postes']];
        if (i % 4 === 0) bases.push([33_172_000_000 + i * 100, 'Numéros Paris']);
        for (const [start, label] of bases) {
          rangeRows.push({
            platformId: p.id,
            clientId: client,
            startE164: `+${start}`,
            endE164: `+${start + 99}`,
            startNum: start,
            endNum: start + 99,
            label,
          });
        }
      });
      await tx.insert(numberRanges).values(rangeRows);
    }
    // A few internal notes (staff only).
    const noteRows = insertedClients
      .filter((_, i) => i % 6 === 0)
      .map((c, k) => ({
        clientId: c.id,
        authorId: managers[0] ?? null,
        body: demoNotes[k % demoNotes.length]!,
      }));
    if (noteRows.length) await tx.insert(clientNotes).values(noteRows);
    const techSummary = await seedTechnicians(tx, { rnd, passwordHash });
    const interventionSummary = await seedInterventions(tx, { rnd });
    // SLA calendars, default policies and maintenance contracts: before any ticket (their clocks need them).
    const contractSummary = await seedContracts(tx, { rnd });
    const ticketSummary = await seedTickets(tx, { rnd });
    await seedCatalogue(tx, partnerIds);
    return `${demoAccounts.length} comptes, 2 partenaires, ${insertedClients.length} clients, ${siteRows.length} sites, ${contactRows.length} contacts, ${techSummary}, ${interventionSummary}, ${contractSummary}, ${ticketSummary}`;
  });
}

export function demoAccountsText(url: string): string {
  const lines = demoAccounts.map((a) => `  ${a.role.padEnd(13)} ${a.email}`);
  return [
    `Relais est prêt : ${url}`,
    `Comptes de démonstration (mot de passe : ${demoPassword}) :`,
    ...lines,
  ].join('\n');
}

const demoHours: OpeningHours[] = [
  {
    ...sameHoursOn(mondayToFriday, [
      ['08:30', '12:30'],
      ['14:00', '19:30'],
    ]),
    sat: [['09:00', '12:30']],
  },
  {
    ...sameHoursOn(['mon', 'tue', 'wed', 'thu'], [['09:00', '18:00']]),
    fri: [['09:00', '17:00']],
    note: 'Fermé la 2e quinzaine d’août.',
  },
  { ...sameHoursOn(['mon', 'tue', 'thu'], standardWorkingHours.mon!), fri: [['08:00', '12:00']] },
];
const demoAccess = [
  'Entrée par la cour, code portail 4512B. Baie de brassage au sous-sol.',
  'Se présenter à l’accueil, badge visiteur obligatoire.',
  '2e étage sans ascenseur. Interphone « Direction ».',
  null,
  'Parking visiteurs à l’arrière du bâtiment. Local technique derrière la réserve.',
];

/** Hours, access instructions, département and geocoding state of a demo site (by its number). */
function demoSiteExtras(n: number, postalCode: string): Partial<typeof sites.$inferInsert> {
  const phone = `04 37 ${String(10 + (n % 90)).padStart(2, '0')} ${String(20 + (n % 80)).padStart(2, '0')} ${String(n % 100).padStart(2, '0')}`;
  return {
    department: departmentOf(postalCode),
    geocodeStatus: 'ok',
    geocodeScore: 0.82 + (n % 17) / 100,
    geocodedAt: new Date('2026-01-05T09:00:00Z'),
    openingHours: demoHours[n % demoHours.length]!,
    accessInstructions: demoAccess[n % demoAccess.length] ?? null,
    phone: n % 3 === 0 ? phone : null,
    phoneE164: n % 3 === 0 ? toE164(phone) : null,
  };
}

/** E.164 twins, mobile, preferred channel and GDPR basis of a demo contact (by its number). */
function demoContactExtras(n: number, phone: string): Partial<typeof contacts.$inferInsert> {
  const mobile =
    n % 2 === 0
      ? `07 ${String(10 + (n % 90)).padStart(2, '0')} 45 ${String(n % 100).padStart(2, '0')} 12`
      : null;
  const basis = (['contract', 'legitimate_interest', 'consent'] as const)[n % 3]!;
  return {
    phoneE164: toE164(phone),
    mobile,
    mobileE164: mobile ? toE164(mobile) : null,
    preferredChannel: (['email', 'phone', 'sms'] as const)[n % 3]!,
    legalBasis: basis,
    consentAt: basis === 'consent' ? new Date('2025-09-15T10:00:00Z') : null,
  };
}

const demoPlatforms: {
  kind: string;
  provider: string;
  tenantPrefix: string;
  adminUrl: string;
  notes: string | null;
}[] = [
  {
    kind: 'centrex',
    provider: 'Centrex Relais',
    tenantPrefix: 'CTX',
    adminUrl: 'https://centrex.relais.test/admin',
    notes: 'Standard avec serveur vocal et file d’attente.',
  },
  {
    kind: 'ipbx',
    provider: '3CX',
    tenantPrefix: 'PBX',
    adminUrl: 'https://pbx.relais.test/#/app/dashboard',
    notes: 'IPBX hébergé ; identifiants dans le coffre-fort.',
  },
  {
    kind: 'sip_trunk',
    provider: 'Trunk SIP Relais',
    tenantPrefix: 'SIP',
    adminUrl: 'https://sip.relais.test/',
    notes: null,
  },
  {
    kind: 'teams',
    provider: 'Microsoft Teams (Operator Connect)',
    tenantPrefix: 'TMS',
    adminUrl: 'https://admin.teams.microsoft.com/',
    notes: null,
  },
];

const demoNotes = [
  'Client sensible au prix : ne pas proposer de renouvellement avant la fin du contrat.',
  'Le gérant préfère être appelé entre 12 h et 14 h.',
  'Projet de déménagement du siège prévu au second semestre, à suivre.',
  'Litige sur la dernière facture réglé à l’amiable, rester attentif.',
];
