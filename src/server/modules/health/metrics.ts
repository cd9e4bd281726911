import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Deps } from '../../app.ts';
import { AppError } from '../../infra/errors.ts';

/** Constant-time comparison of the presented bearer token with `METRICS_TOKEN`. */
function tokenMatches(req: FastifyRequest, token: string): boolean {
  const h = req.headers.authorization;
  if (!h?.startsWith('Bearer ')) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(h.slice(7).trim()), digest(token));
}

/** The route label of a request: API routes by pattern, everything else grouped (bounded labels). */
function routeLabel(req: FastifyRequest): string {
  const url = req.routeOptions.url;
  if (url && (url.startsWith('/api/') || url === '/metrics')) return url;
  return req.url.startsWith('/api') ? 'unmatched' : 'web';
}

/**
 * Prometheus metrics of this app instance at `GET /metrics`, behind `Authorization: Bearer
 * <METRICS_TOKEN>`; without `METRICS_TOKEN` the route answers 404. HTTP latency by route, jobs run
 * here by queue and outcome, queue depths (all instances), event-hub lag, database pool, process.
 * Not an API route: it lies outside `/api` and its permission system.
 */
export function installMetrics(app: FastifyInstance, deps: Deps): void {
  const { config, jobs, events, database } = deps;
  const register = new Registry();
  const registers = [register];
  collectDefaultMetrics({ register, prefix: 'relais_' });

  const httpDuration = new Histogram({
    name: 'relais_http_request_duration_seconds',
    help: 'Durée des requêtes HTTP par route, méthode et statut.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe(
      { method: req.method, route: routeLabel(req), status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const jobRuns = new Counter({
    name: 'relais_jobs_processed_total',
    help: 'Tâches de fond exécutées par ce processus, par file et issue (completed, failed, deadletter).',
    labelNames: ['queue', 'outcome'],
    registers,
  });
  const jobDuration = new Histogram({
    name: 'relais_job_duration_seconds',
    help: 'Durée des tâches de fond exécutées par ce processus.',
    labelNames: ['queue'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers,
  });
  const unobserve = jobs.observe((queue, outcome, seconds) => {
    jobRuns.inc({ queue, outcome });
    jobDuration.observe({ queue }, seconds);
  });
  app.addHook('onClose', async () => {
    unobserve();
  });

  new Gauge({
    name: 'relais_jobs',
    help: 'Tâches en base par file et état (toutes instances) : queued, active, failed.',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      for (const q of await jobs.queueCounts().catch(() => [])) {
        this.set({ queue: q.name, state: 'queued' }, q.queued);
        this.set({ queue: q.name, state: 'active' }, q.active);
        this.set({ queue: q.name, state: 'failed' }, q.failed);
      }
    },
  });

  new Gauge({
    name: 'relais_event_hub_lag_seconds',
    help: 'Délai entre l’écriture du dernier événement temps réel et sa diffusion par ce processus.',
    registers,
    collect() {
      this.set(events.lastLagMs / 1000);
    },
  });
  new Gauge({
    name: 'relais_event_hub_subscribers',
    help: 'Flux temps réel (SSE) ouverts sur ce processus.',
    registers,
    collect() {
      this.set(events.subscriberCount);
    },
  });

  const pool = database.pool;
  if (pool) {
    new Gauge({
      name: 'relais_db_pool_connections',
      help: 'Connexions du pool PostgreSQL : total, idle (libres), waiting (requêtes en attente).',
      labelNames: ['state'],
      registers,
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (req, reply) => {
    const token = config.metricsToken;
    if (!token) throw new AppError('not_found', 'Ressource introuvable.');
    if (!tokenMatches(req, token)) {
      throw new AppError('unauthenticated', 'Jeton de métriques absent ou invalide.', [], {
        'www-authenticate': 'Bearer',
      });
    }
    return reply.type(register.contentType).send(await register.metrics());
  });
}
