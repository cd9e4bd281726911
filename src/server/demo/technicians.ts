import { inArray } from 'drizzle-orm';
import { absences, skills, technicianSkills, technicians, users } from '../db/schema/index.ts';
import { standardWorkingHours } from '../../shared/schemas/client-records.ts';
import type { OpeningHours } from '../db/schema/clients.ts';
import { clock } from '../infra/clock.ts';
import { parisDayStart } from '../../shared/paris-time.ts';
import type { Db } from '../infra/db.ts';
import { departmentOf } from '../../shared/geo.ts';
import { addDays, parisDate } from '../../shared/paris-time.ts';
import { slug } from './data.ts';

/** The demo skills catalog: telephony, cabling, network, and two certifications. */
export const demoSkills: { name: string; category: string; certification?: boolean }[] = [
  { name: 'Centrex Centile', category: 'Téléphonie' },
  { name: '3CX', category: 'Téléphonie' },
  { name: 'Teams Phone', category: 'Téléphonie' },
  { name: 'SIP trunk', category: 'Téléphonie' },
  { name: 'Câblage cuivre', category: 'Câblage' },
  { name: 'Câblage fibre optique', category: 'Câblage' },
  { name: 'Réseau LAN / Wi-Fi', category: 'Réseau' },
  { name: 'Pare-feu', category: 'Réseau' },
  { name: 'Habilitation électrique B1V BR', category: 'Habilitations', certification: true },
  { name: 'CACES nacelle', category: 'Habilitations', certification: true },
  { name: 'Staging postes', category: 'Atelier' },
  { name: 'Alarme intrusion', category: 'Sûreté' },
];

export const demoWorkingHours: OpeningHours = standardWorkingHours;

type DemoTech = {
  name: string;
  /** Existing demo account, else a new tech_terrain user prenom.nom@relais.test. */
  email?: string;
  phone: string;
  address: string;
  postalCode: string;
  city: string;
  lat: number;
  lng: number;
  zones: string[];
  skills: string[];
};

const team: DemoTech[] = [
  {
    name: 'Thomas Terrain',
    email: 'tech.terrain@relais.test',
    phone: '06 12 34 56 78',
    address: '25 cours Émile Zola',
    postalCode: '69100',
    city: 'Villeurbanne',
    lat: 45.7719,
    lng: 4.8902,
    zones: ['69', '01', '38'],
    skills: [
      'Centrex Centile',
      'SIP trunk',
      'Câblage cuivre',
      'Réseau LAN / Wi-Fi',
      'Habilitation électrique B1V BR',
    ],
  },
  {
    name: 'Inès Technicienne',
    email: 'tech.interne@relais.test',
    phone: '04 72 00 00 10',
    address: '12 rue de la République',
    postalCode: '69002',
    city: 'Lyon',
    lat: 45.7597,
    lng: 4.8357,
    zones: [],
    skills: ['3CX', 'Teams Phone', 'Staging postes', 'Pare-feu'],
  },
  {
    name: 'Julien Moreau',
    phone: '06 21 43 65 87',
    address: '40 rue Oberkampf',
    postalCode: '75011',
    city: 'Paris',
    lat: 48.865,
    lng: 2.3755,
    zones: ['75', '92', '93', '94'],
    skills: ['Teams Phone', '3CX', 'Réseau LAN / Wi-Fi', 'Câblage fibre optique'],
  },
  {
    name: 'Sophie Lambert',
    phone: '06 32 54 76 98',
    address: '8 rue Crébillon',
    postalCode: '44000',
    city: 'Nantes',
    lat: 47.2135,
    lng: -1.5601,
    zones: ['44', '85', '49'],
    skills: ['Centrex Centile', 'Câblage cuivre', 'Habilitation électrique B1V BR', 'Alarme intrusion'],
  },
  {
    name: 'Karim Benali',
    phone: '06 45 67 89 01',
    address: '60 boulevard Baille',
    postalCode: '13005',
    city: 'Marseille',
    lat: 43.2893,
    lng: 5.3918,
    zones: ['13', '83', '84'],
    skills: ['SIP trunk', 'Pare-feu', 'Réseau LAN / Wi-Fi', 'CACES nacelle'],
  },
  {
    name: 'Élodie Garnier',
    phone: '06 56 78 90 12',
    address: '15 allée Jean Jaurès',
    postalCode: '31000',
    city: 'Toulouse',
    lat: 43.6077,
    lng: 1.4496,
    zones: ['31', '81', '82'],
    skills: ['Centrex Centile', '3CX', 'Câblage fibre optique'],
  },
  {
    name: 'Nicolas Petit',
    phone: '06 67 89 01 23',
    address: '3 rue Faidherbe',
    postalCode: '59000',
    city: 'Lille',
    lat: 50.6376,
    lng: 3.0665,
    zones: ['59', '62'],
    skills: ['Câblage cuivre', 'Câblage fibre optique', 'Habilitation électrique B1V BR', 'CACES nacelle'],
  },
  {
    name: 'Camille Rousseau',
    phone: '06 78 90 12 34',
    address: '22 cours de l’Intendance',
    postalCode: '33000',
    city: 'Bordeaux',
    lat: 44.8417,
    lng: -0.5766,
    zones: ['33', '24', '40'],
    skills: ['Teams Phone', 'SIP trunk', 'Réseau LAN / Wi-Fi'],
  },
  {
    name: 'Antoine Girard',
    phone: '06 89 01 23 45',
    address: '5 place Kléber',
    postalCode: '67000',
    city: 'Strasbourg',
    lat: 48.5834,
    lng: 7.7458,
    zones: ['67', '68'],
    skills: ['Centrex Centile', 'Pare-feu', 'Alarme intrusion'],
  },
  {
    name: 'Manon Lefèvre',
    phone: '06 90 12 34 56',
    address: '10 quai Lamartine',
    postalCode: '35000',
    city: 'Rennes',
    lat: 48.1147,
    lng: -1.6794,
    zones: ['35', '22', '56'],
    skills: ['3CX', 'Câblage cuivre', 'Staging postes'],
  },
  {
    name: 'Hugo Fontaine',
    phone: '07 12 34 56 78',
    address: '18 avenue Alsace-Lorraine',
    postalCode: '38000',
    city: 'Grenoble',
    lat: 45.1885,
    lng: 5.7197,
    zones: ['38', '73', '74'],
    skills: [
      'Câblage fibre optique',
      'Réseau LAN / Wi-Fi',
      'CACES nacelle',
      'Habilitation électrique B1V BR',
    ],
  },
  {
    name: 'Laura Chevalier',
    phone: '07 23 45 67 89',
    address: '30 avenue Jean Médecin',
    postalCode: '06000',
    city: 'Nice',
    lat: 43.7034,
    lng: 7.2663,
    zones: ['06', '83'],
    skills: ['Teams Phone', 'Centrex Centile', 'SIP trunk'],
  },
];

const ascii = (s: string) => slug(s, '.');

export const demoTechnicianEmail = (name: string) => `${ascii(name)}@relais.test`;

/**
 * Technicians of the demo: the skills catalog, a profile for the two demo technicians and ten
 * field technicians across France (home coordinates set directly: no network in the demo), working
 * hours Mon–Fri 08:00–12:00 / 13:30–17:30, skills with certifications (Sophie Lambert's
 * habilitation expires in 20 days), and absences (Thomas Terrain's approved leave next week, a
 * pending request by Julien Moreau). Dates are relative to today. Deterministic for a given `rnd`.
 */
export async function seedTechnicians(
  tx: Db,
  opts: { rnd: { int(min: number, max: number): number }; passwordHash: string },
): Promise<string> {
  const { rnd } = opts;
  const skillRows = await tx
    .insert(skills)
    .values(
      demoSkills.map((s) => ({
        name: s.name,
        category: s.category,
        certification: s.certification ?? false,
      })),
    )
    .returning();
  const skillByName = new Map(skillRows.map((s) => [s.name, s]));

  const newUsers = team.filter((t) => !t.email);
  await tx.insert(users).values(
    newUsers.map((t) => ({
      email: demoTechnicianEmail(t.name),
      name: t.name,
      role: 'tech_terrain',
      phone: t.phone,
      passwordHash: opts.passwordHash,
    })),
  );
  const emails = team.map((t) => t.email ?? demoTechnicianEmail(t.name));
  const userRows = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, emails));
  const userByEmail = new Map(userRows.map((u) => [u.email, u.id]));

  const today = parisDate(clock.now());
  const techRows = await tx
    .insert(technicians)
    .values(
      team.map((t, i) => ({
        userId: userByEmail.get(emails[i]!)!,
        phone: t.phone,
        phoneE164: `+33${t.phone.replace(/\s/g, '').slice(1)}`,
        homeAddress: t.address,
        homePostalCode: t.postalCode,
        homeCity: t.city,
        homeDepartment: departmentOf(t.postalCode),
        homeLatitude: t.lat,
        homeLongitude: t.lng,
        homeGeocodeStatus: 'ok',
        workingHours: demoWorkingHours,
        zones: t.zones,
      })),
    )
    .returning({ id: technicians.id, userId: technicians.userId });
  const techByName = new Map(team.map((t, i) => [t.name, techRows[i]!.id]));

  const held: (typeof technicianSkills.$inferInsert)[] = [];
  team.forEach((t, i) => {
    for (const name of t.skills) {
      const skill = skillByName.get(name)!;
      const expiringSoon = t.name === 'Sophie Lambert' && skill.certification;
      held.push({
        technicianId: techRows[i]!.id,
        skillId: skill.id,
        level: rnd.int(1, 3),
        validUntil: skill.certification ? addDays(today, expiringSoon ? 20 : rnd.int(120, 700)) : null,
        reference: skill.certification ? `CERT-${String(rnd.int(10_000, 99_999))}` : null,
      });
    }
  });
  await tx.insert(technicianSkills).values(held);

  // Next Monday (Paris) to the Saturday after: Thomas Terrain's approved leave.
  const dow = new Date(`${today}T12:00:00Z`).getUTCDay();
  const nextMonday = addDays(today, (8 - dow) % 7 || 7);
  const [adv] = await tx
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.email, ['adv@relais.test']));
  const thomas = techByName.get('Thomas Terrain')!;
  const julien = techByName.get('Julien Moreau')!;
  const karim = techByName.get('Karim Benali')!;
  const thomasUser = userByEmail.get('tech.terrain@relais.test')!;
  const julienUser = userByEmail.get(demoTechnicianEmail('Julien Moreau'))!;
  await tx.insert(absences).values([
    {
      technicianId: thomas,
      kind: 'conges',
      startsAt: parisDayStart(nextMonday),
      endsAt: parisDayStart(addDays(nextMonday, 5)),
      status: 'approuvee',
      comment: 'Congés d’automne',
      requestedBy: thomasUser,
      decidedBy: adv?.id ?? null,
      decidedAt: clock.now(),
    },
    {
      technicianId: julien,
      kind: 'conges',
      startsAt: parisDayStart(addDays(nextMonday, 14)),
      endsAt: parisDayStart(addDays(nextMonday, 17)),
      status: 'demandee',
      comment: 'Pont familial',
      requestedBy: julienUser,
    },
    {
      technicianId: karim,
      kind: 'formation',
      startsAt: parisDayStart(addDays(nextMonday, 7)),
      endsAt: parisDayStart(addDays(nextMonday, 9)),
      status: 'approuvee',
      comment: 'Formation Teams Phone',
      requestedBy: adv?.id ?? null,
      decidedBy: adv?.id ?? null,
      decidedAt: clock.now(),
    },
  ]);
  return `${techRows.length} techniciens, ${skillRows.length} compétences`;
}
