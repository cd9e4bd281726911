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
import { ErrorPage } from './error-page.tsx';
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

const root = createRootRouteWithContext<Ctx>()({ component: Outlet, notFoundComponent: NotFoundPage });

const login = createRoute({
  getParentRoute: () => root,
  path: '/connexion',
  validateSearch: loginSearch,
  component: lazyRouteComponent(() => import('../modules/auth/login-page.tsx'), 'LoginPage'),
});

const reset = createRoute({
  getParentRoute: () => root,
  path: '/reinitialiser-mot-de-passe',
  component: lazyRouteComponent(() => import('../modules/auth/reset-page.tsx'), 'ResetPasswordPage'),
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
const page = <P extends string, N extends string>(path: P, load: () => PageModule<N>, name: N) =>
  createRoute({ getParentRoute: () => app, path, component: lazyRouteComponent(load, name) });

/** A signed-in page with search parameters, validated by their schema (search-params.ts). */
const searchPage = <P extends string, S extends z.ZodType<object>, N extends string>(
  path: P,
  validateSearch: S,
  load: () => PageModule<N>,
  name: N,
) =>
  createRoute({
    getParentRoute: () => app,
    path,
    validateSearch,
    component: lazyRouteComponent(load, name),
  });

const home = page('/', () => import('../modules/home/home-page.tsx'), 'HomePage');
const account = page('/compte', () => import('../modules/account/account-page.tsx'), 'AccountPage');
const clients = searchPage(
  '/clients',
  clientListSearch,
  () => import('../modules/clients/clients-page.tsx'),
  'ClientsPage',
);
const client = page('/clients/$clientId', () => import('../modules/clients/client-page.tsx'), 'ClientPage');
const clientImport = page(
  '/clients/import',
  () => import('../modules/clients/import-page.tsx'),
  'ClientImportPage',
);
const users = page('/admin/utilisateurs', () => import('../modules/admin/users-page/index.tsx'), 'UsersPage');
const partners = page(
  '/admin/partenaires',
  () => import('../modules/admin/partners-page.tsx'),
  'PartnersPage',
);
const tokens = page('/admin/jetons', () => import('../modules/admin/tokens-page.tsx'), 'TokensPage');
const company = page('/admin/societe', () => import('../modules/admin/company-page.tsx'), 'CompanyPage');
const matrix = page('/admin/droits', () => import('../modules/admin/matrix-page.tsx'), 'MatrixPage');
const outbox = searchPage(
  '/admin/messages',
  outboxSearch,
  () => import('../modules/admin/outbox-page.tsx'),
  'OutboxPage',
);
const segments = page('/admin/segments', () => import('../modules/admin/segments-page.tsx'), 'SegmentsPage');
const templates = page(
  '/admin/modeles',
  () => import('../modules/admin/templates-page.tsx'),
  'TemplatesPage',
);
const audit = page('/admin/journal', () => import('../modules/admin/audit-page.tsx'), 'AuditPage');
const unplacedSites = page(
  '/admin/sites-non-localises',
  () => import('../modules/clients/unplaced-sites-page.tsx'),
  'UnplacedSitesPage',
);
const field = page('/terrain', () => import('../modules/field/field-page.tsx'), 'FieldPage');
const fieldDetail = page(
  '/terrain/$id',
  () => import('../modules/field/field-detail-page/index.tsx'),
  'FieldDetailPage',
);
const interventionList = page(
  '/interventions',
  () => import('../modules/interventions/interventions-page.tsx'),
  'InterventionsPage',
);
const interventionNew = searchPage(
  '/interventions/nouvelle',
  interventionNewSearch,
  () => import('../modules/interventions/intervention-form-page.tsx'),
  'InterventionFormPage',
);
const interventionEdit = page(
  '/interventions/$interventionId/modifier',
  () => import('../modules/interventions/intervention-form-page.tsx'),
  'InterventionEditPage',
);
const interventionDetail = page(
  '/interventions/$interventionId',
  () => import('../modules/interventions/intervention-page.tsx'),
  'InterventionPage',
);
const ticketList = page('/tickets', () => import('../modules/tickets/tickets-page.tsx'), 'TicketsPage');
const ticketNew = searchPage(
  '/tickets/nouveau',
  ticketNewSearch,
  () => import('../modules/tickets/ticket-form-page.tsx'),
  'TicketFormPage',
);
const ticketDetail = page(
  '/tickets/$ticketId',
  () => import('../modules/tickets/ticket-page.tsx'),
  'TicketPage',
);
const teamsAdmin = page('/admin/equipes', () => import('../modules/tickets/teams-page.tsx'), 'TeamsPage');
const planning = searchPage(
  '/planning',
  planningSearch,
  () => import('../modules/planning/planning-page/index.tsx'),
  'PlanningPage',
);
const technicianList = searchPage(
  '/techniciens',
  technicianListSearch,
  () => import('../modules/technicians/technicians-page.tsx'),
  'TechniciansPage',
);
const technicianMe = searchPage(
  '/techniciens/moi',
  technicianSearch,
  () => import('../modules/technicians/technician-page/index.tsx'),
  'MyTechnicianPage',
);
const technicianDetail = searchPage(
  '/techniciens/$technicianId',
  technicianSearch,
  () => import('../modules/technicians/technician-page/index.tsx'),
  'TechnicianPage',
);
const skillsAdmin = page(
  '/admin/competences',
  () => import('../modules/technicians/skills-page.tsx'),
  'SkillsPage',
);
const slaAdmin = page('/admin/sla', () => import('../modules/admin/sla-admin-page.tsx'), 'SlaPage');
const mapPage = searchPage('/carte', mapSearch, () => import('../modules/map/map-page/index.tsx'), 'MapPage');
const search = searchPage(
  '/recherche',
  searchPageSearch,
  () => import('../modules/search/search-page.tsx'),
  'SearchPage',
);

const routeTree = root.addChildren([
  login,
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
    // A page that cannot load (an API refusal such as a 429, a crash) says so in French.
    defaultErrorComponent: ErrorPage,
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof buildRouter>;
  }
}
