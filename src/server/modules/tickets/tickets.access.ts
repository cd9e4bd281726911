import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound } from '../../infra/errors.ts';
import type { RowOwner } from '../../policy/policy.ts';
import { findTicket, type TicketRow } from './tickets.repo.ts';

/** Who owns a ticket for the policy, and reading one within the actor's scope. */

export function ownerOf(row: Pick<TicketRow, 'partnerId'>): RowOwner {
  return { partnerId: row.partnerId };
}

/** A ticket the actor may see, or 404 (also when it exists outside the actor's scope). */
export async function getOrThrow(db: Db, ctx: RequestContext, id: string): Promise<TicketRow> {
  const row = await findTicket(db, id);
  if (!row || !ctx.policy.sees('tickets', ownerOf(row))) throw notFound('Ticket');
  return row;
}
