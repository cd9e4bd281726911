import type { z } from 'zod';
import type { clientBody, clientBulkBody, clientPatch } from '../../../shared/schemas/clients.ts';
import { frenchVatFromSiren, sirenOf } from '../../../shared/client-identity.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound, validationFailed } from '../../infra/errors.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { clientOwnerRoles, mayOwnClients } from '../../policy/policy.ts';
import type { Role } from '../../../shared/permissions.ts';
import { plural } from '../../../shared/plural.ts';
import { decodeCursor, pageOf } from '../../infra/pagination.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { publishEvent } from '../notifications/events.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { getClientOrThrow } from './clients.read.ts';
import * as repo from './clients.repo.ts';
import { listContactsOfClient } from './contacts.repo.ts';
import { listSitesOfClient } from './sites.repo.ts';
import { toE164 } from '../../../shared/sms.ts';
import { departmentOf } from '../../../shared/geo.ts';
import { assertNoExactDuplicate } from './duplicates.service.ts';

type ClientInput = z.infer<typeof clientBody>;
type ClientPatch = z.infer<typeof clientPatch>;
/** What a client change needs to notify people. */
export type ClientEffects = { jobs: Jobs; publicUrl: string };

/**
 * An account manager must be an enabled user of the company whose role may own clients — the rule
 * of the picker (`mayOwnClients`, read from the effective matrix): 400 otherwise.
 */
async function checkManagerOrThrow(db: Db, id: string | null | undefined) {
  if (!id) return;
  const user = await repo.activeInternalUser(db, id);
  if (!user) {
    throw validationFailed([{ path: 'accountManagerId', message: 'Chargé de compte inconnu ou désactivé.' }]);
  }
  if (!mayOwnClients(await getMatrix(db), user.role as Role)) {
    throw validationFailed([
      {
        path: 'accountManagerId',
        message:
          'Cette personne ne peut pas être chargée de compte : son rôle ne lui permet pas de suivre des clients.',
      },
    ]);
  }
}

/**
 * Identity checks across fields (on the values the client will have after the change): the SIRET
 * starts with the SIREN, a French VAT number carries the SIREN, the segment exists.
 */
async function checkIdentityOrThrow(
  db: Db,
  v: { siren?: string | null; siret?: string | null; vatNumber?: string | null; segmentId?: string | null },
) {
  const details: { path: string; message: string }[] = [];
  if (v.siren && v.siret && !v.siret.startsWith(v.siren)) {
    details.push({ path: 'siret', message: 'Le SIRET doit commencer par le SIREN du client.' });
  }
  if (v.siren && v.vatNumber?.startsWith('FR') && v.vatNumber.slice(4) !== v.siren) {
    details.push({
      path: 'vatNumber',
      message: `Le numéro de TVA ne correspond pas au SIREN du client (attendu ${frenchVatFromSiren(v.siren)}).`,
    });
  }
  if (v.segmentId && !(await repo.segmentExists(db, v.segmentId))) {
    details.push({ path: 'segmentId', message: 'Segment inconnu.' });
  }
  if (details.length) throw validationFailed(details);
}

/** The clients-module event of a new account manager, scoped to the client's partner (lists refresh). */
function publishAssigned(tx: Db, c: { id: string; partnerId: string | null }, managerId: string) {
  return publishEvent(tx, {
    type: 'client.assigned',
    module: 'clients',
    partnerId: c.partnerId,
    clientId: c.id,
    payload: { clientId: c.id, accountManagerId: managerId },
  });
}

/**
 * When a client gets a new account manager: that user is notified (unless they did it themselves),
 * and a clients-module event scoped to the client's partner lets open client lists refresh.
 */
async function announceAssignment(
  tx: Db,
  ctx: RequestContext,
  fx: ClientEffects,
  row: {
    id: string;
    name: string;
    partnerId: string | null;
    accountManagerId: string | null;
    updatedAt: Date;
  },
  previousManagerId: string | null,
) {
  const managerId = row.accountManagerId;
  if (!managerId || managerId === previousManagerId) return;
  await publishAssigned(tx, row, managerId);
  if (managerId === ctx.actor.userId) return;
  await notifyUsers(tx, fx.jobs, {
    type: 'client.assigned',
    userIds: [managerId],
    title: `Client attribué : ${row.name}`,
    body: `${ctx.actor.name} vous a attribué ce client comme chargé de compte.`,
    link: `/clients/${row.id}`,
    entityType: 'client',
    entityId: row.id,
    idempotencyKey: `client-assigned:${row.id}:${managerId}:${row.updatedAt.getTime()}`,
    publicUrl: fx.publicUrl,
  });
}

/** Lists the clients the actor may see, in French name order. */
export async function listClients(
  db: Db,
  ctx: RequestContext,
  q: repo.ClientFilters & { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor<[string, string]>(q.cursor, 2);
  const rows = await repo.listClients(db, ctx.policy.scopeFor('clients'), {
    ...q,
    after,
    limit: q.limit + 1,
  });
  return pageOf(rows, q.limit, (r) => [r.name, r.id]);
}

/** Account managers of the clients the actor may see (for the list filter). */
export async function listAccountManagers(db: Db, ctx: RequestContext) {
  return repo.listAccountManagers(db, ctx.policy.scopeFor('clients'));
}

/** Partners of the clients the actor may see (for the list filter). */
export async function listClientPartners(db: Db, ctx: RequestContext) {
  return repo.listClientPartners(db, ctx.policy.scopeFor('clients'));
}

export async function getClientDetail(db: Db, ctx: RequestContext, id: string) {
  const client = await getClientOrThrow(db, ctx, id);
  const [sites, contacts] = [await listSitesOfClient(db, id), await listContactsOfClient(db, id)];
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

export async function createClient(
  db: Db,
  ctx: RequestContext,
  { confirmDuplicate, ...input }: ClientInput & { confirmDuplicate?: boolean | undefined },
  fx: ClientEffects,
) {
  ctx.policy.authorizeOrThrow('clients', 'create');
  // The commercial who creates a client manages it unless another account manager is chosen.
  if (input.accountManagerId === undefined && ctx.policy.ownsClientsCreated()) {
    input.accountManagerId = ctx.actor.userId;
  }
  // A client created with its SIRET alone gets its SIREN (searched, checked against the VAT number).
  input = { ...input, siren: sirenOf(input.siren, input.siret) };
  const partnerId = await resolvePartnerId(db, ctx, input.partnerId);
  await checkManagerOrThrow(db, input.accountManagerId);
  await checkIdentityOrThrow(db, input);
  // Duplicate guard: same SIRET, phone or e-mail as a visible client → 409 unless confirmed.
  if (!confirmDuplicate) await assertNoExactDuplicate(db, ctx, input);
  return db.transaction(async (tx) => {
    const row = await repo.insertClient(tx, {
      ...input,
      partnerId: partnerId ?? null,
      phoneE164: input.phone ? toE164(input.phone) : null,
      department: departmentOf(input.postalCode),
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'client',
      entityId: row.id,
      clientId: row.id,
      partnerId: row.partnerId,
      after: row,
    });
    await announceAssignment(tx, ctx, fx, row, null);
    return row;
  });
}

export async function updateClient(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: ClientPatch,
  fx: ClientEffects,
) {
  const before = await getClientOrThrow(db, ctx, id);
  ctx.policy.authorizeOrThrow('clients', 'update', before);
  // A SIRET given to a client without SIREN brings its SIREN.
  if (input.siret && input.siren === undefined && !before.siren)
    input = { ...input, siren: sirenOf(null, input.siret) };
  await checkManagerOrThrow(db, input.accountManagerId);
  await checkIdentityOrThrow(db, {
    siren: input.siren !== undefined ? input.siren : before.siren,
    siret: input.siret !== undefined ? input.siret : before.siret,
    vatNumber: input.vatNumber !== undefined ? input.vatNumber : before.vatNumber,
    segmentId: input.segmentId,
  });
  const partnerId =
    input.partnerId !== undefined ? await resolvePartnerId(db, ctx, input.partnerId) : undefined;
  return db.transaction(async (tx) => {
    const { partnerName: _p, segmentName: _s, ...beforeRow } = before;
    const after = await repo.updateClientRow(tx, id, {
      ...input,
      ...(partnerId !== undefined ? { partnerId } : {}),
      // E.164 twin of the phone and département of the postal code, written with them.
      ...(input.phone !== undefined ? { phoneE164: input.phone ? toE164(input.phone) : null } : {}),
      ...(input.postalCode !== undefined ? { department: departmentOf(input.postalCode) } : {}),
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
    await announceAssignment(tx, ctx, fx, after, before.accountManagerId);
    return after;
  });
}

/** The choices of the partner and account-manager fields: staff who may change clients only. */
export async function ownerChoices(db: Db, ctx: RequestContext) {
  // The route asks for clients:update; a partner never lists the others nor the company's staff.
  ctx.policy.staffOnlyOrThrow(
    'Seul le personnel de la société choisit le partenaire et le chargé de compte.',
  );
  const [partners, accountManagers] = [
    await repo.listAllPartners(db),
    await repo.listActiveInternalUsers(db, clientOwnerRoles(await getMatrix(db))),
  ];
  return { partners, accountManagers };
}

/**
 * « Changer de partenaire / de chargé de compte » on selected clients: every client must be one the
 * actor may change (else nothing changes); one transaction, one audit entry per client. Only staff
 * change the partner (a partner never moves a client to another partner); the new manager hears
 * of it once, however many clients.
 */
export async function bulkAssignClients(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof clientBulkBody>,
  fx: ClientEffects,
) {
  if (input.partnerId !== undefined) {
    ctx.policy.staffOnlyOrThrow('Seul le personnel de la société peut changer le partenaire d’un client.');
  }
  const partnerId =
    input.partnerId !== undefined ? await resolvePartnerId(db, ctx, input.partnerId) : undefined;
  await checkManagerOrThrow(db, input.accountManagerId);
  const ids = [...new Set(input.ids)];
  return db.transaction(async (tx) => {
    const rows = await repo.findClientsForUpdate(tx, ids);
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      if (!row) throw notFound('Client');
      ctx.policy.authorizeOrThrow('clients', 'update', row);
    }
    const changes = {
      ...(partnerId !== undefined ? { partnerId } : {}),
      ...(input.accountManagerId !== undefined ? { accountManagerId: input.accountManagerId } : {}),
    };
    const assigned: { id: string; partnerId: string | null }[] = [];
    for (const before of rows) {
      const after = await repo.updateClientRow(tx, before.id, { ...changes, updatedAt: clock.now() });
      await recordAudit(tx, ctx, {
        category: 'business',
        action: 'update',
        entityType: 'client',
        entityId: before.id,
        clientId: before.id,
        partnerId: after.partnerId,
        before,
        after,
      });
      if (after.accountManagerId && after.accountManagerId !== before.accountManagerId) assigned.push(after);
    }
    const managerId = input.accountManagerId;
    if (managerId && assigned.length === 1) {
      const only = rows.find((r) => r.id === assigned[0]!.id)!;
      await announceAssignment(
        tx,
        ctx,
        fx,
        { ...only, ...changes, updatedAt: clock.now() },
        only.accountManagerId,
      );
    } else if (managerId && assigned.length > 1) {
      for (const c of assigned) await publishAssigned(tx, c, managerId);
      if (managerId !== ctx.actor.userId) {
        await notifyUsers(tx, fx.jobs, {
          type: 'client.assigned',
          userIds: [managerId],
          title: `${plural(assigned.length, 'client attribué')} à votre nom`,
          body: `${ctx.actor.name} vous a attribué ${plural(assigned.length, 'client')} comme chargé de compte.`,
          link: `/clients?accountManagerId=${managerId}`,
          entityType: 'client',
          entityId: assigned[0]!.id,
          idempotencyKey: `clients-assigned:${managerId}:${clock.now().getTime()}:${assigned.length}`,
          publicUrl: fx.publicUrl,
        });
      }
    }
    return { updated: rows.length };
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
