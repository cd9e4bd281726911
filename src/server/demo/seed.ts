import type { Role } from '../../shared/permissions.ts';
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
import type { Db } from '../infra/db.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { invalidateSettingsCache } from '../modules/settings/settings.service.ts';
import { demoClients } from './clients.ts';
import { seedContracts } from './contracts.ts';
import { demoPassword } from './credentials.ts';
import { segments } from './data.ts';
import { seedInterventions } from './interventions.ts';
import { seedTechnicians } from './technicians.ts';
import { seedTickets } from './tickets.ts';
import { seedCatalogue } from './catalogue.ts';
import { seedOrders } from './orders.ts';

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

/**
 * Loads the demo dataset: the company, partners A and B, the demo accounts, and French clients
 * that make sense by sector and region (`clients.ts`: partner A's in the west, B's in the
 * south-east), with sites, contacts and telephony platforms; then technicians, interventions,
 * contracts and tickets. Deterministic for a given seed.
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
      .values(segments.map((x) => ({ name: x.label })))
      .returning();
    const segmentIds = new Map(segmentRows.map((x) => [x.name, x.id]));
    const { clientRows, siteRows, contactRows, platformRows, rangeRows } = demoClients(rnd, clientCount, {
      partnerIds,
      segmentIds,
      managerId: managers[0] ?? null,
    });
    const insertedClients = await tx.insert(clients).values(clientRows).returning({ id: clients.id });
    const clientId = (i: number) => insertedClients[i]!.id;
    const insertedSites = await tx
      .insert(sites)
      .values(siteRows.map(({ client, ...row }) => ({ ...row, clientId: clientId(client) })))
      .returning({ id: sites.id });
    await tx
      .insert(contacts)
      .values(contactRows.map(({ client, ...row }) => ({ ...row, clientId: clientId(client) })));
    // Telephony platforms on their client's main site (the map's installations), with SDA ranges.
    if (platformRows.length) {
      const insertedPlatforms = await tx
        .insert(telephonyPlatforms)
        .values(
          platformRows.map(({ client, site, ...row }) => ({
            ...row,
            clientId: clientId(client),
            siteId: insertedSites[site]!.id,
          })),
        )
        .returning({ id: telephonyPlatforms.id });
      await tx.insert(numberRanges).values(
        rangeRows.map(({ client, platform, ...row }) => ({
          ...row,
          clientId: clientId(client),
          platformId: insertedPlatforms[platform]!.id,
        })),
      );
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
    const orderSummary = await seedOrders(tx, { rnd });
    return `${demoAccounts.length} comptes, 2 partenaires, ${insertedClients.length} clients, ${siteRows.length} sites, ${contactRows.length} contacts, ${techSummary}, ${interventionSummary}, ${contractSummary}, ${ticketSummary}, ${orderSummary}`;
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

const demoNotes = [
  'Client sensible au prix : ne pas proposer de renouvellement avant la fin du contrat.',
  'Le gérant préfère être appelé entre 12 h et 14 h.',
  'Projet de déménagement du siège prévu au second semestre, à suivre.',
  'Litige sur la dernière facture réglé à l’amiable, rester attentif.',
];
