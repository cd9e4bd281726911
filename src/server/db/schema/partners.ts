import { customType, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

/** Reseller companies that bring end clients; a partner user sees only its own clients. */
export const partners = pgTable('partners', {
  id: uuid('id').primaryKey().defaultRandom(),
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
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
