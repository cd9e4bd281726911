import type { Module, Role } from '../../shared/permissions.ts';
import type { Me } from '../../shared/schemas/auth.ts';
import { can } from './auth.ts';

/**
 * Navigation entries; an entry shows only when the role may read its module (and, with `roles`,
 * only for those roles).
 */
export type NavItem = {
  label: string;
  to: string;
  module?: Module;
  /** Shown when the role reads at least one of these modules. */
  anyModule?: Module[];
  group?: 'admin';
  roles?: Role[];
};

export const navItems: NavItem[] = [
  { label: 'Accueil', to: '/' },
  { label: 'Ma journée', to: '/terrain', module: 'interventions', roles: ['tech_terrain', 'tech_interne'] },
  { label: 'Clients', to: '/clients', module: 'clients' },
  {
    label: 'Techniciens',
    to: '/techniciens',
    module: 'planning',
    // Partners read planning (own scope) but never see technician profiles.
    roles: ['admin', 'commercial', 'adv', 'tech_interne', 'tech_terrain', 'chef_projet'],
  },
  {
    label: 'Planning',
    to: '/planning',
    module: 'planning',
    roles: [
      'admin',
      'support',
      'commercial',
      'adv',
      'staging',
      'tech_interne',
      'tech_terrain',
      'chef_projet',
      'compta',
    ],
  },
  { label: 'Interventions', to: '/interventions', module: 'interventions' },
  { label: 'Tickets', to: '/tickets', module: 'tickets' },
  { label: 'Carte', to: '/carte', anyModule: ['clients', 'tickets', 'interventions', 'planning'] },
  { label: 'Utilisateurs', to: '/admin/utilisateurs', module: 'administration', group: 'admin' },
  { label: 'Partenaires', to: '/admin/partenaires', module: 'administration', group: 'admin' },
  { label: 'Segments de clients', to: '/admin/segments', module: 'administration', group: 'admin' },
  { label: 'Compétences', to: '/admin/competences', module: 'administration', group: 'admin' },
  { label: 'Équipes', to: '/admin/equipes', module: 'administration', group: 'admin' },
  { label: 'Calendriers et SLA', to: '/admin/sla', module: 'administration', group: 'admin' },
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

/** The entries this user sees: modules the role reads, restricted to `roles` when given. */
export function visibleNavItems(me: Me): NavItem[] {
  return navItems.filter(
    (i) =>
      (!i.module || can(me, i.module)) &&
      (!i.anyModule || i.anyModule.some((m) => can(me, m))) &&
      (!i.roles || i.roles.includes(me.user.role)),
  );
}
