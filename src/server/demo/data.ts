/**
 * Word lists for the demo dataset: French towns by region (with coordinates and telephone prefix),
 * sectors with their names, NAF codes and job titles, people's names.
 */
import { departmentOf } from '../../shared/geo.ts';

/** Where a client lives: partner A's west, partner B's south-east, or Relais's own direct clients. */
export type Area = 'ouest' | 'sud-est' | 'direct';

export type Town = {
  name: string;
  postalCode: string;
  department: string;
  lat: number;
  lng: number;
  /** The first four digits of a landline there (« 02 40 » in Nantes). */
  phonePrefix: string;
  area: Area;
  /** The town of its group that the others are near (itself for that town). */
  hub: string;
  weight: number;
};

/**
 * The demo's towns, a line each: area | town | postal code | latitude, longitude | phone prefix | hub
 * (empty for a hub) | weight (how many times more clients than a town without one). A hub's towns
 * lie within about 60 km of it: a client's other sites are there.
 */
const townTable = `
ouest   | Nantes               | 44000 | 47.2184, -1.5536 | 02 40 |             | 3
ouest   | Saint-Nazaire        | 44600 | 47.2735, -2.2138 | 02 40 | Nantes
ouest   | Rezé                 | 44400 | 47.1833, -1.55   | 02 40 | Nantes
ouest   | Saint-Herblain       | 44800 | 47.2122, -1.6497 | 02 40 | Nantes
ouest   | La Roche-sur-Yon     | 85000 | 46.6705, -1.426  | 02 51 | Nantes
ouest   | Rennes               | 35000 | 48.1173, -1.6778 | 02 99 |             | 2
ouest   | Cesson-Sévigné       | 35510 | 48.1211, -1.6031 | 02 99 | Rennes
ouest   | Vitré                | 35500 | 48.1236, -1.2089 | 02 99 | Rennes
ouest   | Saint-Malo           | 35400 | 48.6493, -2.0257 | 02 99 | Rennes
ouest   | Angers               | 49000 | 47.4784, -0.5632 | 02 41 |             | 2
ouest   | Cholet               | 49300 | 47.06, -0.8789   | 02 41 | Angers
ouest   | Saumur               | 49400 | 47.26, -0.0769   | 02 41 | Angers
ouest   | Brest                | 29200 | 48.3904, -4.4861 | 02 98
ouest   | Quimper              | 29000 | 47.996, -4.1024  | 02 98 | Brest
ouest   | Morlaix              | 29600 | 48.5775, -3.8278 | 02 98 | Brest
ouest   | Vannes               | 56000 | 47.6582, -2.7608 | 02 97
ouest   | Lorient              | 56100 | 47.7483, -3.37   | 02 97 | Vannes
ouest   | Caen                 | 14000 | 49.1829, -0.3707 | 02 31
ouest   | Bayeux               | 14400 | 49.2764, -0.7024 | 02 31 | Caen
ouest   | Lisieux              | 14100 | 49.1466, 0.2258  | 02 31 | Caen
ouest   | Le Mans              | 72000 | 48.0061, 0.1996  | 02 43
ouest   | Laval                | 53000 | 48.0707, -0.7734 | 02 43 | Le Mans
ouest   | La Flèche            | 72200 | 47.6997, -0.0758 | 02 43 | Le Mans
sud-est | Marseille            | 13006 | 43.2887, 5.3806  | 04 91 |             | 3
sud-est | Aubagne              | 13400 | 43.2927, 5.5708  | 04 42 | Marseille
sud-est | Aix-en-Provence      | 13100 | 43.5297, 5.4474  | 04 42 | Marseille
sud-est | Vitrolles            | 13127 | 43.46, 5.2486    | 04 42 | Marseille
sud-est | Toulon               | 83000 | 43.1242, 5.928   | 04 94 |             | 2
sud-est | Hyères               | 83400 | 43.1204, 6.1286  | 04 94 | Toulon
sud-est | La Seyne-sur-Mer     | 83500 | 43.1007, 5.8788  | 04 94 | Toulon
sud-est | Nice                 | 06000 | 43.7034, 7.2663  | 04 93 |             | 2
sud-est | Cannes               | 06400 | 43.5528, 7.0174  | 04 93 | Nice
sud-est | Antibes              | 06600 | 43.5808, 7.1251  | 04 93 | Nice
sud-est | Grasse               | 06130 | 43.658, 6.9225   | 04 93 | Nice
sud-est | Avignon              | 84000 | 43.9493, 4.8055  | 04 90
sud-est | Carpentras           | 84200 | 44.0556, 5.0481  | 04 90 | Avignon
sud-est | Arles                | 13200 | 43.6766, 4.6278  | 04 90 | Avignon
sud-est | Montpellier          | 34000 | 43.6108, 3.8767  | 04 67 |             | 2
sud-est | Sète                 | 34200 | 43.4028, 3.6928  | 04 67 | Montpellier
sud-est | Nîmes                | 30000 | 43.8367, 4.3601  | 04 66 | Montpellier
sud-est | Perpignan            | 66000 | 42.6887, 2.8948  | 04 68
direct  | Paris                | 75011 | 48.8589, 2.3795  | 01 43 |             | 3
direct  | Boulogne-Billancourt | 92100 | 48.8397, 2.2399  | 01 46 | Paris
direct  | Saint-Denis          | 93200 | 48.9362, 2.3574  | 01 48 | Paris
direct  | Créteil              | 94000 | 48.7904, 2.4556  | 01 45 | Paris
direct  | Nanterre             | 92000 | 48.8924, 2.2071  | 01 47 | Paris
direct  | Lyon                 | 69003 | 45.7597, 4.8522  | 04 78 |             | 4
direct  | Villeurbanne         | 69100 | 45.7719, 4.8902  | 04 78 | Lyon        | 2
direct  | Vénissieux           | 69200 | 45.6975, 4.8855  | 04 72 | Lyon
direct  | Vienne               | 38200 | 45.5253, 4.8745  | 04 74 | Lyon
direct  | Bourg-en-Bresse      | 01000 | 46.2052, 5.2255  | 04 74 | Lyon
direct  | Grenoble             | 38000 | 45.1885, 5.7245  | 04 76 |             | 2
direct  | Voiron               | 38500 | 45.364, 5.589    | 04 76 | Grenoble
direct  | Chambéry             | 73000 | 45.5646, 5.9178  | 04 79 | Grenoble
direct  | Lille                | 59000 | 50.6292, 3.0573  | 03 20 |             | 2
direct  | Roubaix              | 59100 | 50.6942, 3.1746  | 03 20 | Lille
direct  | Lens                 | 62300 | 50.432, 2.8333   | 03 21 | Lille
direct  | Strasbourg           | 67000 | 48.5734, 7.7521  | 03 88 |             | 2
direct  | Haguenau             | 67500 | 48.8156, 7.7906  | 03 88 | Strasbourg
direct  | Colmar               | 68000 | 48.0794, 7.3585  | 03 89 | Strasbourg
direct  | Toulouse             | 31000 | 43.6045, 1.4442  | 05 61 |             | 2
direct  | Blagnac              | 31700 | 43.637, 1.39     | 05 61 | Toulouse
direct  | Montauban            | 82000 | 44.0176, 1.355   | 05 63 | Toulouse
direct  | Bordeaux             | 33000 | 44.8378, -0.5792 | 05 56 |             | 2
direct  | Mérignac             | 33700 | 44.8386, -0.6436 | 05 56 | Bordeaux
direct  | Libourne             | 33500 | 44.9153, -0.244  | 05 57 | Bordeaux
`;

export const towns: Town[] = townTable
  .trim()
  .split('\n')
  .map((line) => {
    const [area = '', name = '', postalCode = '', at = '', phonePrefix = '', hub = '', weight = ''] = line
      .split('|')
      .map((c) => c.trim());
    const [lat, lng] = at.split(', ').map(Number);
    return {
      name,
      postalCode,
      department: departmentOf(postalCode)!,
      lat: lat!,
      lng: lng!,
      phonePrefix,
      area: area as Area,
      hub: hub || name,
      weight: Number(weight || 1),
    };
  });

/** Every demo town (the benches spread their sites over them too). */
export const cities = towns;

/** The towns of an area, each as many times as its weight (a draw from it favours the big towns). */
export const townsOf = (area: Area) =>
  towns.filter((t) => t.area === area).flatMap((t) => Array.from({ length: t.weight }, () => t));
/** The towns near `town` (its group), itself excluded. */
export const nearbyTowns = (town: Town) => towns.filter((t) => t.hub === town.hub && t !== town);

export type Kind = 'pharmacie' | 'assurance' | 'medical' | 'pme' | 'comptable' | 'notaire';
type Segment = { label: string; kind: Kind; prefix: string; legalForms: string[] };
/**
 * Demo segments: label, kind, the word their clients' names often start with (the benches build
 * names from it), and the legal forms their clients usually have.
 */
export const segments: Segment[] = [
  { label: 'Pharmacie', kind: 'pharmacie', prefix: 'Pharmacie', legalForms: ['SELARL', 'SELAS', 'SNC'] },
  { label: 'Assurance', kind: 'assurance', prefix: 'Agence', legalForms: ['SARL', 'EURL', 'SAS'] },
  {
    label: 'Cabinet médical',
    kind: 'medical',
    prefix: 'Cabinet médical',
    legalForms: ['SCM', 'SELARL', 'SCP'],
  },
  { label: 'PME', kind: 'pme', prefix: 'Société', legalForms: ['SAS', 'SARL', 'SA'] },
  {
    label: 'Expertise comptable',
    kind: 'comptable',
    prefix: 'Cabinet',
    legalForms: ['SAS', 'SARL', 'SELARL'],
  },
  { label: 'Notariat', kind: 'notaire', prefix: 'Office notarial', legalForms: ['SELARL', 'SCP', 'SELAS'] },
];
/** How often each sector comes up among the demo clients (out of 20). */
export const segmentWeights: Record<Kind, number> = {
  pharmacie: 5,
  assurance: 4,
  medical: 3,
  pme: 4,
  comptable: 2,
  notaire: 2,
};

/**
 * Client names by sector, a line each: pattern | NAF code (the line above's when left out). `{nom}`
 * takes a surname, `{lieu}` a place name; a name already taken gets the client's town after it
 * (« Pharmacie de la Gare Angers »).
 */
const nameTable: Record<Kind, string> = {
  pharmacie: `
Pharmacie {lieu} | 47.73Z
Grande Pharmacie {lieu}`,
  assurance: `
AXA Assurances {nom} | 66.22Z
Allianz {nom} Assurances
MMA {nom} et Associés
Groupama Agence {nom}
Generali {nom} Assurances
Gan Assurances {nom}
Cabinet {nom} Courtage`,
  medical: `
Cabinet médical {lieu} | 86.21Z
Maison de santé {lieu}
Maison médicale {lieu}
Centre de santé {lieu} | 86.90F`,
  pme: `
Imprimerie {nom} | 18.12Z
Transports {nom} | 49.41A
Menuiserie {nom} | 43.32A
Électricité {nom} | 43.21A
Froid industriel {nom} | 43.22B
Métallerie {nom} | 25.11Z
Boulangeries {nom} | 10.71C
Logistique {nom} | 52.10B
Garage {nom} | 45.20A
Plomberie {nom} | 43.22A
Immobilière {nom} | 68.31Z
Laboratoire dentaire {nom} | 32.50A`,
  comptable: `
Cabinet {nom} & Associés | 69.20Z
{nom} Conseil Expertise
{nom} Audit
Fiduciaire {nom}
{nom} Expertise Comptable`,
  notaire: `
Office notarial {nom} | 69.10Z
Étude de Maître {nom}
{nom} et Associés, notaires`,
};

/** The surnames and place names that fill the patterns. */
export const nameParts = {
  nom: [
    'Moreau',
    'Durand',
    'Bonnet',
    'Fabre',
    'Lefèvre',
    'Renaud',
    'Perrin',
    'Lemaire',
    'Vincent',
    'Dupuis',
    'Chevalier',
    'Rousseau',
    'Blanc',
    'Gauthier',
    'Mercier',
    'Fontaine',
    'Chauvin',
    'Roussel',
    'Lacroix',
    'Vidal',
    'Lambert',
    'Fournier',
    'Girard',
    'Besnard',
    'Faure',
    'Chambon',
    'Lemoine',
    'Perret',
    'Bertin',
    'Marchand',
  ],
  lieu: [
    'du Centre',
    'de la Gare',
    'des Halles',
    'Saint-Michel',
    'du Marché',
    'de l’Église',
    'des Arcades',
    'Pasteur',
    'des Écoles',
    'Victor Hugo',
    'de la Mairie',
    'de la Poste',
    'des Tilleuls',
    'du Parc',
    'des Lilas',
    'Sainte-Anne',
    'Émile Zola',
    'des Remparts',
    'Saint-Exupéry',
    'de la Fontaine',
  ],
};

/** The patterns of a sector with their NAF code. */
export const clientNames: Record<Kind, { pattern: string; naf: string }[]> = Object.fromEntries(
  Object.entries(nameTable).map(([kind, table]) => {
    let naf = '';
    const rows = table
      .trim()
      .split('\n')
      .map((line) => {
        const [pattern = '', own = ''] = line.split('|').map((c) => c.trim());
        naf = own || naf;
        return { pattern, naf };
      });
    return [kind, rows];
  }),
) as Record<Kind, { pattern: string; naf: string }[]>;

/** « de Lyon », « d’Angers », « du Mans »: the town after « Agence », « Dépôt »… */
export function ofTown(town: string): string {
  if (town.startsWith('Le ')) return `du ${town.slice(3)}`;
  if (town.startsWith('Les ')) return `des ${town.slice(4)}`;
  return /^([AEIOUYÉÈÂÎ]|Hy)/.test(town) ? `d’${town}` : `de ${town}`;
}

/** Demo size bands (INSEE codes) and tags by sector. */
export const sizeBandsByKind: Record<Kind, string[]> = {
  pharmacie: ['02', '03', '11'],
  assurance: ['01', '02', '03'],
  medical: ['01', '02', '03', '11'],
  pme: ['11', '12', '21', '22'],
  comptable: ['02', '03', '11', '12'],
  notaire: ['02', '03', '11'],
};
export const tagsByKind: Record<Kind, string[][]> = {
  pharmacie: [['officine'], ['officine', 'fibre'], ['officine', 'télétransmission']],
  assurance: [['réseau agences'], ['courtier'], ['courtier', 'fibre']],
  medical: [['santé', 'HDS'], ['santé'], ['santé', 'multi-sites']],
  pme: [['industrie'], ['industrie', 'multi-sites'], ['fibre']],
  comptable: [['profession libérale'], ['profession libérale', 'fibre']],
  notaire: [['profession libérale'], ['profession libérale', 'multi-sites']],
};

/** The main site's name, and how a further site in another town is named, by sector. */
export const siteNames: Record<Kind, { main: string; other: string }> = {
  pharmacie: { main: 'Officine', other: 'Dépôt' },
  assurance: { main: 'Agence principale', other: 'Agence' },
  medical: { main: 'Cabinet principal', other: 'Antenne' },
  pme: { main: 'Siège', other: 'Dépôt' },
  comptable: { main: 'Siège', other: 'Bureau' },
  notaire: { main: 'Étude', other: 'Bureau annexe' },
};

/** A job title in the masculine and the feminine. */
type Title = [string, string];
/** Job titles of a client's contacts by sector: the first one's, then the others'. */
export const jobTitles: Record<Kind, { head: Title; others: Title[] }> = {
  pharmacie: {
    head: ['Pharmacien titulaire', 'Pharmacienne titulaire'],
    others: [
      ['Pharmacien adjoint', 'Pharmacienne adjointe'],
      ['Préparateur en pharmacie', 'Préparatrice en pharmacie'],
    ],
  },
  assurance: {
    head: ['Agent général', 'Agente générale'],
    others: [
      ['Chargé de clientèle', 'Chargée de clientèle'],
      ['Assistant d’agence', 'Assistante d’agence'],
    ],
  },
  medical: {
    head: ['Médecin coordinateur', 'Médecin coordinatrice'],
    others: [
      ['Secrétaire médical', 'Secrétaire médicale'],
      ['Médecin généraliste', 'Médecin généraliste'],
    ],
  },
  pme: {
    head: ['Gérant', 'Gérante'],
    others: [
      ['Responsable informatique', 'Responsable informatique'],
      ['Assistant de direction', 'Assistante de direction'],
      ['Directeur administratif et financier', 'Directrice administrative et financière'],
    ],
  },
  comptable: {
    head: ['Expert-comptable associé', 'Experte-comptable associée'],
    others: [
      ['Collaborateur comptable', 'Collaboratrice comptable'],
      ['Office manager', 'Office manager'],
    ],
  },
  notaire: {
    head: ['Notaire associé', 'Notaire associée'],
    others: [
      ['Clerc de notaire', 'Clerc de notaire'],
      ['Office manager', 'Office manager'],
    ],
  },
};

/** First names with their gender (for the job title's agreement). */
export const people: { firstName: string; female: boolean }[] = [
  ['Marie', true],
  ['Jean', false],
  ['Nathalie', true],
  ['Philippe', false],
  ['Isabelle', true],
  ['Michel', false],
  ['Sylvie', true],
  ['Éric', false],
  ['Céline', true],
  ['François', false],
  ['Hélène', true],
  ['Loïc', false],
  ['Chloé', true],
  ['Jérôme', false],
  ['Amélie', true],
  ['Noémie', true],
  ['Théo', false],
  ['Gaëlle', true],
  ['Benoît', false],
  ['Zoé', true],
].map(([firstName, female]) => ({ firstName: firstName as string, female: female as boolean }));
export const firstNames = people.map((p) => p.firstName);
export const lastNames = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'Muller',
  'Lefebvre',
  'Faure',
  'Élie',
];
export const streetNames = [
  'rue de la République',
  'avenue Jean Jaurès',
  'boulevard Victor Hugo',
  'rue Pasteur',
  'place de la Mairie',
  'rue du Général de Gaulle',
  'avenue de la Libération',
  'rue des Écoles',
  'rue Nationale',
  'avenue du Maréchal Foch',
  'rue Gambetta',
  'place du Marché',
];

/** Lower-case ASCII words joined by `sep` (« Élodie Garnier » → elodie.garnier), for demo e-mails. */
export const slug = (s: string, sep = '-') =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^\\${sep}|\\${sep}$`, 'g'), '');
