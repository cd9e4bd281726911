import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../columns.ts';

/**
 * API requests counted per key (an IP address, a session or API token, a route and an IP) in the
 * current one-minute window, shared by every app instance (`infra/rate-limit.ts`).
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamptz('window_start').notNull(),
  hits: integer('hits').notNull(),
});
