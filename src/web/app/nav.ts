import type { Module } from '../../shared/permissions.ts';

/** Navigation entries; an entry shows only when the role may read its module. */
export type NavItem = { label: string; to: string; module?: Module; group?: 'admin' };

export const navItems: NavItem[] = [
  { label: 'Accueil', to: '/' },
  { label: 'Clients', to: '/clients', module: 'clients' },
  { label: 'Utilisateurs', to: '/admin/utilisateurs', module: 'administration', group: 'admin' },
  { label: 'Partenaires', to: '/admin/partenaires', module: 'administration', group: 'admin' },
  { label: 'Segments de clients', to: '/admin/segments', module: 'administration', group: 'admin' },
  {
    label: 'Sites non localisés',
    to: '/admin/sites-non-localises',
    module: 'administration',
    group: 'admin',
  },
  { label: 'Jetons d’API', to: '/admin/jetons', module: 'administration', group: 'admin' },
  { label: 'Société', to: '/admin/societe', module: 'administration', group: 'admin' },
  { label: 'Droits', to: '/admin/droits', module: 'administration', group: 'admin' },
  { label: 'Messages sortants', to: '/admin/messages', module: 'administration', group: 'admin' },
  { label: 'Modèles de messages', to: '/admin/modeles', module: 'administration', group: 'admin' },
  { label: 'Journal d’audit', to: '/admin/journal', module: 'administration', group: 'admin' },
];
