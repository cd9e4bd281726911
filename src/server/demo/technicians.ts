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

/** The team, a line each: name | phone | home base | its coordinates | départements covered. */
const teamTable = `
Thomas Terrain    | 06 12 34 56 78 | 25 cours Émile Zola, 69100 Villeurbanne   | 45.7719, 4.8902 | 69 01 38
Inès Technicienne | 04 72 00 00 10 | 12 rue de la République, 69002 Lyon       | 45.7597, 4.8357 |
Julien Moreau     | 06 21 43 65 87 | 40 rue Oberkampf, 75011 Paris             | 48.865, 2.3755 | 75 92 93 94
Sophie Lambert    | 06 32 54 76 98 | 8 rue Crébillon, 44000 Nantes             | 47.2135, -1.5601 | 44 85 49
Karim Benali      | 06 45 67 89 01 | 60 boulevard Baille, 13005 Marseille      | 43.2893, 5.3918 | 13 83 84
Élodie Garnier    | 06 56 78 90 12 | 15 allée Jean Jaurès, 31000 Toulouse      | 43.6077, 1.4496 | 31 81 82
Nicolas Petit     | 06 67 89 01 23 | 3 rue Faidherbe, 59000 Lille              | 50.6376, 3.0665 | 59 62
Camille Rousseau  | 06 78 90 12 34 | 22 cours de l’Intendance, 33000 Bordeaux  | 44.8417, -0.5766 | 33 24 40
Antoine Girard    | 06 89 01 23 45 | 5 place Kléber, 67000 Strasbourg          | 48.5834, 7.7458 | 67 68
Manon Lefèvre     | 06 90 12 34 56 | 10 quai Lamartine, 35000 Rennes           | 48.1147, -1.6794 | 35 22 56
Hugo Fontaine     | 07 12 34 56 78 | 18 avenue Alsace-Lorraine, 38000 Grenoble | 45.1885, 5.7197 | 38 73 74
Laura Chevalier   | 07 23 45 67 89 | 30 avenue Jean Médecin, 06000 Nice        | 43.7034, 7.2663 | 06 83
`;
const skillsOf: Record<string, string> = {
  'Thomas Terrain':
    'Centrex Centile, SIP trunk, Câblage cuivre, Réseau LAN / Wi-Fi, Habilitation électrique B1V BR',
  'Inès Technicienne': '3CX, Teams Phone, Staging postes, Pare-feu',
  'Julien Moreau': 'Teams Phone, 3CX, Réseau LAN / Wi-Fi, Câblage fibre optique',
  'Sophie Lambert': 'Centrex Centile, Câblage cuivre, Habilitation électrique B1V BR, Alarme intrusion',
  'Karim Benali': 'SIP trunk, Pare-feu, Réseau LAN / Wi-Fi, CACES nacelle',
  'Élodie Garnier': 'Centrex Centile, 3CX, Câblage fibre optique',
  'Nicolas Petit': 'Câblage cuivre, Câblage fibre optique, Habilitation électrique B1V BR, CACES nacelle',
  'Camille Rousseau': 'Teams Phone, SIP trunk, Réseau LAN / Wi-Fi',
  'Antoine Girard': 'Centrex Centile, Pare-feu, Alarme intrusion',
  'Manon Lefèvre': '3CX, Câblage cuivre, Staging postes',
  'Hugo Fontaine': 'Câblage fibre optique, Réseau LAN / Wi-Fi, CACES nacelle, Habilitation électrique B1V BR',
  'Laura Chevalier': 'Teams Phone, Centrex Centile, SIP trunk',
};
/** The two technicians who have a demo account already. */
const accountOf: Record<string, string> = {
  'Thomas Terrain': 'tech.terrain@relais.test',
  'Inès Technicienne': 'tech.interne@relais.test',
};
const team: DemoTech[] = teamTable
  .trim()
  .split('\n')
  .map((line) => {
    const [name = '', phone = '', home = '', coordinates = '', zones = ''] = line
      .split('|')
      .map((c) => c.trim());
    const [, address, postalCode, city] = /^(.*), (\d{5}) (.*)$/.exec(home)!;
    const [lat, lng] = coordinates.split(', ').map(Number);
    return {
      name,
      email: accountOf[name],
      phone,
      address: address!,
      postalCode: postalCode!,
      city: city!,
      lat: lat!,
      lng: lng!,
      zones: zones ? zones.split(' ') : [],
      skills: skillsOf[name]!.split(', '),
    };
  });

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
  const thomasUser = userByEmail.get('tech.terrain@relais.test')!;
  const julienUser = userByEmail.get(demoTechnicianEmail('Julien Moreau'))!;
  /** An absence from `nextMonday + from` to `nextMonday + to` days; ADV decided it once approved. */
  const absence = (
    technician: string,
    kind: string,
    [from, to]: [number, number],
    status: 'approuvee' | 'demandee',
    comment: string,
    requestedBy: string | null,
  ) => ({
    technicianId: techByName.get(technician)!,
    kind,
    startsAt: parisDayStart(addDays(nextMonday, from)),
    endsAt: parisDayStart(addDays(nextMonday, to)),
    status,
    comment,
    requestedBy,
    ...(status === 'approuvee' ? { decidedBy: adv?.id ?? null, decidedAt: clock.now() } : {}),
  });
  await tx
    .insert(absences)
    .values([
      absence('Thomas Terrain', 'conges', [0, 5], 'approuvee', 'Congés d’automne', thomasUser),
      absence('Julien Moreau', 'conges', [14, 17], 'demandee', 'Pont familial', julienUser),
      absence('Karim Benali', 'formation', [7, 9], 'approuvee', 'Formation Teams Phone', adv?.id ?? null),
    ]);
  return `${techRows.length} techniciens, ${skillRows.length} compétences`;
}
