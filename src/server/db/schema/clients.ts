import { sql } from 'drizzle-orm';
import { bigint, doublePrecision, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, parentId, timestamps, timestamptz, uuidPk } from '../columns.ts';
import { partners } from './partners.ts';
import { users } from './auth.ts';

export type OpeningHours = Partial<
  Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>
> & {
  note?: string;
};

/** Client types (Pharmacie, Assurance, Cabinet médical…), maintained by admins. */
export const clientSegments = pgTable(
  'client_segments',
  {
    id: uuidPk(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('client_segments_name_key').on(sql`lower(${t.name})`)],
);

/**
 * End clients; `name` uses the fr-FR ICU collation (migration 0002). A `search_doc` tsvector column,
 * kept by triggers and read only by SQL (global search, list filter), is left out here (migration 0015).
 */
export const clients = pgTable(
  'clients',
  {
    id: uuidPk(),
    name: text('name').notNull(),
    siren: text('siren'),
    siret: text('siret'),
    /** Intra-EU VAT number, normalised (no spaces, upper case): FR + key + SIREN for French companies. */
    vatNumber: text('vat_number'),
    /** NAF rév. 2 sub-class (APE), e.g. 47.73Z; the label comes from @socialgouv/codes-naf. */
    nafCode: text('naf_code'),
    /** Code from src/shared/client-identity.ts `legalForms`. */
    legalForm: text('legal_form'),
    segmentId: uuid('segment_id').references(() => clientSegments.id, { onDelete: 'restrict' }),
    /** INSEE tranche d'effectif code (src/shared/client-identity.ts `sizeBands`). */
    sizeBand: text('size_band'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').notNull().default('actif'),
    partnerId: uuid('partner_id').references(() => partners.id),
    accountManagerId: uuid('account_manager_id').references(() => users.id),
    email: text('email'),
    phone: text('phone'),
    /** `phone` in E.164 (src/shared/sms.ts toE164), for search and caller identification. */
    phoneE164: text('phone_e164'),
    postalCode: text('postal_code'),
    /** Département code from the postal code (75, 2A, 971…), for filters and the map. */
    department: text('department'),
    city: text('city'),
    ...timestamps(),
  },
  (t) => [
    index('clients_partner_idx').on(t.partnerId),
    index('clients_name_idx').on(t.name, t.id),
    index('clients_segment_idx').on(t.segmentId),
    index('clients_tags_idx').using('gin', t.tags),
  ],
);

export const sites = pgTable(
  'sites',
  {
    id: uuidPk(),
    clientId: parentId('client_id', () => clients.id, 'cascade'),
    name: text('name').notNull(),
    addressLine: text('address_line'),
    postalCode: text('postal_code'),
    city: text('city'),
    department: text('department'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** `pending` (not tried yet), `ok`, `not_found` (the geocoder could not place it), `error` (unreachable). */
    geocodeStatus: text('geocode_status').notNull().default('pending'),
    geocodeScore: doublePrecision('geocode_score'),
    geocodedAt: timestamptz('geocoded_at'),
    /** Weekly opening hours: { mon: [["08:30","12:30"],["14:00","19:00"]], …, note?: string }. */
    openingHours: jsonb('opening_hours').$type<OpeningHours>(),
    accessInstructions: text('access_instructions'),
    phone: text('phone'),
    phoneE164: text('phone_e164'),
    createdAt: createdAt(),
  },
  (t) => [
    index('sites_client_idx').on(t.clientId),
    index('sites_geocode_idx').on(t.geocodeStatus),
    index('sites_phone_idx').on(t.phoneE164),
    // The map: what stands at a clicked spot (GET /map/cards/:layer/at).
    index('sites_lat_lon_idx').on(t.latitude, t.longitude),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: uuidPk(),
    clientId: parentId('client_id', () => clients.id, 'cascade'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    jobTitle: text('job_title'),
    email: text('email'),
    phone: text('phone'),
    phoneE164: text('phone_e164'),
    mobile: text('mobile'),
    mobileE164: text('mobile_e164'),
    /** email | phone | sms */
    preferredChannel: text('preferred_channel'),
    /** GDPR legal basis: contract | legitimate_interest | consent */
    legalBasis: text('legal_basis'),
    consentAt: timestamptz('consent_at'),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [
    index('contacts_client_idx').on(t.clientId),
    index('contacts_phone_idx').on(t.phoneE164),
    index('contacts_mobile_idx').on(t.mobileE164),
  ],
);

/**
 * A client's telephony platform: centrex tenant, IPBX, SIP trunk, Teams… Never a password: the admin
 * console is a link, credentials stay in the company's vault.
 */
export const telephonyPlatforms = pgTable(
  'telephony_platforms',
  {
    id: uuidPk(),
    clientId: parentId('client_id', () => clients.id, 'cascade'),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'set null' }),
    /** centrex | ipbx | sip_trunk | teams | other */
    kind: text('kind').notNull(),
    provider: text('provider'),
    /** Tenant or account id at the provider. */
    tenantId: text('tenant_id'),
    adminUrl: text('admin_url'),
    notes: text('notes'),
    ...timestamps(),
  },
  (t) => [index('telephony_platforms_client_idx').on(t.clientId)],
);

/**
 * A range of direct-dial numbers (SDA) of a platform, in E.164; `startNum`/`endNum` are the same
 * numbers as integers (digits after the +) so that a caller's number is found inside a range.
 */
export const numberRanges = pgTable(
  'number_ranges',
  {
    id: uuidPk(),
    platformId: parentId('platform_id', () => telephonyPlatforms.id, 'cascade'),
    clientId: parentId('client_id', () => clients.id, 'cascade'),
    startE164: text('start_e164').notNull(),
    endE164: text('end_e164').notNull(),
    startNum: bigint('start_num', { mode: 'number' }).notNull(),
    endNum: bigint('end_num', { mode: 'number' }).notNull(),
    label: text('label'),
  },
  (t) => [
    index('number_ranges_start_idx').on(t.startNum),
    index('number_ranges_client_idx').on(t.clientId),
    index('number_ranges_platform_idx').on(t.platformId),
  ],
);

/** Internal notes on a client: staff only, partners never see them. */
export const clientNotes = pgTable(
  'client_notes',
  {
    id: uuidPk(),
    clientId: parentId('client_id', () => clients.id, 'cascade'),
    authorId: uuid('author_id').references(() => users.id),
    body: text('body').notNull(),
    ...timestamps(),
  },
  (t) => [index('client_notes_client_idx').on(t.clientId, t.createdAt)],
);

/** A user's saved list filters (e.g. "Mes pharmacies du 69"), per list. */
export const savedFilters = pgTable(
  'saved_filters',
  {
    id: uuidPk(),
    userId: parentId('user_id', () => users.id, 'cascade'),
    /** Which list: `clients` today. */
    list: text('list').notNull(),
    name: text('name').notNull(),
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('saved_filters_name_key').on(t.userId, t.list, t.name)],
);
