import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../infra/config.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError } from '../../infra/errors.ts';
import type { Action, Module } from '../../../shared/permissions.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { Policy } from '../../policy/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { actorOfUser, findLiveSession, findTokenActor, isTotpRequired, type User } from './auth.service.ts';
import { SessionCache } from './session-cache.ts';

export const sessionCookie = 'relais_session';
export const secureSessionCookie = '__Host-relais_session';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The routes whose writes may change a user or end sessions. */
const signInChanges = /^\/api\/v1\/(auth|users)\//;

export function isHttps(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

export function cookieName(req: FastifyRequest): string {
  return isHttps(req) ? secureSessionCookie : sessionCookie;
}

export function sessionTokenOf(req: FastifyRequest): string | null {
  return req.cookies[secureSessionCookie] ?? req.cookies[sessionCookie] ?? null;
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, config: Config) {
  reply.setCookie(cookieName(req), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(req),
    maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(cookieName(req), { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(req) });
}

export function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

/** A cross-site page can neither set the custom header nor forge a same-site Origin. */
function assertSameSiteOrThrow(req: FastifyRequest, config: Config, requireHeader: boolean) {
  const failed = () =>
    new AppError('csrf_failed', 'Requête refusée (protection CSRF). Rechargez la page et réessayez.');
  if (requireHeader && req.headers['x-relais-csrf'] !== '1') throw failed();
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw failed();
  }
  if (host !== req.headers.host && host !== new URL(config.publicUrl).host) throw failed();
}

/** The user row the request's session was found with (`/auth/me` does not read it again). */
const sessionUsers = new WeakMap<FastifyRequest, User>();
export const sessionUserOf = (req: FastifyRequest): User | undefined => sessionUsers.get(req);

/**
 * Authenticates every `/api` request (Bearer token or session cookie), applies CSRF, the
 * two-factor enrolment rule and the route's declared permission.
 */
export function installAuthentication(app: FastifyInstance, db: Db, config: Config) {
  app.decorateRequest('ctx', null);
  const sessions = new SessionCache(app.deps.events);
  app.addHook('onClose', async () => sessions.close());
  // The notice of a sign-in change reaches this instance's LISTEN connection a moment after the
  // commit, and the same browser's next request could come first: a change made here (sign-in,
  // password, 2FA, users' admin) is forgotten here before the answer leaves.
  app.addHook('onSend', async (req, reply, payload) => {
    if (unsafeMethods.has(req.method) && reply.statusCode < 400 && signInChanges.test(req.url))
      sessions.clear();
    return payload;
  });
  app.addHook('onRequest', async (req) => {
    const permission = req.routeOptions.config?.permission;
    if (!permission) return; // not an API route (static files, 404)
    const bearer = bearerOf(req);
    const cookieToken = bearer ? null : sessionTokenOf(req);
    if (unsafeMethods.has(req.method) && !bearer) assertSameSiteOrThrow(req, config, cookieToken !== null);

    let ctx: RequestContext | null = null;
    let totpPending = false;
    if (bearer) {
      const actor = await findTokenActor(db, bearer);
      if (!actor) throw new AppError('unauthenticated', 'Jeton d’API invalide ou révoqué.');
      ctx = {
        actor,
        policy: new Policy(actor, await getMatrix(db)),
        sessionId: null,
        ip: req.ip,
        requestId: req.id,
      };
    } else if (cookieToken) {
      const live = await findLiveSession(db, config, cookieToken, sessions);
      if (live) {
        sessionUsers.set(req, live.user);
        const actor = actorOfUser(live.user);
        ctx = {
          actor,
          policy: new Policy(actor, await getMatrix(db)),
          sessionId: live.session.id,
          ip: req.ip,
          requestId: req.id,
        };
        totpPending = !live.user.totpEnabledAt && (await isTotpRequired(db, live.user));
      }
    }
    req.ctx = ctx;
    if (permission === 'public') return;
    if (!ctx) throw new AppError('unauthenticated', 'Votre session a expiré. Reconnectez-vous.');
    if (totpPending && !req.routeOptions.config.totpExempt) {
      throw new AppError(
        'totp_enrollment_required',
        'La double authentification est obligatoire pour votre compte : activez-la dans « Mon compte » avant de continuer.',
      );
    }
    if (permission === 'authenticated') return;
    const [module, rest] = permission.split(':') as [Module, string];
    const action = rest.split('+')[0] as Action;
    if (!ctx.policy.can(module, action)) {
      await recordAudit(db, ctx, {
        category: 'security',
        action: 'permission.denied',
        after: { permission, method: req.method, url: req.url.split('?')[0] },
      });
      throw new AppError('forbidden', 'Vous n’avez pas le droit de faire cette action.');
    }
  });
}
