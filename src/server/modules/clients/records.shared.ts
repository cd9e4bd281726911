import type { Action } from '../../../shared/permissions.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { getClientOrThrow } from './clients.service.ts';

/**
 * The client a site, contact, platform or note belongs to, if the actor may do `action` on it: a
 * client outside the actor's scope is 404 (never 403), a forbidden action 403.
 */
export async function recordClientOrThrow(db: Db, ctx: RequestContext, clientId: string, action: Action) {
  const client = await getClientOrThrow(db, ctx, clientId);
  ctx.policy.authorizeOrThrow('clients', action, client);
  return client;
}

/** Staff (not a partner's user or token): the only ones who see internal notes. */
export function isStaff(ctx: RequestContext): boolean {
  return ctx.actor.role !== 'partenaire' && ctx.actor.partnerId === null;
}
