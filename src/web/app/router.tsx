import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type ErrorComponentProps,
  lazyRouteComponent,
  Outlet,
  parseSearchWith,
  redirect,
  stringifySearchWith,
} from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { z } from 'zod';
import type { Me } from '../../shared/schemas/auth.ts';
import { can, capable, meQuery } from './auth.ts';
import { type FirstData, startFirstData } from './first-data.ts';
import { useRouteTitle } from '../ui/page-title.ts';
import { ErrorPage } from './error-page.tsx';
import { AccessDeniedPage, NotFoundPage } from './not-found.tsx';
import {
  catalogueSearch,
  clientListSearch,
  definedOf,
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

/** The client's answer to a quote, opened from the e-mailed link (`#<token>`) without an account. */
const publicQuote = createRoute({
  getParentRoute: () => root,
  path: '/devis/acceptation',
  staticData: { title: 'Votre devis' },
  component: lazyRouteComponent(() => import('../modules/quotes/public-quote-page.tsx'), 'PublicQuotePage'),
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

/**
 * Who may open a page, read from `/auth/me` — its navigation entries, module rights and capabilities,
 * never a role. A page the user may not open shows « Accès refusé » without loading its chunk or
 * calling the API (each refused call is a security entry in the audit log).
 */
type Allow = (me: Me) => boolean;
/** The page's menu entry is shown (an older offline copy of `/auth/me` without `navigation` lets through). */
const inNav =
  (path: string): Allow =>
  (me) =>
    !me.navigation || me.navigation.includes(path);

/** Thrown by `beforeLoad` when `allow` says no; `PageError` shows it as the refusal page, any other error as `ErrorPage`. */
class AccessDenied extends Error {}

function PageError(props: ErrorComponentProps) {
  return props.error instanceof AccessDenied ? <AccessDeniedPage /> : <ErrorPage {...props} />;
}

function refuseUnless(allow: Allow | undefined, me: Me) {
  if (allow && !allow(me)) throw new AccessDenied();
}

/** A loader that starts the page's first queries and returns at once (the page shows them arriving). */
const firstDataLoader = (first: FirstData) => ({
  loaderDeps: ({ search }: { search: Record<string, unknown> }) => search,
  loader: (opts: {
    context: { me: Me; queryClient: QueryClient };
    params: Record<string, string>;
    deps: Record<string, unknown>;
  }) =>
    startFirstData(
      opts.context.queryClient,
      first({ me: opts.context.me, params: opts.params, search: opts.deps }),
    ),
});

/**
 * What every signed-in page route has: the rights check, the refusal page, its lazy component, and
 * the loader that starts its first queries (`first`) with the chunk, once the check has passed.
 */
const pageOptions = <N extends string>(
  load: () => PageModule<N>,
  name: N,
  allow: Allow | undefined,
  first: FirstData | undefined,
) => ({
  beforeLoad: ({ context }: { context: { me: Me } }) => refuseUnless(allow, context.me),
  errorComponent: PageError,
  component: lazyRouteComponent(load, name),
  // Typed apart: the loader's loose types must not widen the route's own (params, search).
  ...(first ? (firstDataLoader(first) as object) : {}),
});

/** A signed-in page, its component loaded with its chunk; `allow`: who may open it (everyone signed in). */
const page = <P extends string, N extends string>(
  path: P,
  title: string,
  load: () => PageModule<N>,
  name: N,
  allow?: Allow,
  first?: FirstData,
) =>
  createRoute({
    getParentRoute: () => app,
    path,
    staticData: { title },
    ...pageOptions(load, name, allow, first),
  });

/** A signed-in page with search parameters, validated by their schema (search-params.ts). */
const searchPage = <P extends string, S extends z.ZodType<object>, N extends string>(
  path: P,
  title: string,
  validateSearch: S,
  load: () => PageModule<N>,
  name: N,
  allow?: Allow,
  first?: FirstData,
) =>
  createRoute({
    getParentRoute: () => app,
    path,
    staticData: { title },
    validateSearch,
    ...pageOptions(load, name, allow, first),
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
  inNav('/clients'),
  async ({ search }) => [(await import('../modules/clients/api.ts')).clientQueries.list(definedOf(search))],
);
const client = page(
  '/clients/$clientId',
  'Client',
  () => import('../modules/clients/client-page.tsx'),
  'ClientPage',
  inNav('/clients'),
  async ({ params }) => [(await import('../modules/clients/api.ts')).clientQueries.detail(params.clientId!)],
);
const clientImport = page(
  '/clients/import',
  'Import de clients',
  () => import('../modules/clients/import-page.tsx'),
  'ClientImportPage',
  (me) => can(me, 'clients', 'create'),
);
const users = page(
  '/admin/utilisateurs',
  'Utilisateurs',
  () => import('../modules/admin/users-page/index.tsx'),
  'UsersPage',
  inNav('/admin/utilisateurs'),
);
const partners = page(
  '/admin/partenaires',
  'Partenaires',
  () => import('../modules/admin/partners-page.tsx'),
  'PartnersPage',
  inNav('/admin/partenaires'),
);
const tokens = page(
  '/admin/jetons',
  'Jetons d’API',
  () => import('../modules/admin/tokens-page.tsx'),
  'TokensPage',
  inNav('/admin/jetons'),
);
const company = page(
  '/admin/societe',
  'Société',
  () => import('../modules/admin/company-page.tsx'),
  'CompanyPage',
  inNav('/admin/societe'),
);
const matrix = page(
  '/admin/droits',
  'Droits',
  () => import('../modules/admin/matrix-page.tsx'),
  'MatrixPage',
  inNav('/admin/droits'),
);
const outbox = searchPage(
  '/admin/messages',
  'Messages sortants',
  outboxSearch,
  () => import('../modules/admin/outbox-page.tsx'),
  'OutboxPage',
  inNav('/admin/messages'),
);
const segments = page(
  '/admin/segments',
  'Segments de clients',
  () => import('../modules/admin/segments-page.tsx'),
  'SegmentsPage',
  inNav('/admin/segments'),
);
const templates = page(
  '/admin/modeles',
  'Modèles de messages',
  () => import('../modules/admin/templates-page.tsx'),
  'TemplatesPage',
  inNav('/admin/modeles'),
);
const audit = page(
  '/admin/journal',
  'Journal d’audit',
  () => import('../modules/admin/audit-page.tsx'),
  'AuditPage',
  inNav('/admin/journal'),
);
const unplacedSites = page(
  '/admin/sites-non-localises',
  'Sites non localisés',
  () => import('../modules/clients/unplaced-sites-page.tsx'),
  'UnplacedSitesPage',
  inNav('/admin/sites-non-localises'),
);
const field = page(
  '/terrain',
  'Ma journée',
  () => import('../modules/field/field-page.tsx'),
  'FieldPage',
  inNav('/terrain'),
);
const fieldDetail = page(
  '/terrain/$id',
  'Intervention',
  () => import('../modules/field/field-detail-page/index.tsx'),
  'FieldDetailPage',
  inNav('/terrain'),
);
const interventionList = page(
  '/interventions',
  'Interventions',
  () => import('../modules/interventions/interventions-page.tsx'),
  'InterventionsPage',
  inNav('/interventions'),
  async () => [(await import('../modules/interventions/api.ts')).interventionQueries.list({})],
);
const interventionNew = searchPage(
  '/interventions/nouvelle',
  'Nouvelle intervention',
  interventionNewSearch,
  () => import('../modules/interventions/intervention-form-page.tsx'),
  'InterventionFormPage',
  (me) => capable(me, 'createInterventions'),
);
const interventionEdit = page(
  '/interventions/$interventionId/modifier',
  'Modifier l’intervention',
  () => import('../modules/interventions/intervention-form-page.tsx'),
  'InterventionEditPage',
  (me) => can(me, 'interventions', 'update'),
);
const interventionDetail = page(
  '/interventions/$interventionId',
  'Intervention',
  () => import('../modules/interventions/intervention-page.tsx'),
  'InterventionPage',
  inNav('/interventions'),
);
const ticketList = page(
  '/tickets',
  'Tickets',
  () => import('../modules/tickets/tickets-page.tsx'),
  'TicketsPage',
  inNav('/tickets'),
  async ({ me }) => {
    const { ticketQueries, firstQueue } = await import('../modules/tickets/api.ts');
    const list = ticketQueries.list({ queue: firstQueue(me) });
    return capable(me, 'staff') ? [list, ticketQueries.counts()] : [list];
  },
);
const ticketNew = searchPage(
  '/tickets/nouveau',
  'Nouveau ticket',
  ticketNewSearch,
  () => import('../modules/tickets/ticket-form-page.tsx'),
  'TicketFormPage',
  (me) => can(me, 'tickets', 'create'),
);
const ticketDetail = page(
  '/tickets/$ticketId',
  'Ticket',
  () => import('../modules/tickets/ticket-page.tsx'),
  'TicketPage',
  inNav('/tickets'),
  async ({ params }) => {
    const { ticketQueries } = await import('../modules/tickets/api.ts');
    return [ticketQueries.detail(params.ticketId!), ticketQueries.messages(params.ticketId!)];
  },
);
const teamsAdmin = page(
  '/admin/equipes',
  'Équipes',
  () => import('../modules/tickets/teams-page.tsx'),
  'TeamsPage',
  inNav('/admin/equipes'),
);
const planning = searchPage(
  '/planning',
  'Planning',
  planningSearch,
  () => import('../modules/planning/planning-page/index.tsx'),
  'PlanningPage',
  inNav('/planning'),
  async ({ me, search }) => {
    if (!capable(me, 'seeTechnicians')) return [];
    const { boardWindow, interventionQueries } = await import('../modules/interventions/api.ts');
    const { from, to } = boardWindow(search, matchMedia('(max-width: 47.99em)').matches);
    const { department, skillId } = search as { department?: string; skillId?: string };
    return [interventionQueries.board({ from, to, department, skillId })];
  },
);
const technicianList = searchPage(
  '/techniciens',
  'Techniciens',
  technicianListSearch,
  () => import('../modules/technicians/technicians-page.tsx'),
  'TechniciansPage',
  inNav('/techniciens'),
);
const technicianMe = searchPage(
  '/techniciens/moi',
  'Mon profil technicien',
  technicianSearch,
  () => import('../modules/technicians/technician-page/index.tsx'),
  'MyTechnicianPage',
  (me) => capable(me, 'technician') && can(me, 'planning'),
);
const technicianDetail = searchPage(
  '/techniciens/$technicianId',
  'Technicien',
  technicianSearch,
  () => import('../modules/technicians/technician-page/index.tsx'),
  'TechnicianPage',
  inNav('/techniciens'),
);
const skillsAdmin = page(
  '/admin/competences',
  'Compétences',
  () => import('../modules/technicians/skills-page.tsx'),
  'SkillsPage',
  inNav('/admin/competences'),
);
const slaAdmin = page(
  '/admin/sla',
  'Calendriers et SLA',
  () => import('../modules/admin/sla-admin-page.tsx'),
  'SlaPage',
  inNav('/admin/sla'),
);
const mapPage = searchPage(
  '/carte',
  'Carte',
  mapSearch,
  () => import('../modules/map/map-page/index.tsx'),
  'MapPage',
  inNav('/carte'),
  async ({ me, search }) => {
    const [{ mapFiltersOf, mapQueries, shownLayers }, { readableLayers }] = await Promise.all([
      import('../modules/map/api.ts'),
      import('../modules/map/map-layers.ts'),
    ]);
    // The map itself (Leaflet) loads with the page's chunk, not after it; asked only now, as its
    // long evaluation would otherwise hold back the points' requests.
    void import('../modules/map/map-view.tsx').catch(() => undefined);
    const layers = shownLayers(readableLayers(me), (search as { layers?: string }).layers);
    return layers.map((layer) => mapQueries.points(layer, mapFiltersOf(search)));
  },
);
const catalogue = searchPage(
  '/catalogue',
  'Catalogue',
  catalogueSearch,
  () => import('../modules/catalogue/catalogue-page.tsx'),
  'CataloguePage',
  inNav('/catalogue'),
  async ({ search }) => {
    const { tab, partnerId: _p, ...filters } = definedOf(search as z.infer<typeof catalogueSearch>);
    if (tab && tab !== 'articles') return [];
    return [(await import('../modules/catalogue/api.ts')).catalogueQueries.products(filters)];
  },
);
const quoteList = page(
  '/devis',
  'Devis',
  () => import('../modules/quotes/quotes-page.tsx'),
  'QuotesPage',
  inNav('/devis'),
  async () => [(await import('../modules/quotes/api.ts')).quoteQueries.list({})],
);
const quoteNew = page(
  '/devis/nouveau',
  'Nouveau devis',
  () => import('../modules/quotes/quote-page.tsx'),
  'QuoteNewPage',
  (me) => can(me, 'orders', 'create'),
);
const quoteDetail = page(
  '/devis/$quoteId',
  'Devis',
  () => import('../modules/quotes/quote-page.tsx'),
  'QuotePage',
  inNav('/devis'),
  async ({ params }) => [(await import('../modules/quotes/api.ts')).quoteQueries.detail(params.quoteId!)],
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
  publicQuote,
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
    catalogue,
    quoteList,
    quoteNew,
    quoteDetail,
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

/** The pages open without a session (no `/auth/me` is asked there). */
export const isPublicPath = (pathname: string) =>
  [login, forgot, reset, publicQuote].some((r) => r.fullPath === pathname);

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
