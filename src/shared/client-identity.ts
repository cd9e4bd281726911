import codesNaf from '@socialgouv/codes-naf';
import { isValidSiren, isValidSiret } from './schemas/common.ts';

/**
 * Client identity reference data: NAF rév. 2 codes (from @socialgouv/codes-naf, the INSEE list with
 * French labels), NAF sections (the client's sector is derived from them), legal forms, INSEE
 * size bands (tranches d'effectif) and intra-EU VAT number checks.
 */

/** The 732 NAF rév. 2 sub-classes (APE codes such as 47.73Z) with their French labels. */
export const nafCodes: readonly { code: string; label: string }[] = codesNaf
  .filter((c) => /^\d{2}\.\d{2}[A-Z]$/.test(c.id))
  .map((c) => ({ code: c.id, label: c.label }));
const nafLabels = new Map(nafCodes.map((c) => [c.code, c.label]));

/** "4773z", "47 73 Z", "47.73Z" → "47.73Z" (or the input, upper-cased, when it has no NAF shape). */
export function normalizeNafCode(v: string): string {
  const s = v.replace(/[\s.]/g, '').toUpperCase();
  const m = /^(\d{2})(\d{2})([A-Z])$/.exec(s);
  return m ? `${m[1]}.${m[2]}${m[3]}` : v.trim().toUpperCase();
}
export function nafLabel(code: string | null | undefined): string | null {
  return code ? (nafLabels.get(code) ?? null) : null;
}
export const isKnownNafCode = (code: string) => nafLabels.has(code);

/** NAF rév. 2 sections (A–U) with their divisions (first two digits of the code). */
export const nafSections: { code: string; label: string; from: number; to: number }[] = [
  { code: 'A', label: 'Agriculture, sylviculture et pêche', from: 1, to: 3 },
  { code: 'B', label: 'Industries extractives', from: 5, to: 9 },
  { code: 'C', label: 'Industrie manufacturière', from: 10, to: 33 },
  {
    code: 'D',
    label: 'Production et distribution d’électricité, de gaz, de vapeur et d’air conditionné',
    from: 35,
    to: 35,
  },
  { code: 'E', label: 'Eau, assainissement, gestion des déchets et dépollution', from: 36, to: 39 },
  { code: 'F', label: 'Construction', from: 41, to: 43 },
  { code: 'G', label: 'Commerce ; réparation d’automobiles et de motocycles', from: 45, to: 47 },
  { code: 'H', label: 'Transports et entreposage', from: 49, to: 53 },
  { code: 'I', label: 'Hébergement et restauration', from: 55, to: 56 },
  { code: 'J', label: 'Information et communication', from: 58, to: 63 },
  { code: 'K', label: 'Activités financières et d’assurance', from: 64, to: 66 },
  { code: 'L', label: 'Activités immobilières', from: 68, to: 68 },
  { code: 'M', label: 'Activités spécialisées, scientifiques et techniques', from: 69, to: 75 },
  { code: 'N', label: 'Activités de services administratifs et de soutien', from: 77, to: 82 },
  { code: 'O', label: 'Administration publique', from: 84, to: 84 },
  { code: 'P', label: 'Enseignement', from: 85, to: 85 },
  { code: 'Q', label: 'Santé humaine et action sociale', from: 86, to: 88 },
  { code: 'R', label: 'Arts, spectacles et activités récréatives', from: 90, to: 93 },
  { code: 'S', label: 'Autres activités de services', from: 94, to: 96 },
  { code: 'T', label: 'Activités des ménages en tant qu’employeurs', from: 97, to: 98 },
  { code: 'U', label: 'Activités extra-territoriales', from: 99, to: 99 },
];
/** The sector of a client: the NAF section of its NAF code. */
export function sectorOfNaf(code: string | null | undefined): { code: string; label: string } | null {
  if (!code || !isKnownNafCode(code)) return null;
  const division = Number(code.slice(0, 2));
  const s = nafSections.find((x) => division >= x.from && division <= x.to);
  return s ? { code: s.code, label: s.label } : null;
}

/** Common French legal forms (formes juridiques). */
export const legalForms = [
  { code: 'EI', label: 'Entreprise individuelle (EI)' },
  { code: 'EURL', label: 'EURL — SARL unipersonnelle' },
  { code: 'SARL', label: 'SARL — Société à responsabilité limitée' },
  { code: 'SASU', label: 'SASU — SAS unipersonnelle' },
  { code: 'SAS', label: 'SAS — Société par actions simplifiée' },
  { code: 'SA', label: 'SA — Société anonyme' },
  { code: 'SNC', label: 'SNC — Société en nom collectif' },
  { code: 'SCI', label: 'SCI — Société civile immobilière' },
  { code: 'SCM', label: 'SCM — Société civile de moyens' },
  { code: 'SCP', label: 'SCP — Société civile professionnelle' },
  { code: 'SELARL', label: 'SELARL — Société d’exercice libéral à responsabilité limitée' },
  { code: 'SELAS', label: 'SELAS — Société d’exercice libéral par actions simplifiée' },
  { code: 'SCOP', label: 'SCOP — Société coopérative de production' },
  { code: 'GIE', label: 'GIE — Groupement d’intérêt économique' },
  { code: 'ASSO', label: 'Association loi 1901' },
  { code: 'EP', label: 'Établissement public' },
  { code: 'COLL', label: 'Collectivité territoriale' },
  { code: 'AUTRE', label: 'Autre forme' },
] as const;
export type LegalFormCode = (typeof legalForms)[number]['code'];
export const legalFormCodes = legalForms.map((f) => f.code) as [LegalFormCode, ...LegalFormCode[]];
export const legalFormLabel = (code: string | null | undefined) =>
  legalForms.find((f) => f.code === code)?.label ?? null;

/** INSEE tranches d'effectif salarié (codes of the Sirene register). */
export const sizeBands = [
  { code: 'NN', label: 'Non employeuse' },
  { code: '00', label: '0 salarié' },
  { code: '01', label: '1 ou 2 salariés' },
  { code: '02', label: '3 à 5 salariés' },
  { code: '03', label: '6 à 9 salariés' },
  { code: '11', label: '10 à 19 salariés' },
  { code: '12', label: '20 à 49 salariés' },
  { code: '21', label: '50 à 99 salariés' },
  { code: '22', label: '100 à 199 salariés' },
  { code: '31', label: '200 à 249 salariés' },
  { code: '32', label: '250 à 499 salariés' },
  { code: '41', label: '500 à 999 salariés' },
  { code: '42', label: '1 000 à 1 999 salariés' },
  { code: '51', label: '2 000 à 4 999 salariés' },
  { code: '52', label: '5 000 à 9 999 salariés' },
  { code: '53', label: '10 000 salariés et plus' },
] as const;
export type SizeBandCode = (typeof sizeBands)[number]['code'];
export const sizeBandCodes = sizeBands.map((b) => b.code) as [SizeBandCode, ...SizeBandCode[]];
export const sizeBandLabel = (code: string | null | undefined) =>
  sizeBands.find((b) => b.code === code)?.label ?? null;

/**
 * A SIREN or SIRET as it is typed, for the form to say at once what is wrong (issue 15 item 5):
 * digits counted, the Luhn key checked at the last digit, the SIRET against the SIREN.
 */
export function checkIdentityNumber(
  kind: 'siren' | 'siret',
  raw: string,
  siren?: string,
): { error: string | null; hint: string | null } {
  const digits = raw.replace(/\s/g, '');
  const n = kind === 'siren' ? 9 : 14;
  const name = kind === 'siren' ? 'SIREN' : 'SIRET';
  if (digits === '') return { error: null, hint: null };
  if (/\D/.test(digits)) return { error: `Le ${name} ne contient que des chiffres.`, hint: null };
  if (digits.length < n) return { error: null, hint: `${digits.length} chiffres sur ${n}.` };
  if (digits.length > n) return { error: `Le ${name} a ${n} chiffres, pas ${digits.length}.`, hint: null };
  if (!(kind === 'siren' ? isValidSiren(digits) : isValidSiret(digits)))
    return { error: `Clé de contrôle incorrecte : un chiffre du ${name} est faux ou inversé.`, hint: null };
  const ownSiren = siren?.replace(/\s/g, '');
  if (kind === 'siret' && ownSiren && /^\d{9}$/.test(ownSiren) && !digits.startsWith(ownSiren))
    return { error: 'Le SIRET doit commencer par le SIREN du client.', hint: null };
  return { error: null, hint: '✓ Clé de contrôle correcte.' };
}

/** The SIREN of a client: the one given, else the first 9 digits of its SIRET (SIRET = SIREN + NIC). */
export function sirenOf(siren: string | null | undefined, siret: string | null | undefined): string | null {
  return siren || (siret && /^\d{14}$/.test(siret) ? siret.slice(0, 9) : null);
}

/** The French VAT number of a SIREN: FR + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatFromSiren(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}

/** Formats of the other EU member states' VAT numbers (after the country prefix). Format check only. */
const euVatFormats: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/** Why an intra-EU VAT number (already normalised) is invalid, in French; null when it is valid. */
export function euVatProblem(v: string): string | null {
  const country = v.slice(0, 2);
  const rest = v.slice(2);
  if (country === 'FR') {
    const m = /^(\d{2})(\d{9})$/.exec(rest);
    if (!m) return 'TVA française : FR, une clé de 2 chiffres puis le SIREN (9 chiffres).';
    if (!isValidSiren(m[2]!)) return 'TVA française : le SIREN qu’elle contient est invalide.';
    if (frenchVatFromSiren(m[2]!) !== v)
      return `TVA française : la clé ne correspond pas au SIREN (attendu ${frenchVatFromSiren(m[2]!)}).`;
    return null;
  }
  const format = euVatFormats[country];
  if (!format) return 'Numéro de TVA intracommunautaire : commencez par le code pays de l’UE (FR, DE, BE…).';
  if (!format.test(rest)) return `Numéro de TVA intracommunautaire (${country}) : format invalide.`;
  return null;
}
export const normalizeVat = (v: string) => v.replace(/[\s.-]/g, '').toUpperCase();
