/**
 * Orders (commandes) of the `orders` module: requests and answers. Lines are written as a quote's
 * (`quoteLineBody`: an article of the catalogue at the caller's prices, or a free line). Money in
 * integer cents, rates in basis points; stages in `shared/orders.ts`.
 */
import { orderStages } from '../orders.ts';
import { z } from '../zod.ts';
import { productKinds } from './catalogue.ts';
import { abilitiesOut, idOut, listParam, optionalText, pageQuery, uuid } from './common.ts';
import { quoteLineBody, quoteLineOut, quoteTotalsOut } from './quotes.ts';

const stage = z.enum(orderStages, 'Étape de commande inconnue.');
const reason = (what: string) =>
  z
    .string(`${what} attendu.`)
    .trim()
    .min(1, `Indiquez le ${what.toLowerCase()}.`)
    .max(2000, `${what} trop long (2 000 caractères au plus).`);

const orderFields = {
  billingSiteId: uuid.nullable().optional(),
  installationSiteId: uuid.nullable().optional(),
  contactId: uuid.nullable().optional(),
  /** The client's own order reference (« votre référence »), printed on the BC and invoices. */
  customerReference: optionalText(100),
  notes: optionalText(4000),
  lines: z
    .array(quoteLineBody)
    .min(1, 'Une commande a au moins une ligne.')
    .max(300, 'Une commande a 300 lignes au plus.'),
};
export const orderBody = z.strictObject({ clientId: uuid, ...orderFields });
export type OrderBody = z.infer<typeof orderBody>;
/** A change, allowed while the order is in « saisie »; `version` for optimistic locking. */
export const orderPatch = z
  .strictObject({ ...orderFields, version: z.number().int() })
  .partial()
  .required({ version: true });
export type OrderPatch = z.infer<typeof orderPatch>;

/** Move the order to a stage: only the next stage of its path (409 `invalid_transition` otherwise). */
export const orderStageBody = z.strictObject({ to: stage, version: z.number().int().optional() });
export const orderCancelBody = z.strictObject({ reason: reason('Motif') });
export const orderHoldBody = z.strictObject({ reason: reason('Motif') });
export const shipmentBody = z.strictObject({
  carrier: z
    .string('Transporteur attendu.')
    .trim()
    .min(1, 'Indiquez le transporteur.')
    .max(100, 'Transporteur trop long.'),
  trackingNumber: z
    .string('Numéro de suivi attendu.')
    .trim()
    .min(3, 'Numéro de suivi trop court.')
    .max(100, 'Numéro de suivi trop long.'),
  /** Lines shipped (all of the order's hardware when absent): order line id → quantity. */
  lines: z
    .array(z.strictObject({ lineId: uuid, quantity: z.number().int().min(1) }))
    .max(300)
    .optional(),
  note: optionalText(1000),
});
export const shipmentParam = z.strictObject({ id: uuid, shipmentId: uuid });

export const orderFilters = {
  q: z.string().trim().max(200).optional(),
  stage: listParam(stage),
  clientId: uuid.optional(),
  partnerId: uuid.optional(),
  /** The commercial who made it (its quote's author, or the order's). */
  createdBy: uuid.optional(),
  productId: uuid.optional(),
  late: z.enum(['true', 'false'], 'Filtre « en retard » : true ou false.').optional(),
  onHold: z.enum(['true', 'false'], 'Filtre « en attente » : true ou false.').optional(),
};
export const orderListQuery = z.strictObject({ ...orderFilters, ...pageQuery });
export type OrderListQuery = z.input<typeof orderListQuery>;
export const orderBoardQuery = z.strictObject(orderFilters);

const named = z.object({ id: z.string(), name: z.string() });
const siteOut = z.object({
  id: z.string(),
  name: z.string(),
  addressLine: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
});

export const orderSummaryOut = z
  .object({
    id: idOut,
    number: z.string().describe('Human number, e.g. `CMD-2026-000045`.'),
    stage: stage,
    stageSince: z.string().describe('When the order entered its current stage (ISO 8601).'),
    late: z.boolean().describe('Waiting in its stage longer than the stage limit of the settings.'),
    onHold: z.boolean(),
    holdReason: z.string().nullable(),
    client: named,
    partnerId: z.string().nullable(),
    quoteNumber: z.string().nullable(),
    totals: z.object({ oneOffCents: z.number(), monthlyCents: z.number(), yearlyCents: z.number() }),
    createdBy: named.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'OrderSummary', description: 'An order (commande) in a list or on the board.' });
export type OrderSummaryOut = z.infer<typeof orderSummaryOut>;

export const orderBoardOut = z.object({
  columns: z.array(
    z.object({
      stage,
      count: z.number(),
      lateCount: z.number(),
      /** The first cards of the column, the longest waiting first. */
      items: z.array(orderSummaryOut),
    }),
  ),
});
export type OrderBoardOut = z.infer<typeof orderBoardOut>;

export const orderLineOut = quoteLineOut.extend({
  onSite: z.boolean().describe('A service performed at the client’s site (the order is installed).'),
  kind: z.enum(productKinds).nullable(),
});
export type OrderLineOut = z.infer<typeof orderLineOut>;

export const orderOut = z
  .object({
    id: idOut,
    number: z.string(),
    version: z.number(),
    stage,
    /** The stages of this order's path, as its lines decide. */
    path: z.array(stage),
    nextStage: stage.nullable(),
    late: z.boolean(),
    onHold: z.boolean(),
    holdReason: z.string().nullable(),
    cancelReason: z.string().nullable(),
    client: named,
    partnerId: z.string().nullable(),
    quote: z.object({ id: z.string(), number: z.string(), version: z.number() }).nullable(),
    billingSite: siteOut.nullable(),
    installationSite: siteOut.nullable(),
    contact: z.object({ id: z.string(), name: z.string(), email: z.string().nullable() }).nullable(),
    customerReference: z.string().nullable(),
    notes: z.string().nullable(),
    lines: z.array(orderLineOut),
    totals: quoteTotalsOut,
    /** Every stage entered, with how long the order stayed (null: still there). */
    history: z.array(
      z.object({
        stage,
        enteredAt: z.string(),
        leftAt: z.string().nullable(),
        seconds: z.number().nullable(),
        by: named.nullable(),
      }),
    ),
    shipments: z.array(
      z.object({
        id: z.string(),
        carrier: z.string(),
        trackingNumber: z.string(),
        trackingUrl: z.string().nullable(),
        shippedAt: z.string(),
        note: z.string().nullable(),
      }),
    ),
    interventions: z.array(
      z.object({
        id: z.string(),
        number: z.string(),
        status: z.string(),
        scheduledStart: z.string().nullable(),
      }),
    ),
    /** Every document of the order: its quote, the BC, each shipment's BL, each intervention's PV. */
    documents: z.array(
      z.object({
        kind: z.enum(['devis', 'bc', 'bl', 'pv']),
        label: z.string(),
        url: z.string().describe('Path of the PDF under /api/v1.'),
      }),
    ),
    /** E-mails sent to the client about this order (one per stage). */
    emails: z.array(
      z.object({
        id: z.string(),
        subject: z.string(),
        recipient: z.string(),
        status: z.string(),
        createdAt: z.string(),
      }),
    ),
    createdBy: named.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    abilities: abilitiesOut,
  })
  .meta({ id: 'Order', description: 'An order (commande) with its lines, totals, stages and documents.' });
export type OrderOut = z.infer<typeof orderOut>;
