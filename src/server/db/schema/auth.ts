import { bigint, boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { parentId, serialPk, timestamps, timestamptz, uuidPk } from '../columns.ts';
import { partners } from './partners.ts';

export const users = pgTable('users', {
  id: uuidPk(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  phone: text('phone'),
  role: text('role').notNull(),
  partnerId: uuid('partner_id').references(() => partners.id),
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: timestamptz('password_changed_at').notNull().defaultNow(),
  totpSecret: text('totp_secret'),
  totpPendingSecret: text('totp_pending_secret'),
  totpEnabledAt: timestamptz('totp_enabled_at'),
  /** Set by an admin: this user must use two-factor authentication whatever the role. */
  totpRequired: boolean('totp_required').notNull().default(false),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  disabledAt: timestamptz('disabled_at'),
  ...timestamps(),
});

/** Server-side sessions; only the SHA-256 of the cookie's token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuidPk(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: parentId('user_id', () => users.id, 'cascade'),
    createdAt: timestamptz('created_at').notNull(),
    lastSeenAt: timestamptz('last_seen_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Failed logins per account, for throttling (shared by every app instance). */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: serialPk(),
    email: text('email').notNull(),
    ip: text('ip'),
    at: timestamptz('at').notNull(),
  },
  (t) => [index('login_failures_email_at_idx').on(t.email, t.at)],
);

export const passwordResets = pgTable('password_resets', {
  id: uuidPk(),
  userId: parentId('user_id', () => users.id, 'cascade'),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamptz('created_at').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
  usedAt: timestamptz('used_at'),
});

/** Bearer tokens for integrations: scoped to a role and, for partners, to the partner. */
export const apiTokens = pgTable('api_tokens', {
  id: uuidPk(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  role: text('role').notNull(),
  partnerId: uuid('partner_id').references(() => partners.id),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamptz('created_at').notNull(),
  lastUsedAt: timestamptz('last_used_at'),
  revokedAt: timestamptz('revoked_at'),
});
