import type { Action, Module } from '../../shared/permissions.ts';
import type { Actor, Policy } from '../policy/policy.ts';

/**
 * The permission a route declares: open to anyone, to any signed-in actor, or to a module action.
 * The app refuses to start when an `/api` route declares none.
 */
export type RoutePermission = 'public' | 'authenticated' | `${Module}:${Action}`;

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
