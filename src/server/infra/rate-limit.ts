import { lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rateLimits } from '../db/schema/index.ts';
import { type Db, prepared } from './db.ts';
import { AppError } from './errors.ts';
import { hashToken } from './secrets.ts';

const windowMs = 60_000;
const purgeEveryMs = 5 * 60_000;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: not counted (health); `{ max }`: also at most `max` a minute per IP on this route. */
    rateLimit?: false | { max: number };
  }
}

type Counter = { key: string; max: number };

/** The counting statement for `n` keys (one per key count). */
function prepareCount(db: Db, n: number) {
  const windowStart = sql.placeholder('windowStart');
  return db
    .insert(rateLimits)
    .values(Array.from({ length: n }, (_, i) => ({ key: sql.placeholder(`k${i}`), windowStart, hits: 1 })))
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`CASE WHEN ${rateLimits.windowStart} = excluded.window_start THEN ${rateLimits.hits} + 1 ELSE 1 END`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({ key: rateLimits.key, hits: rateLimits.hits })
    .prepare(`rate_limit_count_${n}`);
}

/**
 * Adds the hits to their keys' counters for the current one-minute window, in one statement, and
 * returns the new counts. A counter of an older window starts again at 1.
 */
export async function countHits(db: Db, keys: string[], now: Date): Promise<Map<string, number>> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const statement = prepared(db, `rate_limit_count_${keys.length}`, (d) => prepareCount(d, keys.length));
  const params: Record<string, unknown> = { windowStart };
  keys.forEach((key, i) => {
    params[`k${i}`] = key;
  });
  const rows = await statement.execute(params);
  return new Map(rows.map((r) => [r.key, r.hits]));
}

/**
 * Limits every `/api` request (static files never): `perMinute.ip` per IP address,
 * `perMinute.credential` per session or API token presented, and a route's own `config.rateLimit.max` per IP (logins). The
 * counters live in PostgreSQL (`rate_limits`), so every instance shares them. Runs before
 * authentication, so that anonymous requests and made-up tokens count too. Beyond a limit: 429
 * with `Retry-After` (the end of the minute).
 */
export function installRateLimit(
  app: FastifyInstance,
  db: Db,
  /** Requests a minute per IP address (a company behind a proxy shares one) and per session or token. */
  perMinute: { ip: number; credential: number },
  /** The token or session cookie a request presents, valid or not. */
  credentialOf: (req: FastifyRequest) => string | null,
) {
  let lastPurge = 0;
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.config?.rateLimit;
    if (route === false || !req.url.startsWith('/api/')) return;
    const counters: Counter[] = [{ key: `ip:${req.ip}`, max: perMinute.ip }];
    const credential = credentialOf(req);
    if (credential) counters.push({ key: `credential:${hashToken(credential)}`, max: perMinute.credential });
    if (route)
      counters.push({ key: `route:${req.method} ${req.routeOptions.url}:${req.ip}`, max: route.max });
    // Real time, not `clock`: a test that freezes the clock must not pile its requests into one window.
    const now = new Date();
    const hits = await countHits(
      db,
      counters.map((c) => c.key),
      now,
    );
    if (now.getTime() - lastPurge > purgeEveryMs) {
      lastPurge = now.getTime();
      db.delete(rateLimits)
        .where(lt(rateLimits.windowStart, new Date(now.getTime() - windowMs)))
        .catch((err: unknown) => req.log.error({ err }, 'rate limit purge failed'));
    }
    if (counters.some((c) => (hits.get(c.key) ?? 0) > c.max)) {
      const seconds = Math.max(1, Math.ceil((windowMs - (now.getTime() % windowMs)) / 1000));
      throw new AppError('rate_limited', 'Trop de requêtes. Patientez un instant puis réessayez.', [], {
        'retry-after': String(seconds),
      });
    }
  });
}
