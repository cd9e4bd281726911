/**
 * Quotes (devis) of the `orders` module: requests and answers. A line may name an article of the
 * catalogue (its label, price, VAT rate and periodicity are then taken from it at the caller's prices
 * unless given) or be free (label and price required). Money in integer cents, rates in basis points.
 */
import { quoteStatuses } from '../quotes.ts';
import { z } from '../zod.ts';
import { billingPeriods, productKinds, productUnits, vatRateBp } from './catalogue.ts';
import { abilitiesOut, idOut, listParam, optionalText, pageQuery, uuid } from './common.ts';

const isoDay = z.iso.date('Date attendue (AAAA-MM-JJ).');

export const quoteLineBody = z
  .strictObject({
    productId: uuid.nullable().optional(),
    label: z
      .string('Désignation attendue.')
      .trim()
      .min(1, 'Désignation obligatoire.')
      .max(300, 'Désignation trop longue (300 caractères au plus).')
      .optional(),
    quantity: z
      .number('Quantité attendue.')
      .int('Quantité : nombre entier.')
      .min(1, 'Quantité : 1 au moins.')
      .max(100_000, 'Quantité : 100 000 au plus.'),
    unitPriceCents: z
      .number('Prix unitaire : montant attendu.')
      .int('Prix unitaire : montant en centimes entiers.')
      .min(0, 'Prix unitaire : montant positif ou nul.')
      .max(100_000_000, 'Prix unitaire : un million d’euros au plus.')
      .optional(),
    discountBp: z
      .number('Remise : pourcentage attendu.')
      .int('Remise : en centièmes de pour cent entiers.')
      .min(0, 'Remise : 0 % au moins.')
      .max(10_000, 'Remise : 100 % au plus.')
      .optional(),
    vatRateBp: vatRateBp.optional(),
    billingPeriod: z.enum(billingPeriods, 'Périodicité inconnue : mensuel ou annuel.').nullable().optional(),
    commitmentMonths: z
      .number('Engagement : nombre de mois attendu.')
      .int('Engagement : nombre entier de mois.')
      .min(0, 'Engagement : 0 mois au moins.')
      .max(120, 'Engagement : 120 mois au plus.')
      .nullable()
      .optional(),
  })
  .superRefine((l, ctx) => {
    if (l.productId) return;
    if (l.label === undefined)
      ctx.addIssue({ code: 'custom', path: ['label'], message: 'Désignation obligatoire sans article.' });
    if (l.unitPriceCents === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['unitPriceCents'],
        message: 'Prix unitaire obligatoire sans article.',
      });
  });
export type QuoteLineBody = z.infer<typeof quoteLineBody>;

const lines = z.array(quoteLineBody).max(300, 'Un devis a 300 lignes au plus.');

const quoteFields = {
  billingSiteId: uuid.nullable().optional(),
  installationSiteId: uuid.nullable().optional(),
  contactId: uuid.nullable().optional(),
  validUntil: isoDay.optional(),
  conditions: optionalText(4000),
  lines,
};

export const quoteBody = z.strictObject({ clientId: uuid, ...quoteFields });
export type QuoteBody = z.infer<typeof quoteBody>;
/** A change: a draft changes in place, a sent (refused, expired) quote gets a new version. */
export const quotePatch = z.strictObject(quoteFields).partial();
export type QuotePatch = z.infer<typeof quotePatch>;
export const quotePackBody = z.strictObject({ packId: uuid });
export const quoteRefuseBody = z.strictObject({
  reason: z
    .string('Motif attendu.')
    .trim()
    .min(1, 'Indiquez le motif du refus.')
    .max(2000, 'Motif trop long (2 000 caractères au plus).'),
});

export const quoteListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: listParam(z.enum(quoteStatuses, 'Statut de devis inconnu.')),
  clientId: uuid.optional(),
  ...pageQuery,
});
export type QuoteListQuery = z.input<typeof quoteListQuery>;

const vatShare = z.object({ vatRateBp: z.number(), baseCents: z.number(), vatCents: z.number() });
const groupTotals = z.object({
  netCents: z.number(),
  vatCents: z.number(),
  grossCents: z.number(),
  vat: z.array(vatShare),
});
export const quoteTotalsOut = z.object({
  oneOff: groupTotals,
  monthly: groupTotals,
  yearly: groupTotals,
  commitmentMonths: z.number().nullable(),
});

export const quoteLineOut = z.object({
  id: idOut,
  productId: z.string().nullable(),
  reference: z.string().nullable(),
  kind: z.enum(productKinds).nullable(),
  label: z.string(),
  quantity: z.number(),
  unit: z.enum(productUnits).nullable(),
  unitPriceCents: z.number(),
  discountBp: z.number(),
  vatRateBp: z.number(),
  billingPeriod: z.enum(billingPeriods).nullable(),
  commitmentMonths: z.number().nullable(),
  netCents: z.number().describe('Quantity × unit price less the discount, rounded half-up.'),
});
export type QuoteLineOut = z.infer<typeof quoteLineOut>;

const named = z.object({ id: z.string(), name: z.string() });
const siteOut = z.object({
  id: z.string(),
  name: z.string(),
  addressLine: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
});

export const quoteSummaryOut = z
  .object({
    id: idOut,
    number: z.string().describe('Human number, e.g. `D-2026-000123`, shared by its versions.'),
    version: z.number(),
    status: z.enum(quoteStatuses),
    client: named,
    partnerId: z.string().nullable(),
    validUntil: z.string(),
    totals: z.object({ oneOffCents: z.number(), monthlyCents: z.number(), yearlyCents: z.number() }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'QuoteSummary', description: 'A quote in a list (its last version).' });
export type QuoteSummaryOut = z.infer<typeof quoteSummaryOut>;

export const quoteOut = z
  .object({
    id: idOut,
    number: z.string(),
    version: z.number(),
    latest: z.boolean().describe('Whether this is the last version (the only one that may be accepted).'),
    status: z.enum(quoteStatuses),
    client: named,
    partnerId: z.string().nullable(),
    billingSite: siteOut.nullable(),
    installationSite: siteOut.nullable(),
    contact: z.object({ id: z.string(), name: z.string(), email: z.string().nullable() }).nullable(),
    validUntil: z.string(),
    conditions: z.string().nullable(),
    lines: z.array(quoteLineOut),
    totals: quoteTotalsOut,
    sentAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    signerName: z.string().nullable(),
    refusalReason: z.string().nullable(),
    versions: z.array(z.object({ id: z.string(), version: z.number(), status: z.enum(quoteStatuses) })),
    createdAt: z.string(),
    updatedAt: z.string(),
    abilities: abilitiesOut,
  })
  .meta({ id: 'Quote', description: 'A quote (devis), one version of it, with its lines and totals.' });
export type QuoteOut = z.infer<typeof quoteOut>;

// ── The client's public acceptance page ─────────────────────────────────────────────────────────
export const quoteTokenParam = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Lien de devis invalide.'),
});
const signerName = z
  .string('Nom du signataire attendu.')
  .trim()
  .min(2, 'Indiquez votre nom et prénom.')
  .max(200, 'Nom trop long (200 caractères au plus).');
export const publicAcceptBody = z.strictObject({
  signerName,
  /** The signature drawn on the screen: a PNG, as a data URL or bare base64. */
  signaturePng: z
    .string('Signature attendue.')
    .min(100, 'Signez dans le cadre avant de valider.')
    .max(400_000, 'Signature trop lourde.'),
});
export const publicRefuseBody = z.strictObject({
  signerName: signerName.optional(),
  reason: quoteRefuseBody.shape.reason,
});
export const publicQuoteOut = z
  .object({
    number: z.string(),
    version: z.number(),
    latest: z.boolean(),
    status: z.enum(quoteStatuses),
    issuer: z.object({ name: z.string(), color: z.string().nullable(), partnerOf: z.string().nullable() }),
    client: z.object({ name: z.string() }),
    validUntil: z.string(),
    conditions: z.string().nullable(),
    lines: z.array(quoteLineOut),
    totals: quoteTotalsOut,
    decidedAt: z.string().nullable(),
    signerName: z.string().nullable(),
    refusalReason: z.string().nullable(),
  })
  .meta({ id: 'PublicQuote', description: 'A quote as its client reads it through the acceptance link.' });
export type PublicQuoteOut = z.infer<typeof publicQuoteOut>;
