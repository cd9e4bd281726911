import type { Action, Cell, Matrix, Module, Permissions, Role } from '../../shared/permissions.ts';
import { modules } from '../../shared/permissions.ts';
import { AppError, notFound } from '../infra/errors.ts';

/** Who is acting: a signed-in user, or an API token scoped to a role (and a partner). */
export type Actor = {
  kind: 'user' | 'token';
  userId: string | null;
  tokenId: string | null;
  role: Role;
  partnerId: string | null;
  name: string;
};

/**
 * The rows an actor may see in a module. Every repo query that lists, searches, counts, exports or
 * streams takes one; `none` matches nothing.
 */
export type RowScope =
  | { kind: 'all' }
  | { kind: 'partner'; partnerId: string }
  | { kind: 'technician'; userId: string }
  | { kind: 'none' };

/** What a row tells the policy about who it belongs to. */
export type RowOwner = {
  partnerId?: string | null;
  technicianUserIds?: readonly string[];
  /** Interventions: remote/support ones are manageable by internal technicians. */
  isRemote?: boolean;
};

const emptyCell: Cell = { actions: [], scope: 'all' };

/** The rights of one actor under one matrix: the only place where roles turn into decisions. */
export class Policy {
  constructor(
    readonly actor: Actor,
    private readonly matrix: Matrix,
  ) {}

  cell(module: Module): Cell {
    return this.matrix[this.actor.role]?.[module] ?? emptyCell;
  }

  /** Effective permissions, as `/auth/me` returns them. */
  permissions(): Permissions {
    const out: Permissions = {};
    for (const m of modules) {
      const { actions } = this.cell(m);
      if (actions.length > 0) out[m] = [...actions];
    }
    return out;
  }

  scopes(): Partial<Record<Module, Cell['scope']>> {
    const out: Partial<Record<Module, Cell['scope']>> = {};
    for (const m of modules) if (this.cell(m).actions.length > 0) out[m] = this.cell(m).scope;
    return out;
  }

  /** The row scope that list and search queries of `module` must apply. */
  scopeFor(module: Module): RowScope {
    const cell = this.cell(module);
    if (!cell.actions.includes('read')) return { kind: 'none' };
    if (cell.scope !== 'own') return { kind: 'all' };
    if (this.actor.role === 'partenaire') {
      return this.actor.partnerId ? { kind: 'partner', partnerId: this.actor.partnerId } : { kind: 'none' };
    }
    return this.actor.userId ? { kind: 'technician', userId: this.actor.userId } : { kind: 'none' };
  }

  /** Whether the actor may see this row at all (its scope), regardless of the action. */
  sees(module: Module, row: RowOwner): boolean {
    const scope = this.scopeFor(module);
    switch (scope.kind) {
      case 'all':
        return true;
      case 'none':
        return false;
      case 'partner':
        return row.partnerId === scope.partnerId;
      case 'technician':
        return row.technicianUserIds?.includes(scope.userId) ?? false;
    }
  }

  /** Whether the actor may do `action` in `module`, on `row` when given. */
  can(module: Module, action: Action, row?: RowOwner): boolean {
    const cell = this.cell(module);
    if (!cell.actions.includes(action)) return false;
    if (!row) return true;
    if (!this.sees(module, row)) return false;
    if (cell.scope === 'remote' && action !== 'read') return row.isRemote === true;
    return true;
  }

  /**
   * Throws unless allowed: a row outside the actor's scope is `404` (its existence is not revealed),
   * a forbidden action is `403`.
   */
  authorizeOrThrow(module: Module, action: Action, row?: RowOwner): void {
    if (row && !this.sees(module, row)) throw notFound();
    if (!this.can(module, action, row)) {
      throw new AppError('forbidden', 'Vous n’avez pas le droit de faire cette action.');
    }
  }

  /** `abilities` of a record for the web app: what this actor may do with it. */
  abilities(module: Module, row: RowOwner, extra: Action[] = []): Record<string, boolean> {
    const out: Record<string, boolean> = {
      update: this.can(module, 'update', row),
      delete: this.can(module, 'delete', row),
    };
    for (const a of extra) out[a] = this.can(module, a, row);
    return out;
  }
}
