import { and, count, eq, gt, isNull } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { loginFailures, passwordResets, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Config } from '../../infra/config.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, validationFailed } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { hashToken, randomToken } from '../../infra/secrets.ts';
import { type AuditOrigin, recordAudit } from '../audit/audit.service.ts';
import { queueEmail } from '../notifications/outbox.service.ts';
import { getCompanySettings } from '../settings/settings.service.ts';
import {
  assertNotThrottledOrThrow,
  consumeTotp,
  getUserOrThrow,
  insertSession,
  isTotpRequired,
  killUserSessions,
  normaliseEmail,
  recordFailure,
  totpFor,
  type User,
} from './auth.service.ts';
import { assertPasswordStrongOrThrow, hashPassword, verifyPassword } from './password.ts';

const resetLinkMs = 60 * 60_000;

/**
 * A signed-in user's own account security: changing the password, reset links, enrolling in and
 * leaving two-factor authentication. Sign-in, sessions and tokens are `auth.service.ts`.
 */
/**
 * Checks a signed-in user's own password (before a change that needs it). A wrong one counts as a
 * failed login of the account, and is throttled alike (429 after 5 within 15 minutes).
 */
async function assertOwnPasswordOrThrow(
  db: Db,
  ctx: RequestContext,
  user: User,
  password: string,
  path: string,
  message: string,
): Promise<void> {
  await assertNotThrottledOrThrow(db, user.email);
  if (await verifyPassword(user.passwordHash, password)) return;
  await recordFailure(
    db,
    user.email,
    { ip: ctx.ip, requestId: ctx.requestId },
    'bad_current_password',
    user.id,
  );
  throw validationFailed([{ path, message }], message);
}

/**
 * Refuses a password someone chooses that is weak, the demo password, or built from the product's
 * name, the company's name (settings) or the user's name and email (`password.ts`).
 */
export async function assertNewPasswordOrThrow(
  db: Db,
  password: string,
  user: Pick<User, 'email' | 'name'>,
  path = 'password',
): Promise<void> {
  const { legalName } = await getCompanySettings(db);
  await assertPasswordStrongOrThrow(password, [user.email, user.name, legalName], path);
}

/**
 * Changes the signed-in user's password after checking the current one. Every session of the user
 * ends; the caller gets a fresh one.
 */
export async function changePassword(
  db: Db,
  config: Config,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
  userAgent: string | null,
): Promise<{ token: string }> {
  const user = await getUserOrThrow(db, ctx.actor.userId!);
  await assertOwnPasswordOrThrow(
    db,
    ctx,
    user,
    input.currentPassword,
    'currentPassword',
    'Le mot de passe actuel est incorrect.',
  );
  await assertNewPasswordOrThrow(db, input.newPassword, user, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  const now = clock.now();
  const token = randomToken();
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, user.id));
    await killUserSessions(tx, user.id);
    await tx.delete(loginFailures).where(eq(loginFailures.email, user.email));
    await insertSession(tx, config, user.id, token, { ip: ctx.ip, userAgent });
    await recordAudit(tx, ctx, {
      category: 'security',
      action: 'password.changed',
      entityType: 'user',
      entityId: user.id,
    });
  });
  return { token };
}

/** Self-service requests for one address within this window, at most `maxSelfServiceLinks` are sent. */
const selfServiceWindowMs = 60 * 60_000;
const maxSelfServiceLinks = 3;

/**
 * Issues a one-time reset link (valid 60 minutes) in one transaction: earlier unused links of the
 * user end, the link is emailed through the outbox (template `password-reset`) and audited.
 */
async function issueResetLink(
  db: Db,
  config: Config,
  jobs: Jobs,
  user: User,
  createdBy: string | null,
  origin: AuditOrigin,
) {
  const token = randomToken();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + resetLinkMs);
  const url = `${config.publicUrl}/reinitialiser-mot-de-passe#${token}`;
  await db.transaction(async (tx) => {
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    const [reset] = await tx
      .insert(passwordResets)
      .values({ userId: user.id, tokenHash: hashToken(token), createdBy, createdAt: now, expiresAt })
      .returning({ id: passwordResets.id });
    await queueEmail(tx, jobs, {
      event: 'password-reset',
      to: user.email,
      idempotencyKey: `password-reset:${reset!.id}`,
      entityType: 'user',
      entityId: user.id,
      partnerId: user.partnerId,
      data: {
        user: { name: user.name, email: user.email },
        link: {
          url,
          expiresAt: expiresAt.toLocaleString('fr-FR', {
            timeZone: 'Europe/Paris',
            dateStyle: 'long',
            timeStyle: 'short',
          }),
        },
      },
    });
    await recordAudit(tx, origin, {
      category: 'security',
      action: 'password.reset_link',
      entityType: 'user',
      entityId: user.id,
    });
  });
  return { url, expiresAt, user };
}

/** Creates a one-time password reset link for a user (valid 60 minutes). Admin only. */
/** The link is emailed to the user (through the outbox) and shown to the admin. */
export async function createResetLink(
  db: Db,
  config: Config,
  jobs: Jobs,
  ctx: RequestContext,
  userId: string,
) {
  const user = await getUserOrThrow(db, userId);
  return issueResetLink(db, config, jobs, user, ctx.actor.userId, ctx);
}

/**
 * « Mot de passe oublié » (public): emails a reset link to the address when it belongs to an
 * active account. The caller learns nothing: the route answers the same whatever happens here.
 * Per address, at most `maxSelfServiceLinks` links an hour are sent (the rest are silently
 * dropped, so that a 429 does not tell which addresses exist); per IP, the route's rate limit.
 */
export async function requestResetLink(
  db: Db,
  config: Config,
  jobs: Jobs,
  origin: AuditOrigin,
  rawEmail: string,
): Promise<void> {
  const email = normaliseEmail(rawEmail);
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user || user.disabledAt) return;
  const since = new Date(clock.now().getTime() - selfServiceWindowMs);
  const [recent] = await db
    .select({ n: count() })
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.userId, user.id),
        isNull(passwordResets.createdBy),
        gt(passwordResets.createdAt, since),
      ),
    );
  if (Number(recent?.n ?? 0) >= maxSelfServiceLinks) return;
  await issueResetLink(db, config, jobs, user, null, {
    ...origin,
    actorUserId: user.id,
    actorLabel: user.email,
  });
}

const badResetLink = () =>
  new AppError(
    'bad_request',
    'Ce lien de réinitialisation est invalide, expiré ou déjà utilisé. Demandez-en un nouveau depuis « Mot de passe oublié » ou à votre administrateur.',
  );

/** Tells whether a reset link still works, and for whom (the page shows the email). */
export async function checkResetLink(db: Db, token: string) {
  const [row] = await db
    .select({ reset: passwordResets, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashToken(token)));
  if (
    !row ||
    row.reset.usedAt ||
    row.reset.expiresAt.getTime() <= clock.now().getTime() ||
    row.user.disabledAt
  ) {
    throw badResetLink();
  }
  return row;
}

/** Sets a new password through a reset link; the link works once, and every session ends. */
export async function resetPassword(
  db: Db,
  origin: AuditOrigin,
  input: { token: string; newPassword: string },
) {
  const { reset, user } = await checkResetLink(db, input.token);
  await assertNewPasswordOrThrow(db, input.newPassword, user, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  const now = clock.now();
  await db.transaction(async (tx) => {
    const used = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt)))
      .returning();
    if (used.length === 0) throw badResetLink();
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, user.id));
    await killUserSessions(tx, user.id);
    await tx.delete(loginFailures).where(eq(loginFailures.email, user.email));
    await recordAudit(
      tx,
      { ...origin, actorUserId: user.id, actorLabel: user.email },
      {
        category: 'security',
        action: 'password.reset',
        entityType: 'user',
        entityId: user.id,
      },
    );
  });
}

/** Starts TOTP enrolment: a new secret, its otpauth URI and a QR code to scan. */
export async function startTotpEnrolment(db: Db, ctx: RequestContext) {
  const user = await getUserOrThrow(db, ctx.actor.userId!);
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await db.update(users).set({ totpPendingSecret: secret }).where(eq(users.id, user.id));
  const uri = totpFor(secret, user.email).toString();
  return { secret, uri, qrCode: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/** Confirms enrolment with a first code from the app. */
export async function confirmTotpEnrolment(db: Db, ctx: RequestContext, code: string) {
  const user = await getUserOrThrow(db, ctx.actor.userId!);
  if (!user.totpPendingSecret)
    throw new AppError('bad_request', 'Commencez par afficher le QR code à scanner.');
  if (!(await consumeTotp(db, user, user.totpPendingSecret, code))) {
    throw validationFailed([
      { path: 'code', message: 'Code incorrect. Vérifiez l’heure de votre téléphone et réessayez.' },
    ]);
  }
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: clock.now() })
      .where(eq(users.id, user.id));
    await recordAudit(tx, ctx, {
      category: 'security',
      action: 'totp.enabled',
      entityType: 'user',
      entityId: user.id,
    });
  });
}

/** Turns two-factor off for oneself (password required), unless the role or an admin requires it. */
export async function disableOwnTotp(db: Db, ctx: RequestContext, password: string) {
  const user = await getUserOrThrow(db, ctx.actor.userId!);
  if (await isTotpRequired(db, user)) {
    throw new AppError('forbidden', 'La double authentification est obligatoire pour votre compte.');
  }
  await assertOwnPasswordOrThrow(db, ctx, user, password, 'password', 'Mot de passe incorrect.');
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null })
      .where(eq(users.id, user.id));
    await recordAudit(tx, ctx, {
      category: 'security',
      action: 'totp.disabled',
      entityType: 'user',
      entityId: user.id,
    });
  });
}
