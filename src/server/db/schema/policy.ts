import { jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { updatedAt } from '../columns.ts';

/** Admin overrides of the default rights matrix; no row = the default of `policy/matrix.ts`. */
export const rolePermissions = pgTable(
  'role_permissions',
  {
    role: text('role').notNull(),
    module: text('module').notNull(),
    actions: jsonb('actions').$type<string[]>().notNull(),
    scope: text('scope').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.role, t.module] })],
);
