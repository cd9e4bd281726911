import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  parseSearchWith,
  redirect,
  stringifySearchWith,
} from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import { meQuery } from './auth.ts';
import { useRouteTitle } from '../ui/page-title.ts';
import { NotFoundPage } from './not-found.tsx';
import {
  clientListSearch,
  interventionNewSearch,
  loginSearch,
  mapSearch,
  outboxSearch,
  planningSearch,
  searchPageSearch,
  technicianListSearch,
  technicianSearch,
  ticketNewSearch,
} from './search-params.ts';
import { Shell } from './shell.tsx';

type Ctx = { queryClient: QueryClient };

/** The root: names the browser tab after the matched page (`staticData.title`). */
function Root() {
  useRouteTitle();
  return <Outlet />;
}

const root = createRootRouteWithContext<Ctx>()({ component: Root, notFoundComponent: NotFoundPage });

const login = createRoute({
  getParentRoute: () => root,
  path: '/connexion',
  staticData: { title: 'Connexion' },
  validateSearch: loginSearch,
  component: lazyRouteComponent(() => import('../modules/auth/login-page.tsx'), 'LoginPage'),
});

const reset = createRoute({
  getParentRoute: () => root,
  path: '/reinitialiser-mot-de-passe',
  staticData: { title: 'Nouveau mot de passe' },
  component: lazyRouteComponent(() => import('../modules/auth/reset-page.tsx'), 'ResetPasswordPage'),
});

const forgot = createRoute({
  getParentRoute: () => root,
  path: '/mot-de-passe-oublie',
  staticData: { title: 'Mot de passe oublié' },
  component: lazyRouteComponent(() => import('../modules/auth/forgot-page.tsx'), 'ForgotPasswordPage'),
});

/** Everything below needs a session; a user who must enrol in 2FA is kept on the account page. */
const app = createRoute({
  getParentRoute: () => root,
  id: 'app',
  component: Shell,
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (!me)
      throw redirect({
        to: '/connexion',
        search: { redirect: location.href === '/' ? undefined : location.href },
      });
    if (me.totpEnrollmentRequired && location.pathname !== '/compte') throw redirect({ href: '/compte' });
    return { me };
  },
});

type PageModule<N extends string> = Promise<Record<N, () => ReactNode>>;

/** A signed-in page, its component loaded with its chunk. */
const page = <P extends string, N extends string>(
  path: P,
  title: string,
  load: () => PageModule<N>,
  name: N,
) =>
  createRoute({
    getParentRoute: () => app,
    path,
    staticData: { title },
    component: lazyRouteComponent(load, name),
  });

/** A signed-in page with search parameters, validated by their schema (search-params.ts). */
const searchPage = <P extends string, S extends z.ZodType<object>, N extends string>(
  path: P,
  title: string,
  validateSearch: S,
  load: () => PageModule<N>,
  name: N,
) =>
  createRoute({
    getParentRoute: () => app,
    path,
    staticData: { title },
    validateSearch,
    component: lazyRouteComponent(load, name),
  });

const home = page('/', 'Accueil', () => import('../modules/home/home-page.tsx'), 'HomePage');
const account = page(
  '/compte',
  'Mon compte',
  () => import('../modules/account/account-page.tsx'),
  'AccountPage',
);
const clients = searchPage(
  '/clients',
  'Clients',
  clientListSearch,
  () => import('../modules/clients/clients-page.tsx'),
  'ClientsPage',
);
const client = page(
  '/clients/$clientId',
  'Client',
  () => import('../modules/clients/client-page.tsx'),
  'ClientPage',
);
const clientImport = page(
  '/clients/import',
  'Import de clients',
  () => import('../modules/clients/import-page.tsx'),
  'ClientImportPage',
);
const users = page(
  '/admin/utilisateurs',
  'Utilisateurs',
  () => import('../modules/admin/users-page/index.tsx'),
  'UsersPage',
);
const partners = page(
  '/admin/partenaires',
  'Partenaires',
  () => import('../modules/admin/partners-page.tsx'),
  'PartnersPage',
);
const tokens = page(
  '/admin/jetons',
  'Jetons d’API',
  () => import('../modules/admin/tokens-page.tsx'),
  'TokensPage',
);
const company = page(
  '/admin/societe',
  'Société',
  () => import('../modules/admin/company-page.tsx'),
  'CompanyPage',
);
const matrix = page(
  '/admin/droits',
  'Droits',
  () => import('../modules/admin/matrix-page.tsx'),
  'MatrixPage',
);
const outbox = searchPage(
  '/admin/messages',
  'Messages sortants',
  outboxSearch,
  () => import('../modules/admin/outbox-page.tsx'),
  'OutboxPage',
);
const segments = page(
  '/admin/segments',
  'Segments de clients',
  () => import('../modules/admin/segments-page.tsx'),
  'SegmentsPage',
);
const templates = page(
  '/admin/modeles',
  'Modèles de messages',
  () => import('../modules/admin/templates-page.tsx'),
  'TemplatesPage',
);
const audit = page(
  '/admin/journal',
  'Journal d’audit',
  () => import('../modules/admin/audit-page.tsx'),
  'AuditPage',
);
const unplacedSites = page(
  '/admin/sites-non-localises',
  'Sites non localisés',
  () => import('../modules/clients/unplaced-sites-page.tsx'),
  'UnplacedSitesPage',
);
const field = page('/terrain', 'Ma journée', () => import('../modules/field/field-page.tsx'), 'FieldPage');
const fieldDetail = page(
  '/terrain/$id',
  'Intervention',
  () => import('../modules/field/field-detail-page/index.tsx'),
  'FieldDetailPage',
);
const interventionList = page(
  '/interventions',
  'Interventions',
  () => import('../modules/interventions/interventions-page.tsx'),
  'InterventionsPage',
);
const interventionNew = searchPage(
  '/interventions/nouvelle',
  'Nouvelle intervention',
  interventionNewSearch,
  () => import('../modules/interventions/intervention-form-page.tsx'),
  'InterventionFormPage',
);
const interventionEdit = page(
  '/interventions/$interventionId/modifier',
  'Modifier l’intervention',
  () => import('../modules/interventions/intervention-form-page.tsx'),
  'InterventionEditPage',
);
const interventionDetail = page(
  '/interventions/$interventionId',
  'Intervention',
  () => import('../modules/interventions/intervention-page.tsx'),
  'InterventionPage',
);
const ticketList = page(
  '/tickets',
  'Tickets',
  () => import('../modules/tickets/tickets-page.tsx'),
  'TicketsPage',
);
const ticketNew = searchPage(
  '/tickets/nouveau',
  'Nouveau ticket',
  ticketNewSearch,
  () => import('../modules/tickets/ticket-form-page.tsx'),
  'TicketFormPage',
);
const ticketDetail = page(
  '/tickets/$ticketId',
  'Ticket',
  () => import('../modules/tickets/ticket-page.tsx'),
  'TicketPage',
);
const teamsAdmin = page(
  '/admin/equipes',
  'Équipes',
  () => import('../modules/tickets/teams-page.tsx'),
  'TeamsPage',
);
const planning = searchPage(
  '/planning',
  'Planning',
  planningSearch,
  () => import('../modules/planning/planning-page/index.tsx'),
  'PlanningPage',
);
const technicianList = searchPage(
  '/techniciens',
  'Techniciens',
  technicianListSearch,
  () => import('../modules/technicians/technicians-page.tsx'),
  'TechniciansPage',
);
const technicianMe = searchPage(
  '/techniciens/moi',
  'Mon profil technicien',
  technicianSearch,
  () => import('../modules/technicians/technician-page/index.tsx'),
  'MyTechnicianPage',
);
const technicianDetail = searchPage(
  '/techniciens/$technicianId',
  'Technicien',
  technicianSearch,
  () => import('../modules/technicians/technician-page/index.tsx'),
  'TechnicianPage',
);
const skillsAdmin = page(
  '/admin/competences',
  'Compétences',
  () => import('../modules/technicians/skills-page.tsx'),
  'SkillsPage',
);
const slaAdmin = page(
  '/admin/sla',
  'Calendriers et SLA',
  () => import('../modules/admin/sla-admin-page.tsx'),
  'SlaPage',
);
const mapPage = searchPage(
  '/carte',
  'Carte',
  mapSearch,
  () => import('../modules/map/map-page/index.tsx'),
  'MapPage',
);
const search = searchPage(
  '/recherche',
  'Recherche',
  searchPageSearch,
  () => import('../modules/search/search-page.tsx'),
  'SearchPage',
);

const routeTree = root.addChildren([
  login,
  forgot,
  reset,
  app.addChildren([
    home,
    account,
    clients,
    clientImport,
    client,
    users,
    partners,
    tokens,
    company,
    matrix,
    audit,
    outbox,
    templates,
    segments,
    unplacedSites,
    search,
    interventionList,
    interventionNew,
    ticketList,
    ticketNew,
    ticketDetail,
    teamsAdmin,
    interventionDetail,
    interventionEdit,
    planning,
    field,
    fieldDetail,
    technicianList,
    technicianMe,
    technicianDetail,
    skillsAdmin,
    slaAdmin,
    mapPage,
  ]),
]);

export function buildRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    // Search params are plain strings in the URL (?department=69, not ?department=%2269%22); only
    // objects and arrays are written as JSON (and read back as strings, for the page to parse).
    parseSearch: parseSearchWith((s) => s),
    stringifySearch: stringifySearchWith(JSON.stringify),
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof buildRouter>;
  }
}
