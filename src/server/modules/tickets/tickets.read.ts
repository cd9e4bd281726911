import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { ownerOf } from './tickets.access.ts';
import { findTicket } from './tickets.repo.ts';

/**
 * What other modules (interventions) read about a ticket. Queries only: it imports nothing that
 * sends or notifies, so that a module reading a ticket does not load the tickets' services.
 */

/**
 * The client of ticket `id` when the actor may read that ticket; `null` when it does not exist or
 * is out of the actor's reach — the same answer, so that its existence is not revealed.
 */
export async function readableTicketClientId(
  db: Db,
  ctx: RequestContext,
  id: string,
): Promise<string | null> {
  const row = await findTicket(db, id);
  if (!row || !ctx.policy.can('tickets', 'read', ownerOf(row))) return null;
  return row.clientId;
}
