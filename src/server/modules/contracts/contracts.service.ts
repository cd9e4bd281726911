/**
 * Maintenance contracts of a client. Rights follow the client (module `clients`): whoever reads the
 * client reads its contracts; staff with clients create/update/delete edit them; a partner's users
 * read their clients' contracts and never edit them. Every change is audited with the client.
 */
import { and, asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { platformKindLabels } from '../../../shared/schemas/client-records.ts';
import type {
  ContractCreate,
  ContractOut,
  ContractStatus,
  ContractUpdate,
} from '../../../shared/schemas/contracts.ts';
import type { Action } from '../../../shared/permissions.ts';
import {
  businessCalendars,
  clients,
  contractPlatforms,
  contractSites,
  maintenanceContracts,
  sites,
  slaPolicies,
  telephonyPlatforms,
  tickets,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { cursorPart, decodeCursor, pageOf } from '../../infra/pagination.ts';
import { addDays, parisDate } from '../../../shared/paris-time.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, isUniqueViolation } from '../../infra/db.ts';
import { type AppError, conflict, forbidden, notFound, validationFailed } from '../../infra/errors.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere as whereOfScope } from '../../policy/scope-sql.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getClientOrThrow } from '../clients/clients.read.ts';

type ContractRow = typeof maintenanceContracts.$inferSelect;

/** Today (YYYY-MM-DD) in Europe/Paris. */
export const parisToday = (at: Date = clock.now()): string => parisDate(at);

/** Adds months to a day, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsTo(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The client of a contract route, if the actor may do `action`: partners never write contracts. */
async function contractClientOrThrow(db: Db, ctx: RequestContext, clientId: string, action: Action) {
  const client = await getClientOrThrow(db, ctx, clientId);
  ctx.policy.authorizeOrThrow('clients', action, client);
  if (action !== 'read' && !ctx.policy.isStaff())
    throw forbidden('Les contrats ne sont modifiables que par nos équipes.');
  return client;
}

function canWrite(ctx: RequestContext, row: { partnerId: string | null }, action: Action): boolean {
  return ctx.policy.staffCan('clients', action, row);
}

export async function presentContracts(
  db: Db,
  ctx: RequestContext,
  rows: (ContractRow & { clientName: string; partnerId: string | null })[],
): Promise<ContractOut[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const siteRows = await db
    .select({ contractId: contractSites.contractId, id: sites.id, name: sites.name })
    .from(contractSites)
    .innerJoin(sites, eq(sites.id, contractSites.siteId))
    .where(inArray(contractSites.contractId, ids))
    .orderBy(asc(sites.name));
  const platformRows = await db
    .select({
      contractId: contractPlatforms.contractId,
      id: telephonyPlatforms.id,
      kind: telephonyPlatforms.kind,
      provider: telephonyPlatforms.provider,
    })
    .from(contractPlatforms)
    .innerJoin(telephonyPlatforms, eq(telephonyPlatforms.id, contractPlatforms.platformId))
    .where(inArray(contractPlatforms.contractId, ids));
  const calendarIds = [...new Set(rows.map((r) => r.calendarId).filter((x): x is string => !!x))];
  const calendars = calendarIds.length
    ? await db
        .select({ id: businessCalendars.id, name: businessCalendars.name })
        .from(businessCalendars)
        .where(inArray(businessCalendars.id, calendarIds))
    : [];
  const calendarName = new Map(calendars.map((c) => [c.id, c.name]));
  const today = parisToday();
  return rows.map((r) => ({
    id: r.id,
    clientId: r.clientId,
    clientName: r.clientName,
    reference: r.reference,
    name: r.name,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    tacitRenewal: r.tacitRenewal,
    renewalMonths: r.renewalMonths,
    noticeDays: r.noticeDays,
    noticeDeadline: addDays(r.endsOn, -r.noticeDays),
    status: r.status as ContractStatus,
    gtiMinutes: r.gtiMinutes,
    gtrMinutes: r.gtrMinutes,
    calendarId: r.calendarId,
    calendarName: r.calendarId ? (calendarName.get(r.calendarId) ?? null) : null,
    notes: r.notes,
    sites: siteRows.filter((s) => s.contractId === r.id).map((s) => ({ id: s.id, name: s.name })),
    platforms: platformRows
      .filter((p) => p.contractId === r.id)
      .map((p) => ({
        id: p.id,
        label: `${platformKindLabels[p.kind as keyof typeof platformKindLabels] ?? p.kind}${p.provider ? ` — ${p.provider}` : ''}`,
      })),
    daysLeft: daysBetween(today, r.endsOn),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    abilities: {
      update: canWrite(ctx, r, 'update'),
      delete: canWrite(ctx, r, 'delete'),
    },
  }));
}

const contractColumns = {
  contract: maintenanceContracts,
  clientName: clients.name,
  partnerId: clients.partnerId,
};

const scopeWhere = (scope: RowScope) => whereOfScope(scope, { partner: clients.partnerId });

async function selectContracts(db: Db, where: SQL | undefined, limit = 500) {
  const rows = await db
    .select(contractColumns)
    .from(maintenanceContracts)
    .innerJoin(clients, eq(clients.id, maintenanceContracts.clientId))
    .where(where)
    .orderBy(asc(maintenanceContracts.endsOn), asc(maintenanceContracts.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.contract, clientName: r.clientName, partnerId: r.partnerId }));
}

export async function listClientContracts(db: Db, ctx: RequestContext, clientId: string) {
  await contractClientOrThrow(db, ctx, clientId, 'read');
  return presentContracts(db, ctx, await selectContracts(db, eq(maintenanceContracts.clientId, clientId)));
}

/**
 * Contracts across clients (the actor's scope), by end date, a page at a time (`{ items, nextCursor }`):
 * `expiring` = active ones ending within N days.
 */
export async function listContracts(
  db: Db,
  ctx: RequestContext,
  f: {
    expiring?: number | undefined;
    status?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const where: (SQL | undefined)[] = [scopeWhere(ctx.policy.scopeFor('clients'))];
  // Keyset paging in the list's order: end date, then id.
  const after = decodeCursor<[string, string]>(
    f.cursor,
    2,
    ([endsOn, id]) => cursorPart.isoDate(endsOn) && cursorPart.uuid(id),
  );
  if (after) {
    where.push(
      sql`(${maintenanceContracts.endsOn}, ${maintenanceContracts.id}) > (${after[0]}::date, ${after[1]}::uuid)`,
    );
  }
  if (f.expiring !== undefined) {
    where.push(eq(maintenanceContracts.status, 'actif'));
    where.push(lte(maintenanceContracts.endsOn, addDays(parisToday(), f.expiring)));
  }
  if (f.status) where.push(eq(maintenanceContracts.status, f.status));
  const page = pageOf(await selectContracts(db, and(...where), f.limit + 1), f.limit, (c) => [
    c.endsOn,
    c.id,
  ]);
  return { items: await presentContracts(db, ctx, page.items), nextCursor: page.nextCursor };
}

async function findContract(db: Db, id: string) {
  const [row] = await selectContracts(db, eq(maintenanceContracts.id, id), 1);
  return row;
}

export async function getContractOrThrow(db: Db, ctx: RequestContext, id: string) {
  const row = await findContract(db, id);
  if (!row || !ctx.policy.sees('clients', { partnerId: row.partnerId })) throw notFound('Contrat');
  return row;
}

export async function getContract(db: Db, ctx: RequestContext, id: string): Promise<ContractOut> {
  const row = await getContractOrThrow(db, ctx, id);
  return (await presentContracts(db, ctx, [row]))[0]!;
}

/** Covered sites/platforms and the calendar must exist and belong to the client: 400 on the field. */
async function checkRefs(
  db: Db,
  clientId: string,
  input: {
    siteIds?: string[] | undefined;
    platformIds?: string[] | undefined;
    calendarId?: string | null | undefined;
  },
) {
  const siteIds = [...new Set(input.siteIds ?? [])];
  if (siteIds.length) {
    const found = await db
      .select({ id: sites.id })
      .from(sites)
      .where(and(inArray(sites.id, siteIds), eq(sites.clientId, clientId)));
    const ok = new Set(found.map((s) => s.id));
    const bad = siteIds.findIndex((id) => !ok.has(id));
    if (bad >= 0) {
      throw validationFailed([
        { path: 'siteIds', message: 'Un des sites couverts n’appartient pas à ce client.' },
        {
          path: `siteIds.${input.siteIds!.indexOf(siteIds[bad]!)}`,
          message: 'Ce site n’appartient pas à ce client.',
        },
      ]);
    }
  }
  const platformIds = [...new Set(input.platformIds ?? [])];
  if (platformIds.length) {
    const found = await db
      .select({ id: telephonyPlatforms.id })
      .from(telephonyPlatforms)
      .where(and(inArray(telephonyPlatforms.id, platformIds), eq(telephonyPlatforms.clientId, clientId)));
    const ok = new Set(found.map((s) => s.id));
    const bad = platformIds.findIndex((id) => !ok.has(id));
    if (bad >= 0) {
      throw validationFailed([
        { path: 'platformIds', message: 'Une des plateformes couvertes n’appartient pas à ce client.' },
        {
          path: `platformIds.${input.platformIds!.indexOf(platformIds[bad]!)}`,
          message: 'Cette plateforme n’appartient pas à ce client.',
        },
      ]);
    }
  }
  if (input.calendarId) {
    const [cal] = await db
      .select({ id: businessCalendars.id })
      .from(businessCalendars)
      .where(eq(businessCalendars.id, input.calendarId));
    if (!cal) throw validationFailed([{ path: 'calendarId', message: 'Calendrier introuvable.' }]);
  }
}

async function writeCoverage(tx: Db, contractId: string, siteIds?: string[], platformIds?: string[]) {
  if (siteIds) {
    await tx.delete(contractSites).where(eq(contractSites.contractId, contractId));
    const ids = [...new Set(siteIds)];
    if (ids.length) await tx.insert(contractSites).values(ids.map((siteId) => ({ contractId, siteId })));
  }
  if (platformIds) {
    await tx.delete(contractPlatforms).where(eq(contractPlatforms.contractId, contractId));
    const ids = [...new Set(platformIds)];
    if (ids.length) {
      await tx.insert(contractPlatforms).values(ids.map((platformId) => ({ contractId, platformId })));
    }
  }
}

function referenceTaken(): AppError {
  const message = 'Cette référence de contrat est déjà utilisée.';
  return conflict(message, [{ path: 'reference', message }]);
}

export async function createContract(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  input: ContractCreate,
): Promise<ContractOut> {
  const client = await contractClientOrThrow(db, ctx, clientId, 'create');
  await checkRefs(db, clientId, input);
  const { siteIds, platformIds, ...fields } = input;
  try {
    return await db.transaction(async (tx) => {
      const now = clock.now();
      const [row] = await tx
        .insert(maintenanceContracts)
        .values({ ...fields, clientId, createdAt: now, updatedAt: now })
        .returning();
      await writeCoverage(tx, row!.id, siteIds, platformIds);
      const out = (
        await presentContracts(tx, ctx, [{ ...row!, clientName: client.name, partnerId: client.partnerId }])
      )[0]!;
      await recordAudit(tx, ctx, {
        category: 'business',
        action: 'create',
        entityType: 'maintenance_contract',
        entityId: row!.id,
        clientId,
        partnerId: client.partnerId,
        after: out,
      });
      return out;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw referenceTaken();
    throw e;
  }
}

export async function updateContract(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: ContractUpdate,
): Promise<ContractOut> {
  const current = await getContractOrThrow(db, ctx, id);
  await contractClientOrThrow(db, ctx, current.clientId, 'update');
  const startsOn = input.startsOn ?? current.startsOn;
  const endsOn = input.endsOn ?? current.endsOn;
  if (endsOn <= startsOn) {
    throw validationFailed([{ path: 'endsOn', message: 'La date de fin doit suivre la date de début.' }]);
  }
  await checkRefs(db, current.clientId, input);
  const { siteIds, platformIds, ...fields } = input;
  try {
    return await db.transaction(async (tx) => {
      const [before] = await presentContracts(tx, ctx, [current]);
      const [row] = await tx
        .update(maintenanceContracts)
        .set({ ...fields, updatedAt: clock.now() })
        .where(eq(maintenanceContracts.id, id))
        .returning();
      await writeCoverage(tx, id, siteIds, platformIds);
      const out = (
        await presentContracts(tx, ctx, [
          { ...row!, clientName: current.clientName, partnerId: current.partnerId },
        ])
      )[0]!;
      await recordAudit(tx, ctx, {
        category: 'business',
        action: 'update',
        entityType: 'maintenance_contract',
        entityId: id,
        clientId: current.clientId,
        partnerId: current.partnerId,
        before,
        after: out,
      });
      return out;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw referenceTaken();
    throw e;
  }
}

/** A contract referenced by tickets is kept (set it `resilie` instead): 409. */
export async function deleteContract(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const current = await getContractOrThrow(db, ctx, id);
  await contractClientOrThrow(db, ctx, current.clientId, 'delete');
  const [used] = await db.select({ id: tickets.id }).from(tickets).where(eq(tickets.contractId, id)).limit(1);
  if (used) {
    throw conflict(
      'Ce contrat est lié à des tickets : passez-le au statut « Résilié » plutôt que de le supprimer.',
    );
  }
  await db.transaction(async (tx) => {
    const [before] = await presentContracts(tx, ctx, [current]);
    await tx.delete(slaPolicies).where(eq(slaPolicies.contractId, id));
    await tx.delete(maintenanceContracts).where(eq(maintenanceContracts.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'maintenance_contract',
      entityId: id,
      clientId: current.clientId,
      partnerId: current.partnerId,
      before,
    });
  });
}
