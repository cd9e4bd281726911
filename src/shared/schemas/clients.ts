import { z } from '../zod.ts';
import { abilities, optionalText, postalCode, siren, siret } from './common.ts';
import { email } from './auth.ts';
import {
  euVatProblem,
  isKnownNafCode,
  legalFormCodes,
  normalizeNafCode,
  normalizeVat,
  sizeBandCodes,
} from '../client-identity.ts';

/** Intra-EU VAT number: French ones checked against their SIREN, others by format. Blank → null. */
export const euVatNumber = z
  .string()
  .transform((s) => (s.trim() === '' ? null : normalizeVat(s)))
  .superRefine((v, ctx) => {
    const problem = v === null ? null : euVatProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
/** NAF rév. 2 sub-class (APE code), normalised to 47.73Z. Blank → null. */
export const nafCode = z
  .string()
  .transform((s) => (s.trim() === '' ? null : normalizeNafCode(s)))
  .refine((v) => v === null || isKnownNafCode(v), {
    message: 'Code NAF inconnu : attendu un code de la nomenclature NAF rév. 2, par exemple 47.73Z.',
  });
export const clientTags = z
  .array(
    z.string().trim().min(1, 'Étiquette vide.').max(40, 'Étiquette trop longue (40 caractères au plus).'),
  )
  .max(20, '20 étiquettes au plus.')
  .transform((tags) => [...new Set(tags)]);

export const clientStatuses = ['prospect', 'actif', 'ancien'] as const;
export const clientStatusLabels: Record<(typeof clientStatuses)[number], string> = {
  prospect: 'Prospect',
  actif: 'Actif',
  ancien: 'Ancien',
};

export const siteOut = z.object({
  id: z.string(),
  name: z.string(),
  addressLine: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
export const contactOut = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export const clientOut = z.object({
  id: z.string(),
  name: z.string(),
  siren: z.string().nullable(),
  siret: z.string().nullable(),
  vatNumber: z.string().nullable(),
  nafCode: z.string().nullable(),
  /** French label of the NAF code. */
  nafLabel: z.string().nullable(),
  /** The sector: the NAF section of the NAF code (derived, not stored). */
  sector: z.object({ code: z.string(), label: z.string() }).nullable(),
  legalForm: z.string().nullable(),
  segmentId: z.string().nullable(),
  /** Name of the segment. */
  segment: z.string().nullable(),
  sizeBand: z.string().nullable(),
  tags: z.array(z.string()),
  status: z.enum(clientStatuses),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  /** The internal user who manages the account (notified when assigned). */
  accountManagerId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities,
});
export type ClientOut = z.infer<typeof clientOut>;
export const clientDetailOut = clientOut.extend({ sites: z.array(siteOut), contacts: z.array(contactOut) });
export type ClientDetailOut = z.infer<typeof clientDetailOut>;

const department = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(\d{2,3}|2A|2B)$/, 'Département : 2 ou 3 chiffres, ou 2A/2B.');
export const clientListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(clientStatuses).optional(),
  partnerId: z.uuid().optional(),
  segmentId: z.uuid().optional(),
  tag: z.string().trim().min(1).max(40).optional(),
  /** Département code (75, 2A, 971…), matched against clients.department. */
  department: department.optional(),
  accountManagerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
/** The filters of the client list that a saved filter keeps (no paging). */
export const clientFilterQuery = clientListQuery.omit({ limit: true, cursor: true });
export type ClientFilterQuery = z.infer<typeof clientFilterQuery>;
/** An internal user who manages at least one client the actor can see. */
export const accountManagerOut = z.object({ id: z.string(), name: z.string() });

export const clientBody = z.strictObject({
  name: z.string().trim().min(2, 'Raison sociale trop courte.').max(200),
  siren: siren.nullable().optional(),
  siret: siret.nullable().optional(),
  vatNumber: euVatNumber.nullable().optional(),
  nafCode: nafCode.nullable().optional(),
  legalForm: z.enum(legalFormCodes, 'Forme juridique inconnue.').nullable().optional(),
  segmentId: z.uuid('Segment inconnu.').nullable().optional(),
  sizeBand: z.enum(sizeBandCodes, 'Tranche d’effectif inconnue.').nullable().optional(),
  tags: clientTags.optional(),
  status: z.enum(clientStatuses).default('prospect'),
  partnerId: z.uuid().nullable().optional(),
  accountManagerId: z.uuid().nullable().optional(),
  email: email.nullable().optional(),
  phone: optionalText(40),
  postalCode: postalCode.nullable().optional(),
  city: optionalText(120),
});
export const clientPatch = clientBody.extend({ status: z.enum(clientStatuses).optional() }).partial();

export const clientSegmentOut = z.object({
  id: z.string(),
  name: z.string(),
  /** How many clients use this segment (a used segment cannot be deleted). */
  clientCount: z.number().int(),
  createdAt: z.string(),
});
export type ClientSegmentOut = z.infer<typeof clientSegmentOut>;
export const clientSegmentBody = z.strictObject({
  name: z.string().trim().min(2, 'Nom du segment trop court.').max(80, 'Nom du segment trop long.'),
});
