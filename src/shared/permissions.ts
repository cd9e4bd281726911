/** Roles, modules and actions of the rights matrix, shared by the server and the web app. */
export const roles = [
  'admin',
  'support',
  'commercial',
  'adv',
  'staging',
  'tech_interne',
  'tech_terrain',
  'chef_projet',
  'compta',
  'partenaire',
] as const;
export type Role = (typeof roles)[number];

/** The one role tied to a partner company: its users and tokens must name their partner, others none. */
export function roleNeedsPartner(role: Role | null | undefined): boolean {
  return role === 'partenaire';
}

/** The technicians' roles, by kind: a technician profile exists only for these. */
export const technicianRoleOfKind = { interne: 'tech_interne', terrain: 'tech_terrain' } as const;
export type TechnicianRoleKind = keyof typeof technicianRoleOfKind;

/** The kind of technician a role is, or null for a role that is not a technician's. */
export function technicianKindOf(role: string): TechnicianRoleKind | null {
  if (role === technicianRoleOfKind.interne) return 'interne';
  return role === technicianRoleOfKind.terrain ? 'terrain' : null;
}

/** Roles that enrol in two-factor authentication until an admin changes the setting. */
export const defaultTotpRequiredRoles: Role[] = ['admin', 'compta'];

export const modules = [
  'clients',
  'tickets',
  'orders',
  'planning',
  'interventions',
  'stock',
  'accounting',
  'administration',
] as const;
export type Module = (typeof modules)[number];

/**
 * `stage`: the staging step of an order, given to the staging role on top of read. `catalog`:
 * maintaining the catalogue of orders (articles, packs, partner price lists) and seeing purchase
 * costs and margins; admin and ADV have it.
 */
export const actions = ['read', 'create', 'update', 'delete', 'stage', 'catalog'] as const;
export type Action = (typeof actions)[number];

/**
 * Row scope of a cell: `all` rows, or only the actor's `own` rows (a partner: its clients and
 * everything attached to them; a field technician: himself and his interventions), or `remote`
 * (internal technicians: manage remote/support interventions, read the others).
 */
export const scopes = ['all', 'own', 'remote'] as const;
export type Scope = (typeof scopes)[number];

export type Cell = { actions: Action[]; scope: Scope };
export type Matrix = Record<Role, Record<Module, Cell>>;

/**
 * Rights the matrix editor cannot take away: the admin keeps reading and changing the
 * administration, or nobody could manage the rights any more (the server refuses it too).
 */
export function isLockedRight(role: Role, module: Module, action: Action): boolean {
  return role === 'admin' && module === 'administration' && (action === 'read' || action === 'update');
}

/**
 * Whether the matrix offers this cell at all. A partner has no planning: the board shows every
 * technician's day and other clients' jobs; a partner follows the interventions at its clients in
 * their list. The editor shows no box there, the server refuses one and ignores a stored one.
 */
export function isOfferedCell(role: Role, module: Module): boolean {
  return !(roleNeedsPartner(role) && module === 'planning');
}

/** Actions that make sense for each module; the matrix editor shows only these. */
export const moduleActions: Record<Module, Action[]> = {
  clients: ['read', 'create', 'update', 'delete'],
  tickets: ['read', 'create', 'update', 'delete'],
  orders: ['read', 'create', 'update', 'delete', 'stage', 'catalog'],
  planning: ['read', 'create', 'update', 'delete'],
  interventions: ['read', 'create', 'update', 'delete'],
  stock: ['read', 'create', 'update', 'delete'],
  accounting: ['read', 'create', 'update', 'delete'],
  administration: ['read', 'create', 'update', 'delete'],
};

export const roleLabels: Record<Role, string> = {
  admin: 'Administrateur',
  support: 'Support',
  commercial: 'Commercial',
  adv: 'ADV (administration des ventes)',
  staging: 'Staging',
  tech_interne: 'Technicien interne',
  tech_terrain: 'Technicien terrain',
  chef_projet: 'Chef de projet',
  compta: 'Comptabilité',
  partenaire: 'Partenaire',
};

export const moduleLabels: Record<Module, string> = {
  clients: 'Clients',
  tickets: 'Tickets',
  orders: 'Commandes',
  planning: 'Planning',
  interventions: 'Interventions',
  stock: 'Staging / stock',
  accounting: 'Comptabilité',
  administration: 'Administration',
};

export const actionLabels: Record<Action, string> = {
  read: 'Lire',
  create: 'Créer',
  update: 'Modifier',
  delete: 'Supprimer',
  stage: 'Étape staging',
  catalog: 'Catalogue',
};

export const scopeLabels: Record<Scope, string> = {
  all: 'Tout',
  own: 'Les siens',
  remote: 'Distance / support',
};

export type Permissions = Partial<Record<Module, Action[]>>;
