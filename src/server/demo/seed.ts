import type { Role } from '../../shared/permissions.ts';
import { frenchVatFromSiren } from '../../shared/client-identity.ts';
import { withLuhnKey } from '../../shared/schemas/common.ts';
import {
  clientSegments,
  clients,
  companySettings,
  contacts,
  partners,
  sites,
  users,
} from '../db/schema/index.ts';
import type { Db } from '../infra/db.ts';
import { hashPassword } from '../modules/auth/password.ts';
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
  tradeNames,
} from './data.ts';

export const demoPassword = 'demo-relais-2026';

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

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

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
      }
    }
    await tx.insert(sites).values(siteRows);
    await tx.insert(contacts).values(contactRows);
    return `${demoAccounts.length} comptes, 2 partenaires, ${insertedClients.length} clients, ${siteRows.length} sites, ${contactRows.length} contacts`;
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
