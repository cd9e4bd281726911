import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { parentId, timestamps, timestamptz, updatedAt, uuidPk } from '../columns.ts';
import { users } from './auth.ts';
import { clients, contacts, sites } from './clients.ts';
import { interventions } from './interventions.ts';
import { partners } from './partners.ts';
import { skills } from './technicians.ts';

/**
 * The catalogue of the `orders` module. Money in integer cents, rates in basis points; the checks
 * repeat the rules of `shared/schemas/catalogue.ts` so that no path around the API stores an article
 * a quote could not price.
 */
export const products = pgTable(
  'products',
  {
    id: uuidPk(),
    /** materiel | service | abonnement */
    kind: text('kind').notNull(),
    reference: text('reference').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    category: text('category').notNull(),
    unit: text('unit').notNull(),
    priceCents: integer('price_cents').notNull(),
    purchaseCostCents: integer('purchase_cost_cents'),
    vatRateBp: integer('vat_rate_bp').notNull().default(2000),
    active: boolean('active').notNull().default(true),
    brand: text('brand'),
    model: text('model'),
    manufacturerRef: text('manufacturer_ref'),
    hasSerial: boolean('has_serial').notNull().default(false),
    hasMac: boolean('has_mac').notNull().default(false),
    /** A service performed at the client's site: an order with such a line is installed. */
    onSite: boolean('on_site').notNull().default(false),
    /** Planned time on site per unit of an on-site service, in minutes (the intervention's duration). */
    visitMinutes: integer('visit_minutes'),
    /** mensuel | annuel, subscriptions only. */
    billingPeriod: text('billing_period'),
    /** 0: no commitment; subscriptions only. */
    commitmentMonths: integer('commitment_months'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('products_reference_key').on(sql`lower(${t.reference})`),
    index('products_category_idx').on(t.category, t.name),
    check('products_kind_check', sql`${t.kind} IN ('materiel', 'service', 'abonnement')`),
    check(
      'products_category_check',
      sql`${t.category} IN ('postes', 'dect', 'reseau', 'accessoires', 'telephonie', 'licences', 'prestations', 'maintenance')`,
    ),
    check(
      'products_unit_check',
      sql`${t.unit} IN ('unite', 'heure', 'jour', 'forfait', 'licence', 'canal', 'numero')`,
    ),
    check('products_price_check', sql`${t.priceCents} >= 0`),
    check('products_purchase_cost_check', sql`${t.purchaseCostCents} IS NULL OR ${t.purchaseCostCents} >= 0`),
    check('products_vat_rate_check', sql`${t.vatRateBp} IN (2000, 1000, 550, 210)`),
    check(
      'products_hardware_fields_check',
      sql`${t.kind} = 'materiel' OR (${t.brand} IS NULL AND ${t.model} IS NULL AND ${t.manufacturerRef} IS NULL AND NOT ${t.hasSerial} AND NOT ${t.hasMac})`,
    ),
    check(
      'products_subscription_check',
      sql`(${t.kind} = 'abonnement') = (${t.billingPeriod} IS NOT NULL AND ${t.commitmentMonths} IS NOT NULL)`,
    ),
    check(
      'products_billing_period_check',
      sql`${t.billingPeriod} IS NULL OR ${t.billingPeriod} IN ('mensuel', 'annuel')`,
    ),
    check(
      'products_on_site_check',
      sql`${t.kind} = 'service' OR (NOT ${t.onSite} AND ${t.visitMinutes} IS NULL)`,
    ),
    check(
      'products_visit_minutes_check',
      sql`${t.visitMinutes} IS NULL OR ${t.visitMinutes} BETWEEN 5 AND 14400`,
    ),
    check(
      'products_commitment_check',
      sql`${t.commitmentMonths} IS NULL OR ${t.commitmentMonths} BETWEEN 0 AND 120`,
    ),
  ],
);

/** A pack (« Pack pharmacie 3 postes »): articles and quantities that expand into editable lines. */
export const productPacks = pgTable(
  'product_packs',
  {
    id: uuidPk(),
    reference: text('reference').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    ...timestamps(),
  },
  (t) => [uniqueIndex('product_packs_reference_key').on(sql`lower(${t.reference})`)],
);

export const productPackItems = pgTable(
  'product_pack_items',
  {
    packId: parentId('pack_id', () => productPacks.id, 'cascade'),
    // An article in a pack cannot be deleted: deactivate it, or take it out of the pack first.
    productId: parentId('product_id', () => products.id, 'restrict'),
    position: integer('position').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.packId, t.productId] }),
    index('product_pack_items_product_idx').on(t.productId),
    check('product_pack_items_quantity_check', sql`${t.quantity} BETWEEN 1 AND 10000`),
  ],
);

/** A partner's terms: its commission rate (for its statements) and, below, its prices. */
export const partnerPriceLists = pgTable(
  'partner_price_lists',
  {
    partnerId: uuid('partner_id')
      .primaryKey()
      .references(() => partners.id, { onDelete: 'cascade' }),
    commissionBp: integer('commission_bp').notNull().default(0),
    notes: text('notes'),
    updatedAt: updatedAt(),
  },
  (t) => [check('partner_price_lists_commission_check', sql`${t.commissionBp} BETWEEN 0 AND 10000`)],
);

/**
 * One line of a partner's price list: its own price for an article, or its discount on a whole
 * category (the article's own price wins over the category's discount).
 */
export const partnerPrices = pgTable(
  'partner_prices',
  {
    id: uuidPk(),
    partnerId: parentId('partner_id', () => partnerPriceLists.partnerId, 'cascade'),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'cascade' }),
    category: text('category'),
    priceCents: integer('price_cents'),
    discountBp: integer('discount_bp'),
  },
  (t) => [
    uniqueIndex('partner_prices_product_key')
      .on(t.partnerId, t.productId)
      .where(sql`${t.productId} IS NOT NULL`),
    uniqueIndex('partner_prices_category_key')
      .on(t.partnerId, t.category)
      .where(sql`${t.category} IS NOT NULL`),
    index('partner_prices_product_idx').on(t.productId),
    check(
      'partner_prices_one_rule_check',
      sql`(${t.productId} IS NOT NULL AND ${t.priceCents} IS NOT NULL AND ${t.category} IS NULL AND ${t.discountBp} IS NULL) OR (${t.productId} IS NULL AND ${t.priceCents} IS NULL AND ${t.category} IS NOT NULL AND ${t.discountBp} IS NOT NULL)`,
    ),
    check('partner_prices_price_check', sql`${t.priceCents} IS NULL OR ${t.priceCents} >= 0`),
    check(
      'partner_prices_discount_check',
      sql`${t.discountBp} IS NULL OR ${t.discountBp} BETWEEN 0 AND 10000`,
    ),
  ],
);

/**
 * The last number given per kind of document and year (`quote` 2026 → 123 for `D-2026-000123`).
 * Taken with `INSERT … ON CONFLICT DO UPDATE … RETURNING`, which locks the row until the end of the
 * transaction: numbers follow each other without a gap, and a new year starts again at 1.
 */
export const documentCounters = pgTable(
  'document_counters',
  {
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
);

/**
 * A quote (devis), one row per version: the versions of a quote share its number, the last one is
 * `latest` (the only one that may be accepted). Totals excl. VAT are kept for the lists; the lines
 * are the truth (`shared/quotes.ts`).
 */
export const quotes = pgTable(
  'quotes',
  {
    id: uuidPk(),
    number: text('number').notNull(),
    version: integer('version').notNull().default(1),
    latest: boolean('latest').notNull().default(true),
    /** brouillon | envoye | accepte | refuse (expiré: sent and past `validUntil`, computed). */
    status: text('status').notNull().default('brouillon'),
    clientId: parentId('client_id', () => clients.id, 'restrict'),
    /** The client's partner when the quote was made: the row scope of partners. */
    partnerId: uuid('partner_id').references(() => partners.id),
    billingSiteId: uuid('billing_site_id').references(() => sites.id, { onDelete: 'set null' }),
    installationSiteId: uuid('installation_site_id').references(() => sites.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    validUntil: date('valid_until').notNull(),
    conditions: text('conditions'),
    oneOffCents: integer('one_off_cents').notNull().default(0),
    monthlyCents: integer('monthly_cents').notNull().default(0),
    yearlyCents: integer('yearly_cents').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    sentAt: timestamptz('sent_at'),
    /** SHA-256 of the public acceptance link's token (the token itself is only in the e-mail). */
    publicTokenHash: text('public_token_hash'),
    decidedAt: timestamptz('decided_at'),
    signerName: text('signer_name'),
    refusalReason: text('refusal_reason'),
    decisionIp: text('decision_ip'),
    /** SHA-256 of the quote's PDF as the client accepted it. */
    documentSha256: text('document_sha256'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('quotes_number_version_key').on(t.number, t.version),
    uniqueIndex('quotes_latest_number_key').on(t.number).where(sql`${t.latest}`),
    uniqueIndex('quotes_public_token_key').on(t.publicTokenHash),
    index('quotes_latest_created_idx').on(t.createdAt.desc(), t.id.desc()).where(sql`${t.latest}`),
    index('quotes_client_idx').on(t.clientId),
    index('quotes_partner_idx').on(t.partnerId, t.createdAt.desc()).where(sql`${t.latest}`),
    check('quotes_status_check', sql`${t.status} IN ('brouillon', 'envoye', 'accepte', 'refuse')`),
    check('quotes_version_check', sql`${t.version} >= 1`),
  ],
);

/** A line of a quote: a copy (article optional), edited freely; money in cents, rates in bp. */
export const quoteLines = pgTable(
  'quote_lines',
  {
    id: uuidPk(),
    quoteId: parentId('quote_id', () => quotes.id, 'cascade'),
    position: integer('position').notNull(),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    reference: text('reference'),
    kind: text('kind'),
    label: text('label').notNull(),
    quantity: integer('quantity').notNull(),
    unit: text('unit'),
    unitPriceCents: integer('unit_price_cents').notNull(),
    discountBp: integer('discount_bp').notNull().default(0),
    vatRateBp: integer('vat_rate_bp').notNull(),
    billingPeriod: text('billing_period'),
    commitmentMonths: integer('commitment_months'),
  },
  (t) => [
    index('quote_lines_quote_idx').on(t.quoteId, t.position),
    index('quote_lines_product_idx').on(t.productId),
    check('quote_lines_quantity_check', sql`${t.quantity} BETWEEN 1 AND 100000`),
    check('quote_lines_price_check', sql`${t.unitPriceCents} >= 0`),
    check('quote_lines_discount_check', sql`${t.discountBp} BETWEEN 0 AND 10000`),
    check('quote_lines_vat_rate_check', sql`${t.vatRateBp} IN (2000, 1000, 550, 210)`),
    check(
      'quote_lines_billing_period_check',
      sql`${t.billingPeriod} IS NULL OR ${t.billingPeriod} IN ('mensuel', 'annuel')`,
    ),
  ],
);

/** The skills an on-site service needs: the installation intervention asks for them. */
export const productSkills = pgTable(
  'product_skills',
  {
    productId: parentId('product_id', () => products.id, 'cascade'),
    skillId: parentId('skill_id', () => skills.id, 'restrict'),
  },
  (t) => [primaryKey({ columns: [t.productId, t.skillId] }), index('product_skills_skill_idx').on(t.skillId)],
);

/**
 * A deployment project: many sites of one client (a chain of pharmacies, an insurer's agencies)
 * followed together by a chef de projet; each site is one order of the project.
 */
export const deploymentProjects = pgTable(
  'deployment_projects',
  {
    id: uuidPk(),
    name: text('name').notNull(),
    clientId: parentId('client_id', () => clients.id, 'restrict'),
    partnerId: uuid('partner_id').references(() => partners.id),
    managerId: uuid('manager_id').references(() => users.id, { onDelete: 'set null' }),
    notes: text('notes'),
    ...timestamps(),
  },
  (t) => [
    index('deployment_projects_client_idx').on(t.clientId),
    index('deployment_projects_partner_idx').on(t.partnerId),
  ],
);

/**
 * An order (commande). `stage` is where it waits now (`shared/orders.ts`); `stageSince` when it got
 * there; the path it follows is decided by its lines (`has_hardware`, `has_on_site_service`, kept
 * with them). Totals excl. VAT are kept for the lists and the board; the lines are the truth.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuidPk(),
    number: text('number').notNull(),
    version: integer('version').notNull().default(1),
    stage: text('stage').notNull().default('saisie'),
    stageSince: timestamptz('stage_since').notNull().defaultNow(),
    /** The stage an « en retard » alert was last sent for (once per stage). */
    lateAlertedStage: text('late_alerted_stage'),
    onHold: boolean('on_hold').notNull().default(false),
    holdReason: text('hold_reason'),
    cancelReason: text('cancel_reason'),
    hasHardware: boolean('has_hardware').notNull().default(false),
    hasOnSiteService: boolean('has_on_site_service').notNull().default(false),
    clientId: parentId('client_id', () => clients.id, 'restrict'),
    /** The client's partner when the order was made: the row scope of partners. */
    partnerId: uuid('partner_id').references(() => partners.id),
    quoteId: uuid('quote_id').references(() => quotes.id, { onDelete: 'set null' }),
    projectId: uuid('project_id').references(() => deploymentProjects.id, { onDelete: 'set null' }),
    billingSiteId: uuid('billing_site_id').references(() => sites.id, { onDelete: 'set null' }),
    installationSiteId: uuid('installation_site_id').references(() => sites.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    customerReference: text('customer_reference'),
    notes: text('notes'),
    oneOffCents: integer('one_off_cents').notNull().default(0),
    monthlyCents: integer('monthly_cents').notNull().default(0),
    yearlyCents: integer('yearly_cents').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    // One order per accepted quote: « créer la commande » twice gives the same order.
    uniqueIndex('orders_quote_key').on(t.quoteId).where(sql`${t.quoteId} IS NOT NULL`),
    index('orders_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('orders_stage_since_idx').on(t.stage, t.stageSince, t.id),
    index('orders_partner_idx').on(t.partnerId, t.createdAt.desc()),
    index('orders_client_idx').on(t.clientId, t.createdAt.desc()),
    index('orders_project_idx').on(t.projectId).where(sql`${t.projectId} IS NOT NULL`),
    check(
      'orders_stage_check',
      sql`${t.stage} IN ('saisie', 'validation', 'staging', 'expedition', 'livraison', 'installation', 'facturation', 'terminee', 'annulee')`,
    ),
    check('orders_version_check', sql`${t.version} >= 1`),
    check('orders_hold_check', sql`NOT ${t.onHold} OR ${t.holdReason} IS NOT NULL`),
    check('orders_cancel_check', sql`(${t.stage} = 'annulee') = (${t.cancelReason} IS NOT NULL)`),
  ],
);

/** A line of an order: a copy of the quote's (or typed), money in cents, rates in bp. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuidPk(),
    orderId: parentId('order_id', () => orders.id, 'cascade'),
    position: integer('position').notNull(),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'set null' }),
    reference: text('reference'),
    kind: text('kind'),
    onSite: boolean('on_site').notNull().default(false),
    label: text('label').notNull(),
    quantity: integer('quantity').notNull(),
    unit: text('unit'),
    unitPriceCents: integer('unit_price_cents').notNull(),
    /** The article's purchase cost when the line was made (margins; never shown to partners). */
    purchaseCostCents: integer('purchase_cost_cents'),
    discountBp: integer('discount_bp').notNull().default(0),
    vatRateBp: integer('vat_rate_bp').notNull(),
    billingPeriod: text('billing_period'),
    commitmentMonths: integer('commitment_months'),
  },
  (t) => [
    index('order_lines_order_idx').on(t.orderId, t.position),
    index('order_lines_product_idx').on(t.productId),
    check('order_lines_quantity_check', sql`${t.quantity} BETWEEN 1 AND 100000`),
    check('order_lines_price_check', sql`${t.unitPriceCents} >= 0`),
    check('order_lines_discount_check', sql`${t.discountBp} BETWEEN 0 AND 10000`),
    check('order_lines_vat_rate_check', sql`${t.vatRateBp} IN (2000, 1000, 550, 210)`),
    check(
      'order_lines_billing_period_check',
      sql`${t.billingPeriod} IS NULL OR ${t.billingPeriod} IN ('mensuel', 'annuel')`,
    ),
  ],
);

/** Every stage an order entered, and when it left it: the time spent in each stage. Never edited but to close. */
export const orderStageHistory = pgTable(
  'order_stage_history',
  {
    id: uuidPk(),
    orderId: parentId('order_id', () => orders.id, 'cascade'),
    stage: text('stage').notNull(),
    enteredAt: timestamptz('entered_at').notNull(),
    leftAt: timestamptz('left_at'),
    byUserId: uuid('by_user_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('order_stage_history_order_idx').on(t.orderId, t.enteredAt),
    // One open stage per order.
    uniqueIndex('order_stage_history_open_key').on(t.orderId).where(sql`${t.leftAt} IS NULL`),
  ],
);

/** A shipment of an order (several possible), with its carrier, tracking number and BL. */
export const orderShipments = pgTable(
  'order_shipments',
  {
    id: uuidPk(),
    orderId: parentId('order_id', () => orders.id, 'cascade'),
    /** The BL's number: `BL-2026-000012`. */
    number: text('number').notNull(),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    note: text('note'),
    shippedAt: timestamptz('shipped_at').notNull(),
    byUserId: uuid('by_user_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('order_shipments_order_idx').on(t.orderId, t.shippedAt),
    uniqueIndex('order_shipments_number_key').on(t.number),
  ],
);

/** What a shipment carried: order line → quantity. */
export const orderShipmentLines = pgTable(
  'order_shipment_lines',
  {
    shipmentId: parentId('shipment_id', () => orderShipments.id, 'cascade'),
    lineId: parentId('line_id', () => orderLines.id, 'cascade'),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.shipmentId, t.lineId] }),
    check('order_shipment_lines_quantity_check', sql`${t.quantity} >= 1`),
  ],
);

/** The installation interventions of an order (created by the order, done in `interventions`). */
export const orderInterventions = pgTable(
  'order_interventions',
  {
    orderId: parentId('order_id', () => orders.id, 'cascade'),
    interventionId: parentId('intervention_id', () => interventions.id, 'cascade'),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.interventionId] }),
    uniqueIndex('order_interventions_intervention_key').on(t.interventionId),
  ],
);

/** A deployment project's planned date per order (site) and milestone; actual dates come from the stages. */
export const orderMilestonePlans = pgTable(
  'order_milestone_plans',
  {
    orderId: parentId('order_id', () => orders.id, 'cascade'),
    milestone: text('milestone').notNull(),
    plannedOn: date('planned_on').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.milestone] })],
);
