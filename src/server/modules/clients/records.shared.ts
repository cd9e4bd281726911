import { sql } from 'drizzle-orm';
import type { Action } from '../../../shared/permissions.ts';
import type { ErrorDetail } from '../../infra/errors.ts';
import { contacts, sites, telephonyPlatforms } from '../../db/schema/index.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
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

export type ClientRecordRefs = {
  siteId?: string | null | undefined;
  contactId?: string | null | undefined;
  platformId?: string | null | undefined;
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
  const checks = [
    { path: 'siteId', id: refs.siteId, table: sites, message: 'Ce site n’appartient pas au client.' },
    {
      path: 'contactId',
      id: refs.contactId,
      table: contacts,
      message: 'Ce contact n’appartient pas au client.',
    },
    {
      path: 'platformId',
      id: refs.platformId,
      table: telephonyPlatforms,
      message: 'Cette plateforme n’appartient pas au client.',
    },
  ].filter((c) => c.id);
  if (!checks.length) return [];
  const res = await db.execute(
    sql`SELECT ${sql.join(
      checks.map(
        (c) =>
          sql`EXISTS (SELECT 1 FROM ${c.table} WHERE id = ${c.id}::uuid AND client_id = ${clientId}::uuid) AS ${sql.identifier(c.path)}`,
      ),
      sql`, `,
    )}`,
  );
  const row = rowsOf<Record<string, boolean>>(res)[0]!;
  return checks.filter((c) => !row[c.path]).map((c) => ({ path: c.path, message: c.message }));
}
