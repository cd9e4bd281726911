import { type Column, type SQL, sql } from 'drizzle-orm';
import type { RowScope } from './policy.ts';

/**
 * How a query states that a row belongs to a partner or to a field technician: the column holding
 * the partner (or the technician's user) id, or a function building the condition from the id when a
 * plain comparison does not say it (a subquery, say).
 */
export type ScopeTarget = Column | SQL | ((id: string) => SQL);
export type ScopeOn = { partner?: ScopeTarget; technician?: ScopeTarget };

function condition(target: ScopeTarget | undefined, id: string): SQL {
  if (!target) return sql`false`;
  if (typeof target === 'function') return target(id);
  return sql`${target} = ${id}::uuid`;
}

/**
 * The actor's row scope (`policy.scopeFor(module)`) as a Drizzle `where` condition: `undefined` for
 * every row, `false` for none and for any kind the query does not map in `on` — an allow-list: a
 * query that forgets the partner column shows a partner nothing rather than everything.
 */
export function scopeWhere(scope: RowScope, on: ScopeOn): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'partner':
      return condition(on.partner, scope.partnerId);
    case 'technician':
      return condition(on.technician, scope.userId);
    default:
      return sql`false`;
  }
}

/** The same condition for a raw SQL statement (`true` for every row). */
export function scopeSql(scope: RowScope, on: ScopeOn): SQL {
  return scopeWhere(scope, on) ?? sql`true`;
}
