import type { Action, Module } from '../../shared/permissions.ts';
import type { Actor, Policy } from '../policy/policy.ts';

/**
 * What a write route needs beyond the module action its declaration names, when the matrix has no
 * finer right: the route table then tells the whole rule. The hook checks the action; the service
 * checks the condition (with its own status and message: internal notes are 404 to partners).
 * `own`: only the actor's own records (his absence, his position); `staff`: staff only;
 * `user`: a signed-in person, not an API token; `token`: an API token only (a platform).
 */
export type RouteCondition = 'own' | 'staff' | 'user' | 'token';

/**
 * The permission a route declares: open to anyone, to any signed-in actor, or to a module action
 * (with a condition, see `RouteCondition`). The app refuses to start when an `/api` route declares none.
 */
export type RoutePermission =
  | 'public'
  | 'authenticated'
  | `${Module}:${Action}`
  | `${Module}:${Action}+${RouteCondition}`;

/** What a service needs to know about the request it serves. */
export type RequestContext = {
  actor: Actor;
  policy: Policy;
  sessionId: string | null;
  ip: string;
  requestId: string;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /** Reachable by a user who must still enrol in two-factor authentication. */
    totpExempt?: boolean;
  }
  interface FastifyRequest {
    ctx: RequestContext | null;
  }
}

/** The context of an authenticated request; routes with a module permission always have one. */
export function ctxOf(req: { ctx: RequestContext | null }): RequestContext {
  if (!req.ctx) throw new Error('ctxOf called on an unauthenticated request');
  return req.ctx;
}
