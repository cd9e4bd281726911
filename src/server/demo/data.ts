/** Word lists for the demo dataset: French towns with coordinates, trades, names. */
export const cities = [
  { name: 'Paris', postalCode: '75011', lat: 48.8589, lng: 2.3795 },
  { name: 'Marseille', postalCode: '13006', lat: 43.2887, lng: 5.3806 },
  { name: 'Lyon', postalCode: '69003', lat: 45.7597, lng: 4.8522 },
  { name: 'Toulouse', postalCode: '31000', lat: 43.6045, lng: 1.4442 },
  { name: 'Nice', postalCode: '06000', lat: 43.7034, lng: 7.2663 },
  { name: 'Nantes', postalCode: '44000', lat: 47.2184, lng: -1.5536 },
  { name: 'Montpellier', postalCode: '34000', lat: 43.6108, lng: 3.8767 },
  { name: 'Strasbourg', postalCode: '67000', lat: 48.5734, lng: 7.7521 },
  { name: 'Bordeaux', postalCode: '33000', lat: 44.8378, lng: -0.5792 },
  { name: 'Lille', postalCode: '59000', lat: 50.6292, lng: 3.0573 },
  { name: 'Rennes', postalCode: '35000', lat: 48.1173, lng: -1.6778 },
  { name: 'Reims', postalCode: '51100', lat: 49.2583, lng: 4.0317 },
  { name: 'Saint-Étienne', postalCode: '42000', lat: 45.4397, lng: 4.3872 },
  { name: 'Toulon', postalCode: '83000', lat: 43.1242, lng: 5.928 },
  { name: 'Le Havre', postalCode: '76600', lat: 49.4944, lng: 0.1079 },
  { name: 'Grenoble', postalCode: '38000', lat: 45.1885, lng: 5.7245 },
  { name: 'Dijon', postalCode: '21000', lat: 47.322, lng: 5.0415 },
  { name: 'Angers', postalCode: '49000', lat: 47.4784, lng: -0.5632 },
  { name: 'Nîmes', postalCode: '30000', lat: 43.8367, lng: 4.3601 },
  { name: 'Clermont-Ferrand', postalCode: '63000', lat: 45.7772, lng: 3.087 },
  { name: 'Le Mans', postalCode: '72000', lat: 48.0061, lng: 0.1996 },
  { name: 'Aix-en-Provence', postalCode: '13100', lat: 43.5297, lng: 5.4474 },
  { name: 'Brest', postalCode: '29200', lat: 48.3904, lng: -4.4861 },
  { name: 'Tours', postalCode: '37000', lat: 47.3941, lng: 0.6848 },
  { name: 'Amiens', postalCode: '80000', lat: 49.8941, lng: 2.2958 },
  { name: 'Limoges', postalCode: '87000', lat: 45.8336, lng: 1.2611 },
  { name: 'Metz', postalCode: '57000', lat: 49.1193, lng: 6.1757 },
  { name: 'Besançon', postalCode: '25000', lat: 47.2378, lng: 6.0241 },
  { name: 'Perpignan', postalCode: '66000', lat: 42.6887, lng: 2.8948 },
  { name: 'Orléans', postalCode: '45000', lat: 47.9029, lng: 1.9093 },
  { name: 'Caen', postalCode: '14000', lat: 49.1829, lng: -0.3707 },
  { name: 'Mulhouse', postalCode: '68100', lat: 47.7508, lng: 7.3359 },
  { name: 'Rouen', postalCode: '76000', lat: 49.4432, lng: 1.0999 },
  { name: 'Pau', postalCode: '64000', lat: 43.2951, lng: -0.3708 },
  { name: 'La Rochelle', postalCode: '17000', lat: 46.1603, lng: -1.1511 },
  { name: 'Ajaccio', postalCode: '20000', lat: 41.9192, lng: 8.7386 },
  { name: 'Annecy', postalCode: '74000', lat: 45.8992, lng: 6.1294 },
  { name: 'Quimper', postalCode: '29000', lat: 47.996, lng: -4.1024 },
  { name: 'Colmar', postalCode: '68000', lat: 48.0794, lng: 7.3585 },
  { name: 'Poitiers', postalCode: '86000', lat: 46.5802, lng: 0.3404 },
] as const;

type Kind = 'pharmacie' | 'assurance' | 'medical' | 'pme' | 'cabinet';
type Segment = { label: string; prefix: string; kind: Kind; naf: string; legalForms: string[] };
const segment = (label: string, prefix: string, kind: Kind, naf: string, legalForms: string[]): Segment => ({
  label,
  prefix,
  kind,
  naf,
  legalForms,
});
/** Demo segments: label, prefix of the clients' names, kind, NAF code and the legal forms its clients usually have. */
export const segments: Segment[] = [
  segment('Pharmacie', 'Pharmacie', 'pharmacie', '47.73Z', ['SELARL', 'SELAS', 'SNC']),
  segment('Pharmacie', 'Grande Pharmacie', 'pharmacie', '47.73Z', ['SELAS', 'SELARL']),
  segment('Assurance', 'Agence', 'assurance', '66.22Z', ['SARL', 'EURL', 'SAS']),
  segment('Assurance', 'Cabinet d’assurances', 'assurance', '66.22Z', ['SARL', 'SASU']),
  segment('Cabinet médical', 'Cabinet médical', 'medical', '86.21Z', ['SCM', 'SELARL', 'SCP']),
  segment('Cabinet médical', 'Centre de santé', 'medical', '86.90F', ['ASSO', 'SCM']),
  segment('PME', 'Société', 'pme', '', ['SAS', 'SARL', 'SA']),
  segment('PME', 'Ateliers', 'pme', '', ['SAS', 'SARL']),
  segment('Expertise comptable', 'Cabinet', 'cabinet', '69.20Z', ['SAS', 'SARL', 'SELARL']),
  segment('Notariat', 'Office notarial', 'cabinet', '69.10Z', ['SELARL', 'SCP', 'SELAS']),
];

/** NAF codes of the demo PMEs, by trade name. */
export const pmeNaf: Record<string, string> = {
  'Générale Énergie': '35.14Z',
  'Béton Rhône-Alpes': '23.63Z',
  'Transports Lemaire': '49.41A',
  'Menuiserie Chevalier': '43.32A',
  'Électricité Rousseau': '43.21A',
  'Imprimerie Dupuis': '18.12Z',
  'Froid Industriel Blanc': '43.22B',
  'Métallerie Gauthier': '25.11Z',
  'Boulangeries Perrin': '10.71C',
  'Logistique Mercier': '52.10B',
};

/** Demo size bands (INSEE codes) and tags by kind of client. */
export const sizeBandsByKind: Record<Kind, string[]> = {
  pharmacie: ['02', '03', '11'],
  assurance: ['01', '02', '03'],
  medical: ['01', '02', '03', '11'],
  pme: ['11', '12', '21', '22'],
  cabinet: ['02', '03', '11', '12'],
};
export const tagsByKind: Record<Kind, string[][]> = {
  pharmacie: [['officine'], ['officine', 'multi-sites'], ['officine', 'fibre']],
  assurance: [['réseau agences'], ['courtier'], ['courtier', 'fibre']],
  medical: [['santé', 'HDS'], ['santé'], ['santé', 'multi-sites']],
  pme: [['industrie'], ['industrie', 'multi-sites'], ['fibre']],
  cabinet: [['profession libérale'], ['profession libérale', 'fibre']],
};

export const tradeNames: Record<Kind, string[]> = {
  pharmacie: [
    'du Centre',
    'de la Gare',
    'des Halles',
    'Saint-Michel',
    'du Marché',
    'de l’Église',
    'des Arcades',
    'du Port',
    'Pasteur',
    'des Écoles',
    'Victor Hugo',
    'de la Mairie',
  ],
  assurance: [
    'Générale Énergie',
    'Mutuelle du Littoral',
    'Prévoyance Lefèvre',
    'Allianz Durand',
    'Axa Moreau',
    'MMA Bonnet',
    'Groupama Fabre',
    'Crédit Mutuel Garnier',
  ],
  medical: [
    'des Tilleuls',
    'Saint-Exupéry',
    'du Parc',
    'des Lilas',
    'Émile Zola',
    'de la Croix-Rousse',
    'Sainte-Anne',
    'des Remparts',
  ],
  pme: [
    'Générale Énergie',
    'Béton Rhône-Alpes',
    'Transports Lemaire',
    'Menuiserie Chevalier',
    'Électricité Rousseau',
    'Imprimerie Dupuis',
    'Froid Industriel Blanc',
    'Métallerie Gauthier',
    'Boulangeries Perrin',
    'Logistique Mercier',
  ],
  cabinet: [
    'Lambert & Associés',
    'Roux Conseil',
    'Fournier Audit',
    'Girard et Fils',
    'Morel Expertise',
    'Faure Notaires',
    'André Chambon',
  ],
};

export const firstNames = [
  'Marie',
  'Jean',
  'Nathalie',
  'Philippe',
  'Isabelle',
  'Michel',
  'Sylvie',
  'Éric',
  'Céline',
  'François',
  'Hélène',
  'Loïc',
  'Chloé',
  'Jérôme',
  'Amélie',
  'Noémie',
  'Théo',
  'Gaëlle',
  'Benoît',
  'Zoé',
];
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
  'chemin des Vignes',
  'rue Nationale',
];

/** Lower-case ASCII words joined by `sep` (« Élodie Garnier » → elodie.garnier), for demo e-mails. */
export const slug = (s: string, sep = '-') =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^\\${sep}|\\${sep}$`, 'g'), '');
