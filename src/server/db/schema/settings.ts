import { bigint, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { bytea, updatedAt } from '../columns.ts';
import { defaultTotpRequiredRoles } from '../../../shared/permissions.ts';

/** The company's legal identity and branding (one row), printed on every document. */
export const companySettings = pgTable('company_settings', {
  id: integer('id').primaryKey().default(1),
  legalName: text('legal_name').notNull(),
  legalForm: text('legal_form'),
  capitalCents: bigint('capital_cents', { mode: 'number' }),
  siren: text('siren'),
  rcsCity: text('rcs_city'),
  vatNumber: text('vat_number'),
  addressLine: text('address_line'),
  postalCode: text('postal_code'),
  city: text('city'),
  phone: text('phone'),
  email: text('email'),
  brandColor: text('brand_color'),
  logo: bytea('logo'),
  logoMime: text('logo_mime'),
  totpRequiredRoles: jsonb('totp_required_roles')
    .$type<string[]>()
    .notNull()
    .default(defaultTotpRequiredRoles),
  updatedAt: updatedAt(),
});
