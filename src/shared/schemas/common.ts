import { z } from '../zod.ts';

/** The id of a record, in a request (path, query or body). */
export const uuid = z.uuid('Identifiant invalide.');
export const idParam = z.strictObject({ id: uuid });
/** A date and time with its offset (ISO 8601), in a request. */
export const isoDateTime = z.iso.datetime({ offset: true, message: 'Date et heure attendues (ISO 8601).' });
/** A list given as repeated parameters or comma-separated values. */
export const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      v === undefined || v === ''
        ? undefined
        : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')),
    z.array(item).max(100).optional(),
  );
/** Keyset paging of a list (`page` answers): the page size and the cursor of the page before. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};
export const listQuery = { q: z.string().trim().max(200).optional(), ...pageQuery };
export const abilities = z.record(z.string(), z.boolean());
/** Fields most resources share, described once for the OpenAPI document. */
export const idOut = z.string().describe('Identifier (UUID).');
export const createdAtOut = z.string().describe('When the record was created (ISO 8601).');
export const updatedAtOut = z.string().describe('When the record was last changed (ISO 8601).');
export const abilitiesOut = abilities.describe(
  'What the caller may do with this record now, by action (`update`, `delete`…).',
);
/** The one error shape of the API (api-conventions.md); documented, never used to serialise. */
export const apiError = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine code, e.g. `validation_failed`, `not_found`.' }),
      message: z.string().meta({ description: 'What went wrong, in French, for people.' }),
      details: z
        .array(
          z.object({
            path: z.string().meta({ description: 'The field at fault, dotted (`sites.0.postalCode`).' }),
            message: z.string().meta({ description: 'What is wrong with that field, in French.' }),
          }),
        )
        .optional()
        .meta({ description: 'One entry per invalid field, when the input is at fault.' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every 4xx and 5xx answer of the API has this shape.' });
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** SIREN: 9 digits with a valid Luhn key (La Poste's SIREN 356000000 is the known exception). */
export function isValidSiren(v: string): boolean {
  if (!/^\d{9}$/.test(v)) return false;
  return v === '356000000' || luhn(v);
}
export function isValidSiret(v: string): boolean {
  if (!/^\d{14}$/.test(v)) return false;
  if (v.startsWith('356000000')) return [...v].reduce((s, d) => s + Number(d), 0) % 5 === 0;
  return luhn(v);
}
/** Appends the Luhn key that SIREN and SIRET use. */
export function withLuhnKey(digits: string): string {
  for (let k = 0; k <= 9; k++) if (luhn(digits + k)) return digits + k;
  throw new Error('unreachable');
}
function luhn(v: string): boolean {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    let d = Number(v[v.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
export const siren = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .refine(isValidSiren, 'SIREN invalide : 9 chiffres avec une clé de contrôle correcte.');
export const siret = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .refine(isValidSiret, 'SIRET invalide : 14 chiffres avec une clé de contrôle correcte.');

/** French intra-EU VAT number: FR + 2-digit key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function isValidFrenchVat(v: string): boolean {
  const m = /^FR(\d{2})(\d{9})$/.exec(v);
  if (!m) return false;
  return isValidSiren(m[2]!) && Number(m[1]) === (12 + 3 * (Number(m[2]) % 97)) % 97;
}
export const vatNumber = z
  .string()
  .transform((s) => s.replace(/\s/g, '').toUpperCase())
  .refine(isValidFrenchVat, 'Numéro de TVA intracommunautaire invalide (FR + clé + SIREN).');

export const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Couleur attendue au format #RRGGBB.');
export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();
export const postalCode = z
  .string()
  .trim()
  .regex(/^\d{5}$/, 'Code postal : 5 chiffres.');
