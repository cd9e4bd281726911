import { and, count, eq, gt, isNull, lt, max, ne, or, sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import type { Role } from '../../../shared/permissions.ts';
import { apiTokens, loginFailures, sessions, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Config } from '../../infra/config.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, prepared } from '../../infra/db.ts';
import { AppError, notFound } from '../../infra/errors.ts';
import { hashToken, randomToken } from '../../infra/secrets.ts';
import type { Actor } from '../../policy/policy.ts';
import { type AuditOrigin, recordAudit } from '../audit/audit.service.ts';
import { getCompanySettings } from '../settings/settings.service.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import type { LiveSession, SessionCache } from './session-cache.ts';
import { settingRequiresTotp } from '../../policy/policy.ts';

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;

/** Failures allowed per account within the window before logins are refused with 429. */
export const maxFailures = 5;
const failureWindowMs = 15 * 60_000;
const baseLockMs = 60_000;
const maxLockMs = 15 * 60_000;
const lastSeenWriteMs = 60_000;

const invalidCredentials = () =>
  new AppError('invalid_credentials', 'Adresse e-mail ou mot de passe incorrect.');

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Whether this user must use two-factor authentication (role setting or admin decision). */
export async function isTotpRequired(db: Db, user: Pick<User, 'role' | 'totpRequired'>): Promise<boolean> {
  if (user.totpRequired) return true;
  const settings = await getCompanySettings(db);
  return settingRequiresTotp(settings.totpRequiredRoles, user.role);
}

/** Refuses with 429 while the account is locked by recent failures; the delay grows with them. */
export async function assertNotThrottledOrThrow(db: Db, email: string): Promise<void> {
  const now = clock.now();
  const [row] = await db
    .select({ n: count(), last: max(loginFailures.at) })
    .from(loginFailures)
    .where(
      and(eq(loginFailures.email, email), gt(loginFailures.at, new Date(now.getTime() - failureWindowMs))),
    );
  const n = Number(row?.n ?? 0);
  if (n < maxFailures || !row?.last) return;
  const lockMs = Math.min(maxLockMs, baseLockMs * 2 ** (n - maxFailures));
  const until = new Date(row.last).getTime() + lockMs;
  if (until > now.getTime()) {
    const seconds = Math.ceil((until - now.getTime()) / 1000);
    throw new AppError(
      'rate_limited',
      `Trop de tentatives de connexion. Réessayez dans ${seconds > 60 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} secondes`}.`,
      [],
      { 'retry-after': String(seconds) },
    );
  }
}

export async function recordFailure(
  db: Db,
  email: string,
  origin: AuditOrigin,
  reason: string,
  userId?: string,
) {
  await db.transaction(async (tx) => {
    await tx.insert(loginFailures).values({ email, ip: origin.ip, at: clock.now() });
    await recordAudit(
      tx,
      { ...origin, actorUserId: userId ?? null, actorLabel: email },
      {
        category: 'security',
        action: 'login.failure',
        entityType: 'user',
        entityId: userId,
        after: { reason },
      },
    );
  });
}

/** Stores a new session for the token (its hash only). */
export async function insertSession(
  db: Db,
  config: Config,
  userId: string,
  token: string,
  meta: { ip: string; userAgent: string | null },
): Promise<Session> {
  const now = clock.now();
  const [s] = await db
    .insert(sessions)
    .values({
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + config.sessionAbsoluteMs),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .returning();
  return s!;
}

export type LoginInput = { email: string; password: string; totp?: string | undefined };

/**
 * Checks credentials (and the TOTP code when enrolled) and opens a new session, replacing the
 * one the browser had. Returns the raw token for the cookie.
 */
export async function login(
  db: Db,
  config: Config,
  input: LoginInput,
  meta: AuditOrigin & { userAgent: string | null; previousToken: string | null },
): Promise<{ token: string; user: User; session: Session }> {
  const email = normaliseEmail(input.email);
  await assertNotThrottledOrThrow(db, email);
  const [user] = await db.select().from(users).where(eq(users.email, email));
  // An unknown email costs the same hash as a known one, so timing does not tell them apart.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok || user.disabledAt) {
    await recordFailure(
      db,
      email,
      meta,
      !user ? 'unknown_email' : user.disabledAt ? 'disabled' : 'bad_password',
      user?.id,
    );
    throw invalidCredentials();
  }
  if (user.totpEnabledAt && user.totpSecret) {
    if (!input.totp) {
      throw new AppError(
        'totp_required',
        'Saisissez le code à 6 chiffres de votre application d’authentification.',
      );
    }
    if (!(await consumeTotp(db, user, user.totpSecret, input.totp))) {
      await recordFailure(db, email, meta, 'bad_totp', user.id);
      throw new AppError('invalid_credentials', 'Code de vérification incorrect ou expiré.');
    }
  }
  const token = randomToken();
  const session = await db.transaction(async (tx) => {
    if (meta.previousToken)
      await tx.delete(sessions).where(eq(sessions.tokenHash, hashToken(meta.previousToken)));
    await tx.delete(loginFailures).where(eq(loginFailures.email, email));
    const s = await insertSession(tx, config, user.id, token, meta);
    await recordAudit(
      tx,
      { ...meta, actorUserId: user.id, actorLabel: user.email },
      {
        category: 'security',
        action: 'login.success',
        entityType: 'user',
        entityId: user.id,
      },
    );
    return s;
  });
  return { token, user, session };
}

export async function logout(db: Db, ctx: RequestContext): Promise<void> {
  if (!ctx.sessionId) return;
  await db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, ctx.sessionId!));
    await recordAudit(tx, ctx, {
      category: 'security',
      action: 'logout',
      entityType: 'user',
      entityId: ctx.actor.userId ?? undefined,
    });
  });
}

/** The session lookup of every request (prepared: `prepared` in infra/db.ts). */
function prepareSessionLookup(db: Db) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('hash')))
    .prepare('auth_session_lookup');
}

/**
 * The live session and user behind a cookie token, or null when dead (idle, expired, disabled).
 * With a `cache`, a session read in the last few seconds is not read again (`session-cache.ts`).
 */
export async function findLiveSession(
  db: Db,
  config: Config,
  token: string,
  cache?: SessionCache,
): Promise<LiveSession | null> {
  const hash = hashToken(token);
  let row = cache?.get(hash);
  if (!row) {
    const since = cache?.begin() ?? 0;
    [row] = await prepared(db, 'auth_session_lookup', prepareSessionLookup).execute({ hash });
    if (!row) return null;
    cache?.set(hash, row, since);
  }
  const now = clock.now().getTime();
  const idle = now - row.session.lastSeenAt.getTime() > config.sessionIdleMs;
  if (row.user.disabledAt || idle || row.session.expiresAt.getTime() <= now) {
    cache?.delete(hash);
    await db.delete(sessions).where(eq(sessions.id, row.session.id));
    return null;
  }
  if (now - row.session.lastSeenAt.getTime() > lastSeenWriteMs) {
    const lastSeenAt = new Date(now);
    await db.update(sessions).set({ lastSeenAt }).where(eq(sessions.id, row.session.id));
    row = { ...row, session: { ...row.session, lastSeenAt } };
    cache?.update(hash, row);
  }
  return row;
}

export function actorOfUser(user: User): Actor {
  return {
    kind: 'user',
    userId: user.id,
    tokenId: null,
    role: user.role as Role,
    partnerId: user.partnerId,
    name: user.name,
  };
}

/** The actor behind a Bearer token, or null when unknown or revoked. */
export async function findTokenActor(db: Db, token: string): Promise<Actor | null> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  const now = clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > lastSeenWriteMs) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return {
    kind: 'token',
    userId: null,
    tokenId: row.id,
    role: row.role as Role,
    partnerId: row.partnerId,
    name: `Jeton « ${row.name} »`,
  };
}

/** Ends every session of a user (password change, disabling, 2FA reset). */
export async function killUserSessions(db: Db, userId: string, exceptSessionId?: string | null) {
  await db
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
        : eq(sessions.userId, userId),
    );
}

export async function getUser(db: Db, id: string): Promise<User> {
  return getUserOrThrow(db, id);
}

export async function getUserOrThrow(db: Db, id: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound('Utilisateur');
  return user;
}

export function totpFor(secret: string, email: string) {
  return new OTPAuth.TOTP({
    issuer: 'Relais',
    label: email,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/** Checks a TOTP code (±1 step) and refuses a code already used (replay). */
export async function consumeTotp(db: Db, user: User, secret: string, code: string): Promise<boolean> {
  const totp = totpFor(secret, user.email);
  const now = clock.now().getTime();
  const delta = totp.validate({ token: code.replace(/\s/g, ''), timestamp: now, window: 1 });
  if (delta === null) return false;
  const step = Math.floor(now / 30_000) + delta;
  // One statement takes the step: of parallel requests carrying the same code, only one wins.
  const taken = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return taken.length === 1;
}
