import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Admin overrides of the default rights matrix; no row = the default of `policy/matrix.ts`. */
export const rolePermissions = pgTable(
  'role_permissions',
  {
    role: text('role').notNull(),
    module: text('module').notNull(),
    actions: jsonb('actions').$type<string[]>().notNull(),
    scope: text('scope').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.role, t.module] })],
);
