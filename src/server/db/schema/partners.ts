import { pgTable, text } from 'drizzle-orm/pg-core';
import { bytea, timestamps, uuidPk } from '../columns.ts';

/** Reseller companies that bring end clients; a partner user sees only its own clients. */
export const partners = pgTable('partners', {
  id: uuidPk(),
  name: text('name').notNull(),
  siren: text('siren'),
  email: text('email'),
  phone: text('phone'),
  contactName: text('contact_name'),
  addressLine: text('address_line'),
  postalCode: text('postal_code'),
  city: text('city'),
  brandColor: text('brand_color'),
  logo: bytea('logo'),
  logoMime: text('logo_mime'),
  ...timestamps(),
});
