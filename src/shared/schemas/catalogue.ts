/**
 * The catalogue of the `orders` module: products (hardware, one-off services, subscriptions), packs
 * that expand into editable lines, and partner price lists. Money in integer cents, rates in basis
 * points (`shared/money.ts`).
 */
import { formatBp, isVatRate, vatRates } from '../money.ts';
import { z } from '../zod.ts';
import { abilitiesOut, idOut, optionalText, uuid } from './common.ts';

export const productKinds = ['materiel', 'service', 'abonnement'] as const;
export type ProductKind = (typeof productKinds)[number];
export const productKindLabels: Record<ProductKind, string> = {
  materiel: 'Matériel',
  service: 'Prestation',
  abonnement: 'Abonnement',
};

/** Categories of the catalogue; a partner's discount is given per category. */
export const productCategories = [
  'postes',
  'dect',
  'reseau',
  'accessoires',
  'telephonie',
  'licences',
  'prestations',
  'maintenance',
] as const;
export type ProductCategory = (typeof productCategories)[number];
export const productCategoryLabels: Record<ProductCategory, string> = {
  postes: 'Postes téléphoniques',
  dect: 'DECT',
  reseau: 'Réseau (routeurs, switchs)',
  accessoires: 'Accessoires',
  telephonie: 'Téléphonie (trunks SIP, numéros)',
  licences: 'Licences',
  prestations: 'Prestations',
  maintenance: 'Maintenance',
};

export const productUnits = ['unite', 'heure', 'jour', 'forfait', 'licence', 'canal', 'numero'] as const;
export type ProductUnit = (typeof productUnits)[number];
export const productUnitLabels: Record<ProductUnit, string> = {
  unite: 'Unité',
  heure: 'Heure',
  jour: 'Jour',
  forfait: 'Forfait',
  licence: 'Licence',
  canal: 'Canal',
  numero: 'Numéro',
};

export const billingPeriods = ['mensuel', 'annuel'] as const;
export type BillingPeriod = (typeof billingPeriods)[number];
export const billingPeriodLabels: Record<BillingPeriod, string> = { mensuel: 'Mensuel', annuel: 'Annuel' };

const cents = (label: string) =>
  z
    .number(`${label} : montant attendu.`)
    .int(`${label} : montant en centimes entiers.`)
    .min(0, `${label} : montant positif ou nul.`)
    .max(100_000_000, `${label} : un million d’euros au plus.`);
const basisPoints = (label: string) =>
  z
    .number(`${label} : pourcentage attendu.`)
    .int(`${label} : en centièmes de pour cent entiers.`)
    .min(0, `${label} : 0 % au moins.`)
    .max(10_000, `${label} : 100 % au plus.`);
export const vatRateBp = z
  .number('Taux de TVA attendu.')
  .refine(isVatRate, `Taux de TVA inconnu : ${vatRates.map(formatBp).join(', ')}.`);
const reference = z
  .string('Référence obligatoire.')
  .trim()
  .min(1, 'Référence obligatoire.')
  .max(60, 'Référence trop longue (60 caractères au plus).');
const name = z
  .string('Désignation obligatoire.')
  .trim()
  .min(1, 'Désignation obligatoire.')
  .max(200, 'Désignation trop longue (200 caractères au plus).');

const productFields = {
  kind: z.enum(productKinds, 'Type d’article inconnu : matériel, prestation ou abonnement.'),
  reference,
  name,
  description: optionalText(2000),
  category: z.enum(productCategories, 'Catégorie inconnue.'),
  unit: z.enum(productUnits, 'Unité inconnue.'),
  priceCents: cents('Prix de vente HT'),
  purchaseCostCents: cents('Coût d’achat').nullable().optional(),
  vatRateBp,
  active: z.boolean().optional(),
  brand: optionalText(80),
  model: optionalText(120),
  manufacturerRef: optionalText(80),
  hasSerial: z.boolean().optional(),
  hasMac: z.boolean().optional(),
  billingPeriod: z.enum(billingPeriods, 'Périodicité inconnue : mensuel ou annuel.').nullable().optional(),
  commitmentMonths: z
    .number('Engagement : nombre de mois attendu.')
    .int('Engagement : nombre entier de mois.')
    .min(0, 'Engagement : 0 mois au moins (sans engagement).')
    .max(120, 'Engagement : 120 mois au plus.')
    .nullable()
    .optional(),
};

/** The fields whose presence depends on the kind of article, as the rules below and the table check them. */
export type ProductShape = {
  kind: ProductKind;
  brand?: string | null;
  model?: string | null;
  manufacturerRef?: string | null;
  hasSerial?: boolean;
  hasMac?: boolean;
  billingPeriod?: BillingPeriod | null;
  commitmentMonths?: number | null;
};

/**
 * What is wrong with an article's kind-dependent fields: brand, model, manufacturer reference,
 * serial and MAC only on hardware; periodicity and commitment required on a subscription and only
 * there. Used by the request schema and, on a change, by the service on the merged article.
 */
export function productShapeIssues(p: ProductShape): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (p.kind !== 'materiel') {
    for (const [field, label] of [
      ['brand', 'La marque'],
      ['model', 'Le modèle'],
      ['manufacturerRef', 'La référence constructeur'],
    ] as const) {
      if (p[field]) issues.push({ path: field, message: `${label} ne concerne que le matériel.` });
    }
    if (p.hasSerial)
      issues.push({ path: 'hasSerial', message: 'Le numéro de série ne concerne que le matériel.' });
    if (p.hasMac) issues.push({ path: 'hasMac', message: 'L’adresse MAC ne concerne que le matériel.' });
  }
  if (p.kind === 'abonnement') {
    if (!p.billingPeriod)
      issues.push({ path: 'billingPeriod', message: 'Un abonnement est mensuel ou annuel : choisissez.' });
    if (p.commitmentMonths === null || p.commitmentMonths === undefined)
      issues.push({
        path: 'commitmentMonths',
        message: 'Indiquez la durée d’engagement en mois (0 : sans engagement).',
      });
  } else {
    if (p.billingPeriod)
      issues.push({ path: 'billingPeriod', message: 'Seul un abonnement a une périodicité.' });
    if (p.commitmentMonths !== null && p.commitmentMonths !== undefined)
      issues.push({ path: 'commitmentMonths', message: 'Seul un abonnement a une durée d’engagement.' });
  }
  return issues;
}

export const productBody = z.strictObject(productFields).superRefine((v, ctx) => {
  for (const i of productShapeIssues(v)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
});
export type ProductBody = z.infer<typeof productBody>;
/** A change: the kind rules are checked by the service on the article as it will be. */
export const productPatch = z.strictObject(productFields).partial();
export type ProductPatch = z.infer<typeof productPatch>;

const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');
export const productListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  kind: z.enum(productKinds).optional(),
  category: z.enum(productCategories).optional(),
  active: boolParam.optional(),
  /** Staff: prices of this partner's list beside the list prices. */
  partnerId: uuid.optional(),
});
export type ProductListQuery = z.input<typeof productListQuery>;

export const productOut = z
  .object({
    id: idOut,
    kind: z.enum(productKinds),
    reference: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    category: z.enum(productCategories),
    unit: z.enum(productUnits),
    priceCents: z.number().describe('Sale price excl. VAT, in cents (the list price).'),
    /** The price this caller's partner pays (or the partner asked for), when it has a price list. */
    partnerPriceCents: z.number().nullable(),
    /** Absent for partners and roles that do not maintain the catalogue. */
    purchaseCostCents: z.number().nullable().optional(),
    marginBp: z.number().nullable().optional(),
    vatRateBp: z.number(),
    active: z.boolean(),
    brand: z.string().nullable(),
    model: z.string().nullable(),
    manufacturerRef: z.string().nullable(),
    hasSerial: z.boolean(),
    hasMac: z.boolean(),
    billingPeriod: z.enum(billingPeriods).nullable(),
    commitmentMonths: z.number().nullable(),
    updatedAt: z.string(),
    abilities: abilitiesOut,
  })
  .meta({ id: 'Product', description: 'An article of the catalogue: hardware, service or subscription.' });
export type ProductOut = z.infer<typeof productOut>;

// ── Packs ────────────────────────────────────────────────────────────────────────────────────────
const packItem = z.strictObject({
  productId: uuid,
  quantity: z
    .number('Quantité attendue.')
    .int('Quantité : nombre entier.')
    .min(1, 'Quantité : 1 au moins.')
    .max(10_000, 'Quantité : 10 000 au plus.'),
});
const packFields = {
  reference,
  name,
  description: optionalText(2000),
  active: z.boolean().optional(),
  items: z
    .array(packItem)
    .min(1, 'Un pack contient au moins un article.')
    .max(100, 'Un pack contient 100 articles au plus.')
    .refine(
      (items) => new Set(items.map((i) => i.productId)).size === items.length,
      'Un article figure deux fois dans le pack : regroupez les quantités.',
    ),
};
export const packBody = z.strictObject(packFields);
export type PackBody = z.infer<typeof packBody>;
export const packPatch = z.strictObject(packFields).partial();
export type PackPatch = z.infer<typeof packPatch>;

/** A line of a quote or an order, as a pack expands into it: every field stays editable. */
export const catalogueLineOut = z.object({
  productId: z.string(),
  reference: z.string(),
  kind: z.enum(productKinds),
  label: z.string(),
  quantity: z.number(),
  unit: z.enum(productUnits),
  unitPriceCents: z.number(),
  discountBp: z.number(),
  vatRateBp: z.number(),
  billingPeriod: z.enum(billingPeriods).nullable(),
  commitmentMonths: z.number().nullable(),
});
export type CatalogueLineOut = z.infer<typeof catalogueLineOut>;

export const packOut = z
  .object({
    id: idOut,
    reference: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    active: z.boolean(),
    items: z.array(
      z.object({ productId: z.string(), reference: z.string(), name: z.string(), quantity: z.number() }),
    ),
    /** The one-off total and the recurring totals of its lines at the caller's prices, excl. VAT. */
    oneOffCents: z.number(),
    monthlyCents: z.number(),
    yearlyCents: z.number(),
    updatedAt: z.string(),
    abilities: abilitiesOut,
  })
  .meta({ id: 'ProductPack', description: 'A pack of articles that expands into editable lines.' });
export type PackOut = z.infer<typeof packOut>;
export const packLinesQuery = z.strictObject({ partnerId: uuid.optional() });
export const packLinesOut = z.object({ items: z.array(catalogueLineOut) });

// ── Partner price lists ──────────────────────────────────────────────────────────────────────────
export const partnerIdParam = z.strictObject({ partnerId: uuid });
export const priceListBody = z.strictObject({
  commissionBp: basisPoints('Commission'),
  notes: optionalText(2000),
  prices: z
    .array(z.strictObject({ productId: uuid, priceCents: cents('Prix partenaire') }))
    .max(2000)
    .refine(
      (l) => new Set(l.map((p) => p.productId)).size === l.length,
      'Un article a deux prix : gardez-en un.',
    ),
  categoryDiscounts: z
    .array(
      z.strictObject({
        category: z.enum(productCategories, 'Catégorie inconnue.'),
        discountBp: basisPoints('Remise'),
      }),
    )
    .max(productCategories.length)
    .refine(
      (l) => new Set(l.map((d) => d.category)).size === l.length,
      'Une catégorie a deux remises : gardez-en une.',
    ),
});
export type PriceListBody = z.infer<typeof priceListBody>;
export const priceListOut = z
  .object({
    partnerId: z.string(),
    commissionBp: z.number(),
    notes: z.string().nullable(),
    prices: z.array(
      z.object({
        productId: z.string(),
        reference: z.string(),
        name: z.string(),
        listPriceCents: z.number(),
        priceCents: z.number(),
      }),
    ),
    categoryDiscounts: z.array(z.object({ category: z.enum(productCategories), discountBp: z.number() })),
    updatedAt: z.string().nullable(),
    abilities: abilitiesOut,
  })
  .meta({
    id: 'PartnerPriceList',
    description: 'A partner’s own prices, discounts per category, commission.',
  });
export type PriceListOut = z.infer<typeof priceListOut>;
