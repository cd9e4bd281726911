import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Config, mapTileImgSource } from './infra/config.ts';
import type { Database, Db } from './infra/db.ts';
import { AppError } from './infra/errors.ts';
import { installErrorHandling, sendError } from './infra/http.ts';
import { installJsonCompression } from './infra/compress.ts';
import { installInputChecks } from './infra/input.ts';
import type { Jobs } from './infra/jobs.ts';
import { createLogger, type Logger, RequestLogController } from './infra/logger.ts';
import { defaultMaxFileBytes } from './infra/files.ts';
import { installUploads, maxJsonBytes } from './infra/uploads.ts';
import { installRateLimit } from './infra/rate-limit.ts';
import './infra/context.ts';
import { bearerOf, installAuthentication, sessionTokenOf } from './modules/auth/auth.hooks.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { clientRoutes } from './modules/clients/clients.routes.ts';
import { clientImportRoutes } from './modules/clients/import.routes.ts';
import { clientSegmentRoutes } from './modules/clients/segments.routes.ts';
import { contactRoutes } from './modules/clients/contacts.routes.ts';
import { noteRoutes } from './modules/clients/notes.routes.ts';
import { platformRoutes } from './modules/clients/platforms.routes.ts';
import { siteRoutes } from './modules/clients/sites.routes.ts';
import { clientTimelineRoutes } from './modules/clients/timeline.routes.ts';
import { savedFilterRoutes } from './modules/clients/saved-filters.routes.ts';
import { outboxRoutes } from './modules/notifications/outbox.routes.ts';
import { templateRoutes } from './modules/notifications/templates.routes.ts';
import { eventRoutes } from './modules/notifications/events.routes.ts';
import type { EventHub } from './modules/notifications/events.service.ts';
import { inboxRoutes } from './modules/notifications/inbox.routes.ts';
import { smsRoutes } from './modules/notifications/sms.routes.ts';
import { clientSmsRoutes } from './modules/clients/sms.routes.ts';
import { searchRoutes } from './modules/search/search.routes.ts';
import { callRoutes } from './modules/calls/calls.routes.ts';
import { interventionRoutes } from './modules/interventions/interventions.routes.ts';
import { planningRoutes } from './modules/interventions/planning.routes.ts';
import { technicianRoutes } from './modules/technicians/technicians.routes.ts';
import { technicianRatingRoutes } from './modules/interventions/ratings.routes.ts';
import { skillRoutes } from './modules/technicians/skills.routes.ts';
import { absenceRoutes } from './modules/technicians/absences.routes.ts';
import { fieldRoutes } from './modules/interventions/field.routes.ts';
import { ticketRoutes } from './modules/tickets/tickets.routes.ts';
import { mapRoutes } from './modules/map/map.routes.ts';
import { contractRoutes } from './modules/contracts/contracts.routes.ts';
import { catalogueRoutes } from './modules/orders/catalogue.routes.ts';
import { quotePublicRoutes } from './modules/orders/quote-public.routes.ts';
import { quoteRoutes } from './modules/orders/quotes.routes.ts';
import { calendarRoutes } from './modules/tickets/calendars.routes.ts';
import { slaPolicyRoutes, ticketSlaRoutes } from './modules/tickets/sla-policies.routes.ts';
import { docsRoutes } from './modules/health/docs.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { installMetrics } from './modules/health/metrics.ts';
import { registerOpenApi } from './modules/health/openapi.ts';
import { partnerRoutes } from './modules/partners/partners.routes.ts';
import { permissionRoutes } from './modules/permissions/permissions.routes.ts';
import { settingsRoutes } from './modules/settings/settings.routes.ts';
import { tokenRoutes } from './modules/users/tokens.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';

export type Deps = {
  db: Db;
  database: Database;
  config: Config;
  jobs: Jobs;
  /** Real-time events of this process (SSE streams); started and stopped by whoever builds the app. */
  events: EventHub;
  /** The process's structured logger, shared with jobs, event hub and workers (default: from config). */
  logger?: Logger;
};

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
    /** Every API route with the permission it declares (snapshot-tested). */
    routeTable: { method: string; url: string; permission: string }[];
  }
}

/** Every API route the app serves, by module; each declares its permission. */
const apiModules = [
  authRoutes,
  userRoutes,
  tokenRoutes,
  partnerRoutes,
  settingsRoutes,
  permissionRoutes,
  auditRoutes,
  clientImportRoutes,
  clientRoutes,
  clientSegmentRoutes,
  siteRoutes,
  contactRoutes,
  platformRoutes,
  noteRoutes,
  clientTimelineRoutes,
  savedFilterRoutes,
  outboxRoutes,
  templateRoutes,
  eventRoutes,
  inboxRoutes,
  smsRoutes,
  clientSmsRoutes,
  searchRoutes,
  callRoutes,
  interventionRoutes,
  planningRoutes,
  technicianRoutes,
  technicianRatingRoutes,
  skillRoutes,
  absenceRoutes,
  fieldRoutes,
  ticketRoutes,
  contractRoutes,
  catalogueRoutes,
  quoteRoutes,
  quotePublicRoutes,
  calendarRoutes,
  slaPolicyRoutes,
  ticketSlaRoutes,
  mapRoutes,
];

/** Builds the app: infra → auth → policy → modules → web. Nothing listens yet. */
export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    trustProxy: config.trustProxy,
    // JSON only: files come as multipart forms (infra/uploads.ts), limited per route.
    bodyLimit: maxJsonBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    loggerInstance: (deps.logger ?? createLogger(config.logLevel)) as FastifyBaseLogger,
    logController: new RequestLogController(),
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('deps', deps);
  app.decorate('routeTable', []);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  // Every API route must say who may call it; the app refuses to start otherwise.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    if (!route.config?.permission) {
      throw new Error(`La route ${route.method} ${route.url} ne déclare pas de permission.`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        app.routeTable.push({ method, url: route.url, permission: route.config.permission });
    }
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    // API answers are personal and live: no browser or proxy keeps them, unless a route says otherwise (logos).
    if (req.url.startsWith('/api') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
    if (req.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await installJsonCompression(app);

  await app.register(helmet, {
    hsts: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...mapTileImgSource(config.mapTileUrl)],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });
  // Load shedding: while the event loop lags, new requests get a 503 instead of queueing up.
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    retryAfter: 10,
    exposeStatusRoute: false,
    pressureHandler: (_req, reply) => {
      sendError(
        reply,
        new AppError('unavailable', 'Le service est surchargé. Patientez un instant puis réessayez.', [], {
          'retry-after': '10',
        }),
      );
    },
  });
  installMetrics(app, deps);
  await app.register(cookie);
  // Files: streamed, refused at the first byte over the route's limit (10 MB × 10 at most).
  await installUploads(app, { maxFileBytes: defaultMaxFileBytes, maxFiles: 10 });
  // After the uploads hook: the `data` field of a form is checked like a JSON body.
  installInputChecks(app);
  await registerOpenApi(app);
  installRateLimit(
    app,
    deps.db,
    {
      ip: config.rateLimitPerIpPerMinute ?? 20 * config.rateLimitPerMinute,
      credential: config.rateLimitPerMinute,
    },
    (req) => bearerOf(req) ?? sessionTokenOf(req),
  );

  installAuthentication(app, deps.db, config);
  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(docsRoutes, { prefix: '/api' });
  for (const mod of apiModules) await app.register(mod, { prefix: '/api/v1' });

  const indexHtml = path.join(config.webDist, 'index.html');
  const hasWeb = fs.existsSync(indexHtml);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      index: false,
      // The build writes `x.br` and `x.gz` beside each text file (vite.config.ts): sent, with
      // Content-Encoding and Vary, to a browser that accepts them; not served under their own names.
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`))
          res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api') || (req.method !== 'GET' && req.method !== 'HEAD') || !hasWeb) {
      return sendError(reply, new AppError('not_found', 'Ressource introuvable.'));
    }
    reply.header('cache-control', 'no-cache');
    return reply.type('text/html; charset=utf-8').sendFile('index.html', { cacheControl: false });
  });
  return app;
}
