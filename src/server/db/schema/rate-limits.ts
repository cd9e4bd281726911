import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * API requests counted per key (an IP address, a session or API token, a route and an IP) in the
 * current one-minute window, shared by every app instance (`infra/rate-limit.ts`).
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
});
