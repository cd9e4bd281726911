import type { Cell, Matrix } from '../../shared/permissions.ts';

const crud: Cell = { actions: ['read', 'create', 'update', 'delete'], scope: 'all' };
const read: Cell = { actions: ['read'], scope: 'all' };
const none: Cell = { actions: [], scope: 'all' };
const ownCrud: Cell = { actions: ['read', 'create', 'update', 'delete'], scope: 'own' };
const ownRead: Cell = { actions: ['read'], scope: 'own' };
/** Orders with the catalogue (articles, packs, partner prices, purchase costs): admin and ADV. */
const crudCatalog: Cell = { actions: ['read', 'create', 'update', 'delete', 'catalog'], scope: 'all' };

/**
 * The default rights matrix, as `product.md` states it. Admins can change it in the app; a role or
 * module missing here does not compile, and an action not listed is denied.
 */
export const defaultMatrix: Matrix = {
  admin: {
    clients: crud,
    tickets: crud,
    orders: crudCatalog,
    planning: crud,
    interventions: crud,
    stock: crud,
    accounting: crud,
    administration: crud,
  },
  support: {
    clients: read,
    tickets: crud,
    orders: read,
    planning: none,
    interventions: none,
    stock: none,
    accounting: none,
    administration: none,
  },
  commercial: {
    clients: crud,
    tickets: read,
    orders: crud,
    planning: read,
    interventions: read,
    stock: none,
    accounting: none,
    administration: none,
  },
  adv: {
    clients: crud,
    tickets: read,
    orders: crudCatalog,
    planning: crud,
    interventions: crud,
    stock: crud,
    accounting: none,
    administration: none,
  },
  // Exception: product.md gives staging "read + staging step" on orders.
  staging: {
    clients: read,
    tickets: read,
    orders: { actions: ['read', 'stage'], scope: 'all' },
    planning: none,
    interventions: read,
    stock: crud,
    accounting: none,
    administration: none,
  },
  // Exception: internal technicians manage remote/support interventions and read the others.
  tech_interne: {
    clients: read,
    tickets: crud,
    orders: read,
    planning: read,
    interventions: { actions: ['read', 'create', 'update', 'delete'], scope: 'remote' },
    stock: crud,
    accounting: none,
    administration: none,
  },
  // Exception: field technicians see and edit only their own planning and interventions.
  tech_terrain: {
    clients: read,
    tickets: crud,
    orders: read,
    planning: ownCrud,
    interventions: ownCrud,
    stock: none,
    accounting: none,
    administration: none,
  },
  chef_projet: {
    clients: read,
    tickets: read,
    orders: read,
    planning: crud,
    interventions: crud,
    stock: read,
    accounting: none,
    administration: none,
  },
  compta: {
    clients: read,
    tickets: none,
    orders: read,
    planning: none,
    interventions: none,
    stock: none,
    accounting: crud,
    administration: none,
  },
  // Exception: a partner acts only on its own clients and what is attached to them; it has no
  // planning (not offered: `isOfferedCell`), and reads the interventions at its clients.
  partenaire: {
    clients: ownCrud,
    tickets: ownCrud,
    orders: ownCrud,
    planning: none,
    interventions: ownRead,
    stock: none,
    accounting: none,
    administration: none,
  },
};
