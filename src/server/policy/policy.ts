import type { Action, Cell, Matrix, Module, Permissions, Role } from '../../shared/permissions.ts';
import { modules, roleNeedsPartner, technicianKindOf } from '../../shared/permissions.ts';
import type { Capabilities } from '../../shared/schemas/auth.ts';
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

  /** The actor's cell of the matrix for `module` (nothing when the role or module is unknown). */
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

  /** Row scope of every module the actor may act in, as `/auth/me` returns it. */
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
    if (roleNeedsPartner(this.actor.role)) {
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

  /**
   * Staff: a user or token of the company itself, not of a partner. Only staff see internal notes
   * and messages, filter by partner, assign, escalate, plan and see technicians.
   */
  isStaff(): boolean {
    return isStaffRole(this.actor.role) && this.actor.partnerId === null;
  }

  /**
   * `can`, for staff only: rights the matrix gives a role that a partner never has even on its own
   * rows (assigning and escalating tickets, internal notes, bulk changes, planning, interventions).
   */
  staffCan(module: Module, action: Action, row?: RowOwner): boolean {
    return this.isStaff() && this.can(module, action, row);
  }

  /** Throws `403` with `message` unless the actor is staff. */
  staffOnlyOrThrow(message: string): void {
    if (!this.isStaff()) throw new AppError('forbidden', message);
  }

  /**
   * The rows of `module` whose entries the actor sees in a client's history (a ticket, an
   * intervention, their changes): none unless the actor reads the module, else its row scope there;
   * `internal` entries (client notes) for staff only.
   */
  historyScope(module: Module, opts: { internal?: boolean } = {}): RowScope {
    if (opts.internal && !this.isStaff()) return { kind: 'none' };
    return this.scopeFor(module);
  }

  /**
   * Whether the actor sees purchase costs and margins of the catalogue: staff who maintain it
   * (`orders:catalog`). Never a partner, even with every right: its prices are its own business.
   */
  seesPurchaseCosts(): boolean {
    return this.staffCan('orders', 'catalog');
  }

  /**
   * The partner whose price list prices the catalogue for this actor: a partner always its own
   * (whatever it asks), staff the partner it asks for (a quote for a partner's client), or none
   * (list prices).
   */
  priceListPartner(requested?: string | null): string | null {
    if (!this.isStaff()) return this.actor.partnerId;
    return requested ?? null;
  }

  /** A technician (field or internal): has a day of interventions of his own. */
  isTechnician(): boolean {
    return technicianKindOf(this.actor.role) !== null;
  }

  /**
   * Whether the actor is a user who may own clients (see `mayOwnClients`): a client they create
   * gets them as its account manager unless they choose someone else.
   */
  ownsClientsCreated(): boolean {
    return (
      this.actor.kind === 'user' && this.actor.userId !== null && mayOwnClients(this.matrix, this.actor.role)
    );
  }

  /**
   * Whether the actor sees the tickets « à qualifier » (an e-mail from an unknown sender, no client
   * yet): they belong to no partner, so only who reads every ticket does — never a partner.
   */
  seesUnqualifiedTickets(): boolean {
    return this.sees('tickets', { partnerId: null });
  }

  /** What the web app shows or hides beyond module rights, as `/auth/me` returns it. */
  capabilities(): Capabilities {
    return {
      staff: this.isStaff(),
      technician: this.isTechnician(),
      seeTechnicians: this.staffCan('planning', 'read'),
      assignTickets: this.staffCan('tickets', 'update'),
      seeUnqualifiedTickets: this.seesUnqualifiedTickets(),
      createInterventions: this.staffCan('interventions', 'create'),
      assignClients: this.staffCan('clients', 'update'),
      maintainCatalogue: this.staffCan('orders', 'catalog'),
    };
  }

  /** The paths of the navigation entries this actor sees, in menu order. */
  navigation(): string[] {
    return navigation.filter((n) => n.shows(this)).map((n) => n.to);
  }

  /**
   * The page the web app opens after login: « Ma journée » for a field technician (his own
   * interventions, on site), the home page for everyone else.
   */
  home(): string {
    const field = this.isTechnician() && this.can('interventions', 'read');
    return field && this.cell('interventions').scope === 'own' ? '/terrain' : '/';
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

/** Whether users of `role` are staff (see `Policy.isStaff`); for authors and assignees read from rows. */
export function isStaffRole(role: Role): boolean {
  return !roleNeedsPartner(role);
}

/** Whether users of `role` may be assigned tickets: staff whose role may update tickets. */
export function mayBeAssignedTickets(matrix: Matrix, role: Role): boolean {
  return isStaffRole(role) && (matrix[role]?.tickets.actions.includes('update') ?? false);
}

/**
 * Whether users of `role` may own clients (be a client's account manager, offered in the client
 * forms and the bulk change): staff whose role may change clients (commercial, ADV, admin by default).
 */
export function mayOwnClients(matrix: Matrix, role: Role): boolean {
  return isStaffRole(role) && (matrix[role]?.clients.actions.includes('update') ?? false);
}

/** Roles whose users may own clients (see `mayOwnClients`). */
export function clientOwnerRoles(matrix: Matrix): Role[] {
  return (Object.keys(matrix) as Role[]).filter((r) => mayOwnClients(matrix, r));
}

/** Whether the company setting (`totpRequiredRoles`) makes users of `role` enrol in two-factor. */
export function settingRequiresTotp(requiredRoles: readonly string[], role: string): boolean {
  return requiredRoles.includes(role);
}

/** Roles whose users may be assigned tickets (see `mayBeAssignedTickets`). */
export function ticketAssigneeRoles(matrix: Matrix): Role[] {
  return (Object.keys(matrix) as Role[]).filter((r) => mayBeAssignedTickets(matrix, r));
}

const reads =
  (...ms: Module[]) =>
  (p: Policy) =>
    ms.some((m) => p.can(m, 'read'));

/**
 * The menu of the web app, by path: an entry shows when the actor reads its module; technician
 * profiles and the planning are staff's, the day view a technician's.
 */
const navigation: { to: string; shows: (p: Policy) => boolean }[] = [
  { to: '/', shows: () => true },
  { to: '/terrain', shows: (p) => p.isTechnician() && p.can('interventions', 'read') },
  { to: '/clients', shows: reads('clients') },
  { to: '/techniciens', shows: (p) => p.staffCan('planning', 'read') },
  { to: '/planning', shows: (p) => p.staffCan('planning', 'read') },
  { to: '/interventions', shows: reads('interventions') },
  { to: '/tickets', shows: reads('tickets') },
  { to: '/devis', shows: reads('orders') },
  { to: '/catalogue', shows: reads('orders') },
  { to: '/carte', shows: reads('clients', 'tickets', 'interventions', 'planning') },
  ...[
    'utilisateurs',
    'partenaires',
    'segments',
    'competences',
    'equipes',
    'sla',
    'sites-non-localises',
    'jetons',
    'societe',
    'droits',
    'messages',
    'modeles',
    'journal',
  ].map((page) => ({ to: `/admin/${page}`, shows: reads('administration') })),
];
