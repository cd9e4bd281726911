import { z } from '../zod.ts';
import { clientBody } from './clients.ts';

/** Columns a client CSV can fill: the client, its first site and its first contact. */
export const importFields = [
  { key: 'name', label: 'Raison sociale', group: 'client' },
  { key: 'siren', label: 'SIREN', group: 'client' },
  { key: 'siret', label: 'SIRET', group: 'client' },
  { key: 'vatNumber', label: 'N° de TVA', group: 'client' },
  { key: 'nafCode', label: 'Code NAF', group: 'client' },
  { key: 'legalForm', label: 'Forme juridique', group: 'client' },
  { key: 'segment', label: 'Segment', group: 'client' },
  { key: 'sizeBand', label: 'Tranche d’effectif', group: 'client' },
  { key: 'status', label: 'Statut', group: 'client' },
  { key: 'tags', label: 'Étiquettes', group: 'client' },
  { key: 'email', label: 'E-mail', group: 'client' },
  { key: 'phone', label: 'Téléphone', group: 'client' },
  { key: 'postalCode', label: 'Code postal', group: 'client' },
  { key: 'city', label: 'Ville', group: 'client' },
  { key: 'siteName', label: 'Nom du site', group: 'site' },
  { key: 'siteAddress', label: 'Adresse du site', group: 'site' },
  { key: 'sitePostalCode', label: 'Code postal du site', group: 'site' },
  { key: 'siteCity', label: 'Ville du site', group: 'site' },
  { key: 'sitePhone', label: 'Téléphone du site', group: 'site' },
  { key: 'contactFirstName', label: 'Prénom du contact', group: 'contact' },
  { key: 'contactLastName', label: 'Nom du contact', group: 'contact' },
  { key: 'contactJobTitle', label: 'Fonction du contact', group: 'contact' },
  { key: 'contactEmail', label: 'E-mail du contact', group: 'contact' },
  { key: 'contactPhone', label: 'Téléphone du contact', group: 'contact' },
  { key: 'contactMobile', label: 'Mobile du contact', group: 'contact' },
] as const;
export type ImportField = (typeof importFields)[number]['key'];
export const importFieldKeys = importFields.map((f) => f.key) as [ImportField, ...ImportField[]];
export const importFieldLabel = (k: string) => importFields.find((f) => f.key === k)?.label ?? k;
/** The columns of one group (the client, its first site, its first contact), in file order. */
export const importFieldsOf = (group: (typeof importFields)[number]['group']): ImportField[] =>
  importFields.filter((f) => f.group === group).map((f) => f.key);

/** Largest file accepted (bytes). */
export const importMaxBytes = 10 * 1024 * 1024;

/** Field → column index in the file (null: not imported). */
export const importMapping = z.partialRecord(z.enum(importFieldKeys), z.number().int().min(0).nullable());
export type ImportMapping = z.infer<typeof importMapping>;

/**
 * The choices sent with the file (a multipart form: this JSON in `data`, the CSV in `file`, UTF-8 or
 * Windows-1252, `;` or `,` separated).
 */
export const clientImportBody = z.strictObject({
  separator: z.enum([';', ',']).optional(),
  /** Column mapping; guessed from the headers when absent. */
  mapping: importMapping.optional(),
  /** Staff only: the partner the clients belong to (a partner always imports into its own). */
  partnerId: z.uuid().nullable().optional(),
  /** File line numbers (1 = header) to leave out. */
  skipLines: z.array(z.number().int().min(2)).max(200_000).default([]),
  /** What to do with lines that look like an existing client: ask (block), skip them or import them. */
  duplicates: z.enum(['ask', 'skip', 'import']).default('ask'),
  /** Lines whose likely duplicates the user accepts (imported anyway). */
  importAnywayLines: z.array(z.number().int().min(2)).max(200_000).default([]),
});
export type ClientImportBody = z.input<typeof clientImportBody>;

export const duplicateOut = z.object({
  id: z.string(),
  name: z.string(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  /** French reasons: « Même SIRET », « Même téléphone (contact) »… */
  reasons: z.array(z.string()),
  /** SIRET, phone or email identical (creation asks for confirmation); a similar name is not exact. */
  exact: z.boolean(),
});
export type DuplicateOut = z.infer<typeof duplicateOut>;

export const importLineOut = z.object({
  line: z.number().int(),
  name: z.string(),
  status: z.enum(['ok', 'error', 'duplicate', 'skipped']),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
  duplicates: z.array(duplicateOut),
});
export type ImportLineOut = z.infer<typeof importLineOut>;

export const clientImportPreviewOut = z.object({
  encoding: z.enum(['UTF-8', 'Windows-1252']),
  separator: z.enum([';', ',']),
  headers: z.array(z.string()),
  mapping: importMapping,
  counts: z.object({
    lines: z.number().int(),
    ok: z.number().int(),
    errors: z.number().int(),
    duplicates: z.number().int(),
    skipped: z.number().int(),
    /** Lines that the confirmation would write. */
    toImport: z.number().int(),
  }),
  /** Lines with an error, a duplicate or skipped (the first 1 000), then a few good ones. */
  lines: z.array(importLineOut),
  truncated: z.boolean(),
  /** True when the confirmation would write (no error left, every duplicate decided). */
  ready: z.boolean(),
});
export type ClientImportPreviewOut = z.infer<typeof clientImportPreviewOut>;

export const clientImportResultOut = z.object({
  clients: z.number().int(),
  sites: z.number().int(),
  contacts: z.number().int(),
  skipped: z.number().int(),
});
export type ClientImportResultOut = z.infer<typeof clientImportResultOut>;

export const duplicatesBody = z.strictObject({
  name: z.string().trim().max(200).default(''),
  siret: z.string().trim().max(40).nullable().optional(),
  siren: z.string().trim().max(40).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  email: z.string().trim().max(254).nullable().optional(),
  postalCode: z.string().trim().max(10).nullable().optional(),
});
export type DuplicatesBody = z.input<typeof duplicatesBody>;
export const duplicatesOut = z.object({ items: z.array(duplicateOut) });

/** POST /clients: the client, and `confirmDuplicate` once the user saw its likely duplicates. */
export const clientCreateBody = clientBody.extend({ confirmDuplicate: z.boolean().optional() });
