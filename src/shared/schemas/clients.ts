import { z } from '../zod.ts';
import {
  abilitiesOut,
  createdAtOut,
  idOut,
  optionalText,
  pageQuery,
  postalCode,
  siren,
  siret,
  updatedAtOut,
} from './common.ts';
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

/** The address of a site, as listed and in full (`Site`). */
export const siteAddressFields = {
  addressLine: z.string().nullable().describe('Street address.'),
  postalCode: z.string().nullable().describe('French postal code (5 digits).'),
  city: z.string().nullable().describe('City.'),
};
export const siteCoordinateFields = {
  latitude: z.number().nullable().describe('Latitude (WGS 84).'),
  longitude: z.number().nullable().describe('Longitude (WGS 84).'),
};
export const siteOut = z
  .object({
    id: idOut,
    name: z.string().describe('Name of the site.'),
    ...siteAddressFields,
    ...siteCoordinateFields,
  })
  .meta({ id: 'SiteSummary', description: 'A site as listed on its client.' });
/** What a contact shows of itself in a list; the full contact (`Contact`) adds the rest. */
export const contactSummaryFields = {
  firstName: z.string().describe('First name.'),
  lastName: z.string().describe('Last name.'),
  jobTitle: z.string().nullable().describe('Job title.'),
  email: z.string().nullable().describe('E-mail address.'),
  phone: z.string().nullable().describe('Phone number as entered.'),
};
export const contactOut = z
  .object({
    id: idOut,
    ...contactSummaryFields,
    mobile: z.string().nullable().describe('Mobile number as entered (the one an SMS goes to).'),
  })
  .meta({ id: 'ContactSummary', description: 'A contact as listed on its client.' });
export const clientOut = z
  .object({
    id: idOut,
    name: z.string().describe('Company name (raison sociale).'),
    siren: z.string().nullable().describe('SIREN, 9 digits.'),
    siret: z.string().nullable().describe('SIRET of the head office, 14 digits.'),
    vatNumber: z.string().nullable().describe('Intra-EU VAT number.'),
    nafCode: z.string().nullable().describe('NAF rév. 2 code (APE), e.g. `47.73Z`.'),
    /** French label of the NAF code. */
    nafLabel: z.string().nullable().describe('French label of the NAF code.'),
    /** The sector: the NAF section of the NAF code (derived, not stored). */
    sector: z
      .object({ code: z.string(), label: z.string() })
      .nullable()
      .describe('The sector: the NAF section of the NAF code (derived, not stored).'),
    legalForm: z.string().nullable().describe('Legal form code (`SARL`, `SAS`, `ASSO`…).'),
    segmentId: z.string().nullable().describe('The client segment.'),
    /** Name of the segment. */
    segment: z.string().nullable().describe('Name of the segment.'),
    sizeBand: z
      .string()
      .nullable()
      .describe('Headcount band code (INSEE tranche d’effectif, e.g. `12` = 20 to 49 employees).'),
    tags: z.array(z.string()).describe('Free labels, each used once.'),
    status: z.enum(clientStatuses).describe('Commercial status: `prospect`, `actif` or `ancien`.'),
    partnerId: z
      .string()
      .nullable()
      .describe('The partner (reseller) the client belongs to; partners see only their own clients.'),
    partnerName: z.string().nullable().describe('Name of the partner.'),
    /** The internal user who manages the account (notified when assigned). */
    accountManagerId: z
      .string()
      .nullable()
      .describe('The internal user who manages the account (notified when assigned).'),
    email: z.string().nullable().describe('Main e-mail address.'),
    phone: z.string().nullable().describe('Main phone number.'),
    postalCode: z.string().nullable().describe('French postal code (5 digits).'),
    city: z.string().nullable().describe('City.'),
    createdAt: createdAtOut,
    updatedAt: updatedAtOut,
    abilities: abilitiesOut,
  })
  .meta({ id: 'Client', description: 'A client company.' });
export type ClientOut = z.infer<typeof clientOut>;
export const clientDetailOut = clientOut
  .extend({ sites: z.array(siteOut), contacts: z.array(contactOut) })
  .meta({ id: 'ClientDetail', description: 'A client with its sites and contacts.' });
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
  ...pageQuery,
});
/** The filters of the client list that a saved filter keeps (no paging). */
export const clientFilterQuery = clientListQuery.omit({ limit: true, cursor: true });
export type ClientFilterQuery = z.infer<typeof clientFilterQuery>;
/** An internal user who manages at least one client the actor can see. */
export const accountManagerOut = z.object({ id: z.string(), name: z.string() });

export const clientBody = z.strictObject({
  name: z.string().trim().min(2, 'Saisissez la raison sociale (2 caractères minimum).').max(200),
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

/** The choices of the partner and account-manager fields (staff who may change clients). */
export const clientOwnerChoicesOut = z.object({
  partners: z.array(accountManagerOut).describe('Every partner, in French name order.'),
  accountManagers: z
    .array(accountManagerOut)
    .describe('Enabled users who may own clients (account managers), in French name order.'),
});
export type ClientOwnerChoicesOut = z.infer<typeof clientOwnerChoicesOut>;

/** « Changer de partenaire / de chargé de compte » on selected clients, in one transaction. */
export const clientBulkBody = z
  .strictObject({
    ids: z
      .array(z.uuid('Client inconnu.'))
      .min(1, 'Sélectionnez au moins un client.')
      .max(500, '500 clients au plus à la fois.'),
    partnerId: z.uuid('Partenaire inconnu.').nullable().optional().describe('null: direct client.'),
    accountManagerId: z.uuid('Chargé de compte inconnu.').nullable().optional().describe('null: none.'),
  })
  .refine((b) => b.partnerId !== undefined || b.accountManagerId !== undefined, {
    message: 'Choisissez un partenaire ou un chargé de compte.',
    path: ['partnerId'],
  });
export const clientBulkResultOut = z.object({ updated: z.number().int() });

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

/** Company lookup in the public « Recherche d'entreprises » register (issue 15 item 5). */
export const companyLookupQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .max(120, 'Recherche trop longue (120 caractères au plus).')
    .optional()
    .describe('SIRET, SIREN or company name; absent: only says whether the lookup is enabled.'),
});
export const companyCandidateOut = z.object({
  name: z.string(),
  siren: z.string().nullable(),
  siret: z.string().nullable().describe('SIRET of the establishment matched, else of the head office.'),
  addressLine: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  nafCode: z.string().nullable().describe('NAF rév. 2 code when known to Relais, e.g. `47.73Z`.'),
  nafLabel: z.string().nullable(),
  legalForm: z.enum(legalFormCodes).nullable().describe('Relais legal form code the INSEE category maps to.'),
  legalFormLabel: z.string().nullable().describe('Its label, else « Catégorie juridique INSEE 5710 ».'),
});
export type CompanyCandidateOut = z.infer<typeof companyCandidateOut>;
export const companyLookupOut = z.object({
  enabled: z.boolean().describe('false: COMPANY_LOOKUP_URL is `off`; the form hides the action.'),
  items: z.array(companyCandidateOut),
  note: z.string().nullable().describe('French note when there is nothing to show (disabled, unreachable…).'),
});
export type CompanyLookupOut = z.infer<typeof companyLookupOut>;
