import type { Me } from '../../shared/schemas/auth.ts';

/** Navigation entries; which ones a user sees is decided by the server (`navigation` of `/auth/me`). */
export type NavItem = {
  label: string;
  to: string;
  group?: 'admin';
};

export const navItems: NavItem[] = [
  { label: 'Accueil', to: '/' },
  { label: 'Ma journée', to: '/terrain' },
  { label: 'Clients', to: '/clients' },
  { label: 'Techniciens', to: '/techniciens' },
  { label: 'Planning', to: '/planning' },
  { label: 'Interventions', to: '/interventions' },
  { label: 'Tickets', to: '/tickets' },
  { label: 'Devis', to: '/devis' },
  { label: 'Catalogue', to: '/catalogue' },
  { label: 'Carte', to: '/carte' },
  { label: 'Utilisateurs', to: '/admin/utilisateurs', group: 'admin' },
  { label: 'Partenaires', to: '/admin/partenaires', group: 'admin' },
  { label: 'Segments de clients', to: '/admin/segments', group: 'admin' },
  { label: 'Compétences', to: '/admin/competences', group: 'admin' },
  { label: 'Équipes', to: '/admin/equipes', group: 'admin' },
  { label: 'Calendriers et SLA', to: '/admin/sla', group: 'admin' },
  {
    label: 'Sites non localisés',
    to: '/admin/sites-non-localises',
    group: 'admin',
  },
  { label: 'Jetons d’API', to: '/admin/jetons', group: 'admin' },
  { label: 'Société', to: '/admin/societe', group: 'admin' },
  { label: 'Droits', to: '/admin/droits', group: 'admin' },
  { label: 'Messages sortants', to: '/admin/messages', group: 'admin' },
  { label: 'Modèles de messages', to: '/admin/modeles', group: 'admin' },
  { label: 'Journal d’audit', to: '/admin/journal', group: 'admin' },
];

/** The entries this user sees, in menu order (an offline copy of an older `/auth/me` has none). */
export function visibleNavItems(me: Me): NavItem[] {
  const paths = new Set(me.navigation ?? []);
  return navItems.filter((i) => paths.has(i.to));
}
