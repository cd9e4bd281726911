import { sql } from 'drizzle-orm';
import type { Action, Cell, Matrix, Module, Role, Scope } from '../../shared/permissions.ts';
import { actions, isOfferedCell, moduleActions, modules, roles, scopes } from '../../shared/permissions.ts';
import { rolePermissions } from '../db/schema/index.ts';
import type { Db } from '../infra/db.ts';
import { defaultMatrix } from './matrix.ts';

/** Cached effective matrix; another instance's change is seen within `ttlMs`. */
let cache: { matrix: Matrix; at: number } | undefined;
const ttlMs = 5_000;

function cloneDefault(): Matrix {
  return structuredClone(defaultMatrix);
}

/** The effective matrix: the default of `product.md` with the admins' changes applied. */
export async function getMatrix(db: Db): Promise<Matrix> {
  if (cache && Date.now() - cache.at < ttlMs) return cache.matrix;
  const rows = await db.select().from(rolePermissions);
  const matrix = cloneDefault();
  for (const r of rows) {
    if (!(roles as readonly string[]).includes(r.role) || !(modules as readonly string[]).includes(r.module))
      continue;
    // A cell the matrix does not offer keeps its default (none), whatever was stored before.
    if (!isOfferedCell(r.role as Role, r.module as Module)) continue;
    matrix[r.role as Role][r.module as Module] = {
      actions: r.actions.filter((a): a is Action => (actions as readonly string[]).includes(a)),
      scope: (scopes as readonly string[]).includes(r.scope) ? (r.scope as Scope) : 'all',
    };
  }
  cache = { matrix, at: Date.now() };
  return matrix;
}

export function invalidateMatrixCache(): void {
  cache = undefined;
}

/** Keeps actions in the module's list and in the canonical order. */
export function normaliseCell(module: Module, cell: Cell): Cell {
  const allowed = moduleActions[module];
  return { actions: allowed.filter((a) => cell.actions.includes(a)), scope: cell.scope };
}

/** Stores the whole matrix as admin overrides (in the caller's transaction). */
export async function saveMatrix(db: Db, matrix: Matrix): Promise<void> {
  await db.delete(rolePermissions);
  const values = roles.flatMap((role) =>
    modules.map((module) => {
      const cell = normaliseCell(module, matrix[role][module]);
      return { role, module, actions: cell.actions, scope: cell.scope };
    }),
  );
  await db.insert(rolePermissions).values(values);
  invalidateMatrixCache();
}

/** Back to the default matrix of `product.md`. */
export async function resetMatrix(db: Db): Promise<void> {
  await db.execute(sql`DELETE FROM role_permissions`);
  invalidateMatrixCache();
}

export { defaultMatrix };
