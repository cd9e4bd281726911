import type { Action } from '../../../shared/permissions.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { type ErrorDetail, notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getClientOrThrow } from './clients.read.ts';
import { type ClientRecordRefs, refsOutsideClient } from './records.repo.ts';

export type { ClientRecordRefs } from './records.repo.ts';

/**
 * The client a site, contact, platform or note belongs to, if the actor may do `action` on it: a
 * client outside the actor's scope is 404 (never 403), a forbidden action 403.
 */
export async function recordClientOrThrow(db: Db, ctx: RequestContext, clientId: string, action: Action) {
  const client = await getClientOrThrow(db, ctx, clientId);
  ctx.policy.authorizeOrThrow('clients', action, client);
  return client;
}

/**
 * A site, contact or platform of a client, with that client, if the actor may do `action` on the
 * client (as `recordClientOrThrow`); 404 named `label` when the record is not that client's.
 */
export async function recordOfClientOrThrow<T>(
  db: Db,
  ctx: RequestContext,
  action: Action,
  ref: { clientId: string; id: string },
  find: (db: Db, clientId: string, id: string) => Promise<T | undefined>,
  label: string,
) {
  const client = await recordClientOrThrow(db, ctx, ref.clientId, action);
  const row = await find(db, ref.clientId, ref.id);
  if (!row) throw notFound(label);
  return { client, row };
}

/**
 * The audit entry of a change to one of a client's records: a business event tied to the client and
 * its partner, so that both histories show it.
 */
export function auditRecordChange(
  tx: Db,
  ctx: RequestContext,
  client: { id: string; partnerId: string | null },
  entry: {
    action: 'create' | 'update' | 'delete';
    entityType: 'site' | 'contact' | 'telephony_platform' | 'client_note';
    entityId: string;
    before?: unknown;
    after?: unknown;
  },
) {
  return recordAudit(tx, ctx, {
    category: 'business',
    clientId: client.id,
    partnerId: client.partnerId,
    ...entry,
  });
}

const foreignMessages: Record<keyof ClientRecordRefs, string> = {
  siteId: 'Ce site n’appartient pas au client.',
  contactId: 'Ce contact n’appartient pas au client.',
  platformId: 'Cette plateforme n’appartient pas au client.',
};

/**
 * For other modules (interventions, tickets): the site, contact and platform given must belong to
 * the client. One query; returns a French detail per field that does not (empty when all do).
 */
export async function foreignRecordsOf(
  db: Db,
  clientId: string,
  refs: ClientRecordRefs,
): Promise<ErrorDetail[]> {
  return (await refsOutsideClient(db, clientId, refs)).map((path) => ({
    path,
    message: foreignMessages[path],
  }));
}
