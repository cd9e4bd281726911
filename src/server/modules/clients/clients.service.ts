import type { z } from 'zod';
import type { clientBody, clientPatch } from '../../../shared/schemas/clients.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound, validationFailed } from '../../infra/errors.ts';
import { decodeCursor, pageOf } from '../../infra/pagination.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './clients.repo.ts';

type ClientInput = z.infer<typeof clientBody>;
type ClientPatch = z.infer<typeof clientPatch>;

/** Lists the clients the actor may see, in French name order. */
export async function listClients(
  db: Db,
  ctx: RequestContext,
  q: {
    q?: string | undefined;
    status?: string | undefined;
    partnerId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const after = decodeCursor<[string, string]>(q.cursor, 2);
  const rows = await repo.listClients(db, ctx.policy.scopeFor('clients'), {
    ...q,
    after,
    limit: q.limit + 1,
  });
  return pageOf(rows, q.limit, (r) => [r.name, r.id]);
}

/** A client the actor may see, or 404 (also when it exists outside the actor's scope). */
export async function getClientOrThrow(db: Db, ctx: RequestContext, id: string) {
  const row = await repo.findClient(db, id);
  if (!row || !ctx.policy.sees('clients', row)) throw notFound('Client');
  return row;
}

export async function getClientDetail(db: Db, ctx: RequestContext, id: string) {
  const client = await getClientOrThrow(db, ctx, id);
  const [sites, contacts] = [await repo.findSites(db, id), await repo.findContacts(db, id)];
  return { client, sites, contacts };
}

/** A partner's clients are always its own; staff may attach a client to any partner. */
async function resolvePartnerId(
  db: Db,
  ctx: RequestContext,
  given: string | null | undefined,
): Promise<string | null | undefined> {
  if (ctx.policy.scopeFor('clients').kind === 'partner') return ctx.actor.partnerId;
  if (given && !(await repo.partnerExists(db, given))) {
    throw validationFailed([{ path: 'partnerId', message: 'Partenaire inconnu.' }]);
  }
  return given;
}

export async function createClient(db: Db, ctx: RequestContext, input: ClientInput) {
  ctx.policy.authorizeOrThrow('clients', 'create');
  const partnerId = await resolvePartnerId(db, ctx, input.partnerId);
  return db.transaction(async (tx) => {
    const row = await repo.insertClient(tx, { ...input, partnerId: partnerId ?? null });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'client',
      entityId: row.id,
      clientId: row.id,
      partnerId: row.partnerId,
      after: row,
    });
    return row;
  });
}

export async function updateClient(db: Db, ctx: RequestContext, id: string, input: ClientPatch) {
  const before = await getClientOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('clients', 'update', before);
  const partnerId =
    input.partnerId !== undefined ? await resolvePartnerId(db, ctx, input.partnerId) : undefined;
  return db.transaction(async (tx) => {
    const { partnerName: _p, ...beforeRow } = before;
    const after = await repo.updateClientRow(tx, id, {
      ...input,
      ...(partnerId !== undefined ? { partnerId } : {}),
      updatedAt: clock.now(),
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'client',
      entityId: id,
      clientId: id,
      partnerId: after.partnerId,
      before: beforeRow,
      after,
    });
    return after;
  });
}

export async function deleteClient(db: Db, ctx: RequestContext, id: string) {
  const before = await getClientOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('clients', 'delete', before);
  await db.transaction(async (tx) => {
    await repo.deleteClientRow(tx, id);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'client',
      entityId: id,
      clientId: id,
      partnerId: before.partnerId,
      before,
    });
  });
}
