import type { z } from 'zod';
import type {
  ticketBulkBody,
  ticketCreateBody,
  ticketListQuery,
  ticketPatch,
} from '../../../shared/schemas/tickets.ts';
import { canTicketTransition, type TicketChannel, type TicketStatus } from '../../../shared/tickets.ts';
import { tickets } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, conflict, type ErrorDetail, forbidden, validationFailed } from '../../infra/errors.ts';
import { decodeCursor, pageOf } from '../../infra/pagination.ts';
import { mayBeAssignedTickets, ticketAssigneeRoles } from '../../policy/policy.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { parisParts } from '../../../shared/paris-time.ts';
import { slaOnTicketCreated, slaOnTicketQualified } from './sla.clocks.ts';
import { departmentOf } from './sla.repo.ts';
import { foreignRecordsOf } from '../clients/records.shared.ts';
import { autoAssignIfEnabled } from './assignment.service.ts';
import { applyStatus, transitionRefusal } from './status.service.ts';
import { getOrThrow, ownerOf } from './tickets.access.ts';
import {
  announce,
  emailTicketEvent,
  notifyAssigned,
  snapshot,
  type TicketEffects,
} from './tickets.events.ts';
import * as repo from './tickets.repo.ts';
import type { TicketRow } from './tickets.repo.ts';
import type { Role } from '../../../shared/permissions.ts';
import { plural } from '../../../shared/plural.ts';

/**
 * Tickets: list and count within the actor's scope, create (with SLA clocks and automatic
 * assignment), update, and bulk changes. Status changes and escalation are in `status.service.ts`,
 * what a change sends out in `tickets.events.ts`.
 */

export async function listTickets(db: Db, ctx: RequestContext, q: z.infer<typeof ticketListQuery>) {
  const after = decodeCursor<(string | null)[]>(q.cursor, 3);
  const rows = await repo.listTickets(db, ctx.policy.scopeFor('tickets'), ctx.actor.userId, {
    ...q,
    // A partner filters by partner implicitly (its scope); the filter is staff-only.
    partnerId: ctx.policy.isStaff() ? q.partnerId : undefined,
    after,
    limit: q.limit + 1,
  });
  return pageOf(rows, q.limit, (r) => [
    q.sort === 'priority' ? r.priority : null,
    (q.sort === 'updated' ? r.updatedAt : r.createdAt).toISOString(),
    r.id,
  ]);
}

export async function countTickets(db: Db, ctx: RequestContext) {
  return repo.countQueues(db, ctx.policy.scopeFor('tickets'), ctx.actor.userId);
}

/** Whether `userId` may be assigned tickets: an active staff user whose role may update tickets. */
async function checkAssigneeOrThrow(db: Db, userId: string, path = 'assigneeId') {
  const u = await repo.userBrief(db, userId);
  const matrix = await getMatrix(db);
  if (!u || u.disabledAt || !mayBeAssignedTickets(matrix, u.role as Role)) {
    throw validationFailed([{ path, message: 'Cette personne ne peut pas traiter de tickets.' }]);
  }
  return u;
}

async function checkTeamOrThrow(db: Db, teamId: string, path = 'teamId') {
  const team = await repo.teamById(db, teamId);
  if (!team) throw validationFailed([{ path, message: 'Équipe inconnue.' }]);
  return team;
}

async function checkRefsOrThrow(
  db: Db,
  clientId: string | null,
  v: {
    siteId?: string | null | undefined;
    contactId?: string | null | undefined;
    platformId?: string | null | undefined;
  },
) {
  if (!clientId) {
    // A ticket « à qualifier » has no client whose site, contact or platform it could name.
    const paths = (['siteId', 'contactId', 'platformId'] as const).filter((k) => v[k]);
    if (paths.length) {
      throw validationFailed(paths.map((path) => ({ path, message: 'Ce ticket n’a pas encore de client.' })));
    }
    return;
  }
  const details = await foreignRecordsOf(db, clientId, v);
  if (details.length) throw validationFailed(details);
}

export async function createTicket(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof ticketCreateBody>,
  fx: TicketEffects,
) {
  const client = await repo.clientOf(db, input.clientId);
  const scope = ctx.policy.scopeFor('tickets');
  if (!client || (scope.kind === 'partner' && client.partnerId !== scope.partnerId)) {
    throw validationFailed([{ path: 'clientId', message: 'Client inconnu.' }]);
  }
  ctx.policy.authorizeOrThrow('tickets', 'create');
  if (!ctx.policy.isStaff() && (input.assigneeId || input.teamId)) {
    throw forbidden('Un partenaire ne peut pas attribuer de ticket.');
  }
  await checkRefsOrThrow(db, input.clientId, input);
  if (input.assigneeId) await checkAssigneeOrThrow(db, input.assigneeId);
  if (input.teamId) await checkTeamOrThrow(db, input.teamId);
  // An API token is the `api` channel, whoever it belongs to; a partner in the web app, the portal.
  const channel: TicketChannel =
    ctx.actor.kind === 'token' ? 'api' : !ctx.policy.isStaff() ? 'portail' : (input.channel ?? 'telephone');
  const now = clock.now();
  const today = parisParts(now).day;
  const contractId = await repo.contractFor(
    db,
    input.clientId,
    input.siteId ?? null,
    input.platformId ?? null,
    today,
  );
  const department = await departmentOf(db, input.siteId ?? null, input.clientId);
  return db.transaction((tx) =>
    insertTicket(
      tx,
      ctx,
      {
        clientId: input.clientId,
        siteId: input.siteId ?? null,
        contactId: input.contactId ?? null,
        platformId: input.platformId ?? null,
        contractId,
        type: input.type,
        priority: input.priority,
        channel,
        subject: input.subject,
        description: input.description ?? null,
        assigneeId: input.assigneeId ?? null,
        teamId: input.teamId ?? null,
      },
      { partnerId: client.partnerId, department },
      fx,
    ),
  );
}

export type NewTicket = Omit<
  typeof tickets.$inferInsert,
  'id' | 'number' | 'status' | 'createdBy' | 'createdAt' | 'updatedAt' | 'version'
>;

/**
 * Inserts a ticket in `tx` with its number, audit entry, SLA clocks, live event, « ticket créé »
 * e-mail and automatic assignment (the web form, the API and the inbound e-mail all open tickets so).
 */
export async function insertTicket(
  tx: Db,
  ctx: RequestContext,
  values: NewTicket,
  { partnerId, department }: { partnerId: string | null; department: string | null },
  fx: TicketEffects,
) {
  const now = clock.now();
  const n = await repo.nextNumber(tx);
  const number = `T-${parisParts(now).day.slice(0, 4)}-${String(n).padStart(6, '0')}`;
  const [row] = await tx
    .insert(tickets)
    .values({
      ...values,
      number,
      status: 'ouvert',
      createdBy: ctx.actor.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await recordAudit(tx, ctx, {
    category: 'business',
    action: 'create',
    entityType: 'ticket',
    entityId: row!.id,
    clientId: row!.clientId,
    partnerId,
    after: snapshot(row!),
  });
  await slaOnTicketCreated(tx, row!, department);
  await announce(tx, row!, partnerId, 'create');
  const full = (await repo.findTicket(tx, row!.id))!;
  await emailTicketEvent(tx, fx, full, 'ticket.created', `ticket-created:${row!.id}`, {
    actorUserId: ctx.actor.userId,
  });
  if (row!.assigneeId && row!.assigneeId !== ctx.actor.userId) await notifyAssigned(tx, fx, full);
  // Automatic assignment when an admin turned it on for this type (same transaction).
  return (await autoAssignIfEnabled(tx, ctx, row!, partnerId, fx)) ?? row!;
}

/**
 * The client named by a patch of a ticket « à qualifier » (staff only), or undefined when the patch
 * names none; a ticket's client is never changed once it has one.
 */
async function qualifyingClientOrThrow(
  db: Db,
  ctx: RequestContext,
  before: repo.TicketRow,
  clientId: string | undefined,
) {
  if (clientId === undefined || clientId === before.clientId) return undefined;
  if (before.clientId) {
    throw validationFailed([{ path: 'clientId', message: 'Le client d’un ticket ne se change pas.' }]);
  }
  const client = await repo.clientOf(db, clientId);
  if (!client || !ctx.policy.isStaff()) {
    throw validationFailed([{ path: 'clientId', message: 'Client inconnu.' }]);
  }
  return client;
}

export async function updateTicket(
  db: Db,
  ctx: RequestContext,
  id: string,
  { version, ...input }: z.infer<typeof ticketPatch>,
  fx: TicketEffects,
) {
  const before = await getOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('tickets', 'update', ownerOf(before));
  if (!ctx.policy.isStaff() && (input.assigneeId !== undefined || input.teamId !== undefined)) {
    throw forbidden('Un partenaire ne peut pas attribuer de ticket.');
  }
  if (before.status === 'clos') throw conflict('Ce ticket est clos : il ne peut plus être modifié.');
  const qualified = await qualifyingClientOrThrow(db, ctx, before, input.clientId);
  const clientId = qualified?.id ?? before.clientId;
  const partnerId = qualified ? qualified.partnerId : before.partnerId;
  await checkRefsOrThrow(db, clientId, input);
  if (input.assigneeId) await checkAssigneeOrThrow(db, input.assigneeId);
  if (input.teamId) await checkTeamOrThrow(db, input.teamId);
  return db.transaction(async (tx) => {
    const contractId = qualified
      ? {
          contractId: await repo.contractFor(
            tx,
            qualified.id,
            input.siteId ?? null,
            input.platformId ?? null,
            parisParts(clock.now()).day,
          ),
        }
      : {};
    const after = await repo.bumpOrThrow(tx, id, version, { ...input, ...contractId });
    // Its client named, the ticket's SLA is the one it would have had if created with that client.
    if (qualified) await slaOnTicketQualified(tx, after);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'ticket',
      entityId: id,
      clientId,
      partnerId,
      before: snapshot(before),
      after: snapshot(after),
    });
    await announce(tx, after, partnerId, 'update');
    if (after.assigneeId && after.assigneeId !== before.assigneeId && after.assigneeId !== ctx.actor.userId) {
      await notifyAssigned(tx, fx, { ...before, ...after });
    }
    return after;
  });
}

/**
 * Bulk assignment / team / status: every ticket is checked first; any one refused (out of scope,
 * forbidden, invalid transition) refuses the whole request with a detail per ticket. Then all
 * changes run in one transaction.
 */
export async function bulkUpdate(
  db: Db,
  ctx: RequestContext,
  body: z.infer<typeof ticketBulkBody>,
  fx: TicketEffects,
) {
  ctx.policy.staffOnlyOrThrow('Un partenaire ne peut pas modifier des tickets en masse.');
  if (body.assigneeId) await checkAssigneeOrThrow(db, body.assigneeId);
  if (body.teamId) await checkTeamOrThrow(db, body.teamId);
  const ids = [...new Set(body.ids)];
  const rows = new Map<string, TicketRow>();
  const details: ErrorDetail[] = [];
  for (const [i, id] of ids.entries()) {
    const row = await repo.findTicket(db, id);
    if (!row || !ctx.policy.sees('tickets', ownerOf(row))) {
      details.push({ path: `ids.${i}`, message: 'Ticket introuvable.' });
      continue;
    }
    if (!ctx.policy.can('tickets', 'update', ownerOf(row))) {
      details.push({ path: `ids.${i}`, message: `${row.number} : action non permise.` });
      continue;
    }
    if (row.status === 'clos' && (body.assigneeId !== undefined || body.teamId !== undefined)) {
      details.push({ path: `ids.${i}`, message: `${row.number} : ticket clos.` });
      continue;
    }
    if (
      body.status &&
      body.status !== row.status &&
      !canTicketTransition(row.status as TicketStatus, body.status)
    ) {
      details.push({
        path: `ids.${i}`,
        message: `${row.number} : ${transitionRefusal(row.status as TicketStatus, body.status)}`,
      });
      continue;
    }
    rows.set(id, row);
  }
  if (details.length) {
    throw new AppError(
      'validation_failed',
      `Aucun ticket n’a été modifié : ${plural(details.length, 'ticket ne peut', 'tickets ne peuvent')} pas l’être.`,
      details,
    );
  }
  return db.transaction(async (tx) => {
    for (const id of ids) {
      let row = rows.get(id)!;
      const values: Partial<typeof tickets.$inferInsert> = {};
      if (body.assigneeId !== undefined) values.assigneeId = body.assigneeId;
      if (body.teamId !== undefined) values.teamId = body.teamId;
      if (Object.keys(values).length) {
        const after = await repo.bumpOrThrow(tx, id, row.version, values);
        await recordAudit(tx, ctx, {
          category: 'business',
          action: 'update',
          entityType: 'ticket',
          entityId: id,
          clientId: row.clientId,
          partnerId: row.partnerId,
          before: snapshot(row),
          after: snapshot(after),
        });
        await announce(tx, after, row.partnerId, 'update');
        if (after.assigneeId && after.assigneeId !== row.assigneeId && after.assigneeId !== ctx.actor.userId)
          await notifyAssigned(tx, fx, { ...row, ...after });
        row = { ...row, ...after };
      }
      if (body.status && body.status !== row.status) await applyStatus(tx, ctx, row, body.status, fx);
    }
    return { updated: ids.length };
  });
}

/** Users a ticket can be assigned to (staff whose role may update tickets), by name. */
export async function assignableUsers(db: Db) {
  const roles = ticketAssigneeRoles(await getMatrix(db));
  if (roles.length === 0) return [];
  return repo.activeUsersWithRoles(db, roles);
}
