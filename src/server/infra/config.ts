import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('localhost'),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().optional(),
  DATABASE_OWNER_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DEMO_SEED: bool.optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1000),
  RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().positive().optional(),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().default('./dist/web'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Relais <no-reply@relais.test>'),
  MAIL_RETURN_PATH: z.string().optional(),
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().positive().default(30),
  JOB_POLLING_SECONDS: z.coerce.number().min(0.5).default(1),
  WORKERS: z.enum(['in-app', 'off']).default('in-app'),
  SMS_PROVIDER: z.enum(['none', 'brevo']).default('none'),
  SMS_API_KEY: z.string().optional(),
  SMS_SENDER: z.string().default('Relais'),
  SMS_API_URL: z.string().url().optional(),
  SMS_QUOTA_PER_HOUR: z.coerce.number().int().positive().default(20),
  GEOCODER_URL: z.string().url().default('https://api-adresse.data.gouv.fr'),
  COMPANY_LOOKUP_URL: z
    .string()
    .refine(
      (v) => v === 'off' || (/^https?:\/\//.test(v) && URL.canParse(v)),
      'COMPANY_LOOKUP_URL : une URL http(s), ou « off ».',
    )
    .default('https://recherche-entreprises.api.gouv.fr'),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN : au moins 16 caractères.').optional(),
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).optional(),
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+\/.*\{z\}.*\{x\}.*\{y\}/, 'MAP_TILE_URL : URL http(s) avec {z}, {x} et {y}.')
    .optional(),
});

export type Config = {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  /**
   * PostgreSQL: the role that owns the tables; migrations and grants run with it at start, the app
   * then runs as DATABASE_URL's least-privilege role. Without it, one role does both.
   */
  databaseOwnerUrl: string | undefined;
  dataDir: string;
  /** undefined: seed only an empty embedded database. */
  demoSeed: boolean | undefined;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** API requests a minute per session or token (one person). */
  rateLimitPerMinute: number;
  /**
   * API requests a minute per IP address: a whole company behind one proxy or NAT shares it, hence
   * 20 sessions' worth by default (`RATE_LIMIT_PER_IP_PER_MINUTE`).
   */
  rateLimitPerIpPerMinute?: number | undefined;
  loginRateLimitPerMinute: number;
  auditRetentionDays: number;
  trustProxy: boolean;
  logLevel: string;
  webDist: string;
  /** Without it, emails stay in the outbox, readable by admins: nothing leaves the machine. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Envelope sender for bounces (defaults to the From address). */
  mailReturnPath: string | undefined;
  jobRetryDelaySeconds: number;
  jobPollingSeconds: number;
  /** `off`: this app process runs no background jobs (they run in `npm run worker`). */
  workers: 'in-app' | 'off';
  /** `none`: SMS stay in the outbox (held), readable by admins; nothing leaves the machine. */
  smsProvider: 'none' | 'brevo';
  smsApiKey: string | undefined;
  /** Sender shown on the phone (Brevo: up to 11 letters and digits, or a number). */
  smsSender: string;
  /** Base URL of the provider's API (tests point it at a local HTTP server). */
  smsApiUrl: string | undefined;
  /** SMS a user may send by hand per rolling hour. */
  smsQuotaPerHour: number;
  /** Base Adresse Nationale API used to geocode client sites (tests point it at a local server). */
  geocoderUrl: string;
  /** « Recherche d'entreprises » API that fills a new client from its SIRET or name; null (`off`): no lookup. */
  companyLookupUrl: string | null;
  /**
   * OSM-compatible raster tiles of the map (`https://{s}.tile.example/{z}/{x}/{y}.png`). Without
   * it the map draws only its offline outline of France: nothing is fetched from outside.
   */
  mapTileUrl: string | undefined;
  /** Bearer token of `GET /metrics` (Prometheus); without it the route answers 404. */
  metricsToken: string | undefined;
  /**
   * Load shedding: 503 while the event loop's mean delay is above this (0: never). Default 1000 on
   * PostgreSQL, off on the embedded database, whose queries run on the event loop itself.
   */
  maxEventLoopDelayMs: number;
};

/**
 * The CSP `img-src` source of the map's tile server: scheme and host of `MAP_TILE_URL`, a host label
 * holding the `{s}` subdomain becoming `*` (`https://{s}.tile.osm.org/…` → `https://*.tile.osm.org`).
 */
export function mapTileImgSource(template: string | undefined): string[] {
  const m = template?.match(/^(https?:\/\/)([^/]+)/);
  if (!m) return [];
  const host = m[2]!
    .split('.')
    .map((label) => (label.includes('{') ? '*' : label))
    .join('.');
  return [`${m[1]}${host}`];
}

/** What `openDatabase` needs of the configuration (the app, the worker, the demo seed). */
export function databaseOptions(config: Config) {
  return {
    databaseUrl: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.dataDir,
    auditRetentionDays: config.auditRetentionDays,
  };
}

/** Reads the configuration from environment variables (documented in README.md). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const e = envSchema.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (e.DATABASE_OWNER_URL && !e.DATABASE_URL) {
    throw new Error('DATABASE_OWNER_URL demande DATABASE_URL (le rôle d’exécution de l’application).');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    dataDir: path.resolve(e.DATA_DIR),
    demoSeed: e.DEMO_SEED,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    rateLimitPerIpPerMinute: e.RATE_LIMIT_PER_IP_PER_MINUTE,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    webDist: path.resolve(e.WEB_DIST),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailReturnPath: e.MAIL_RETURN_PATH,
    jobRetryDelaySeconds: e.JOB_RETRY_DELAY_SECONDS,
    jobPollingSeconds: e.JOB_POLLING_SECONDS,
    workers: e.WORKERS,
    smsProvider: e.SMS_PROVIDER,
    smsApiKey: e.SMS_API_KEY,
    smsSender: e.SMS_SENDER,
    smsApiUrl: e.SMS_API_URL,
    smsQuotaPerHour: e.SMS_QUOTA_PER_HOUR,
    geocoderUrl: e.GEOCODER_URL,
    companyLookupUrl: e.COMPANY_LOOKUP_URL === 'off' ? null : e.COMPANY_LOOKUP_URL,
    mapTileUrl: e.MAP_TILE_URL,
    metricsToken: e.METRICS_TOKEN,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS ?? (e.DATABASE_URL ? 1000 : 0),
    ...overrides,
  };
}
