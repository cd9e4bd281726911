import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { openTicketStatuses } from '../../../shared/tickets.ts';
import type { TicketQueue } from '../../../shared/schemas/tickets.ts';
import {
  clients,
  contacts,
  contractPlatforms,
  contractSites,
  maintenanceContracts,
  partners,
  sites,
  teamMembers,
  teams,
  telephonyPlatforms,
  tickets,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import type { RowScope } from '../../policy/policy.ts';

export type TicketBase = typeof tickets.$inferSelect;
export type TicketRow = TicketBase & {
  clientName: string;
  clientEmail: string | null;
  partnerId: string | null;
  partnerName: string | null;
  siteName: string | null;
  siteDepartment: string | null;
  contactName: string | null;
  contactEmail: string | null;
  platformName: string | null;
  contractName: string | null;
  assigneeName: string | null;
  teamName: string | null;
};

const assignee = alias(users, 'assignee');

/** Row scope on tickets (joined to clients): a partner sees the tickets of its own clients. */
export function scopeWhere(scope: RowScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'partner':
      return eq(clients.partnerId, scope.partnerId);
    default:
      return sql`false`;
  }
}

const baseColumns = {
  t: tickets,
  clientName: clients.name,
  clientEmail: clients.email,
  partnerId: clients.partnerId,
  partnerName: partners.name,
  siteName: sites.name,
  siteDepartment: sites.department,
  contactName: sql<
    string | null
  >`CASE WHEN ${contacts.id} IS NULL THEN NULL ELSE ${contacts.firstName} || ' ' || ${contacts.lastName} END`,
  contactEmail: contacts.email,
  platformName: sql<
    string | null
  >`CASE WHEN ${telephonyPlatforms.id} IS NULL THEN NULL ELSE ${telephonyPlatforms.kind} || coalesce(' — ' || ${telephonyPlatforms.provider}, '') END`,
  contractName: maintenanceContracts.name,
  assigneeName: assignee.name,
  teamName: teams.name,
};

type BaseRow = { t: TicketBase } & Omit<TicketRow, keyof TicketBase>;

function baseQuery(db: Db) {
  return db
    .select(baseColumns)
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.clientId))
    .leftJoin(partners, eq(partners.id, clients.partnerId))
    .leftJoin(sites, eq(sites.id, tickets.siteId))
    .leftJoin(contacts, eq(contacts.id, tickets.contactId))
    .leftJoin(telephonyPlatforms, eq(telephonyPlatforms.id, tickets.platformId))
    .leftJoin(maintenanceContracts, eq(maintenanceContracts.id, tickets.contractId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId));
}

function attach(rows: BaseRow[]): TicketRow[] {
  return rows.map(({ t, ...rest }) => ({ ...t, ...rest }));
}

export async function findTicket(db: Db, id: string): Promise<TicketRow | undefined> {
  const rows = await baseQuery(db).where(eq(tickets.id, id));
  return attach(rows as BaseRow[])[0];
}

export async function findTicketByNumber(db: Db, number: string): Promise<TicketRow | undefined> {
  const rows = await baseQuery(db).where(eq(tickets.number, number));
  return attach(rows as BaseRow[])[0];
}

export type ListFilters = {
  queue: TicketQueue;
  q?: string | undefined;
  status?: string[] | undefined;
  priority?: string[] | undefined;
  type?: string | undefined;
  clientId?: string | undefined;
  partnerId?: string | undefined;
  assigneeId?: string | undefined;
  teamId?: string | undefined;
  sort: 'priority' | 'recent' | 'updated';
  after: (string | null)[] | null;
  limit: number;
};

const openSql = inArray(tickets.status, [...openTicketStatuses]);

/** The condition of a queue for this user (open tickets only, except `all`). */
export function queueWhere(queue: TicketQueue, userId: string | null): SQL | undefined {
  const me = userId ?? '00000000-0000-0000-0000-000000000000';
  switch (queue) {
    case 'mine':
      return and(openSql, eq(tickets.assigneeId, me));
    case 'team':
      return and(
        openSql,
        sql`${tickets.teamId} IN (SELECT team_id FROM team_members WHERE user_id = ${me}::uuid)`,
      );
    case 'unassigned':
      return and(openSql, isNull(tickets.assigneeId));
    case 'escalated':
      return and(openSql, or(eq(tickets.status, 'escalade'), sql`${tickets.escalationLevel} > 0`));
    case 'at_risk':
      return and(
        openSql,
        sql`EXISTS (SELECT 1 FROM ticket_sla_clocks k WHERE k.ticket_id = ${tickets.id}
          AND k.metric = 'resolution' AND k.state = 'running'
          AND k.warn_at <= ${clock.now().toISOString()}::timestamptz)`,
      );
    default:
      return undefined;
  }
}

const likeOf = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export async function listTickets(db: Db, scope: RowScope, userId: string | null, f: ListFilters) {
  const where: (SQL | undefined)[] = [scopeWhere(scope), queueWhere(f.queue, userId)];
  if (f.q) {
    const like = likeOf(f.q);
    where.push(
      or(
        sql`${tickets.number} ILIKE ${like}`,
        sql`f_unaccent(lower(${tickets.subject})) LIKE f_unaccent(lower(${like}))`,
        sql`f_unaccent(lower(${clients.name})) LIKE f_unaccent(lower(${like}))`,
      ),
    );
  }
  if (f.status?.length) where.push(inArray(tickets.status, f.status));
  if (f.priority?.length) where.push(inArray(tickets.priority, f.priority));
  if (f.type) where.push(eq(tickets.type, f.type));
  if (f.clientId) where.push(eq(tickets.clientId, f.clientId));
  if (f.partnerId) where.push(eq(clients.partnerId, f.partnerId));
  if (f.assigneeId) where.push(eq(tickets.assigneeId, f.assigneeId));
  if (f.teamId) where.push(eq(tickets.teamId, f.teamId));
  let order: SQL[];
  if (f.sort === 'priority') {
    if (f.after)
      where.push(
        sql`(${tickets.priority}, ${tickets.createdAt}, ${tickets.id}) > (${f.after[0]}, ${f.after[1]}::timestamptz, ${f.after[2]}::uuid)`,
      );
    order = [asc(tickets.priority), asc(tickets.createdAt), asc(tickets.id)];
  } else {
    const col = f.sort === 'recent' ? tickets.createdAt : tickets.updatedAt;
    if (f.after) where.push(sql`(${col}, ${tickets.id}) < (${f.after[1]}::timestamptz, ${f.after[2]}::uuid)`);
    order = [desc(col), desc(tickets.id)];
  }
  const rows = await baseQuery(db)
    .where(and(...where))
    .orderBy(...order)
    .limit(f.limit);
  return attach(rows as BaseRow[]);
}

/** Per-queue counts for this user, scope applied, in one statement. */
export async function countQueues(db: Db, scope: RowScope, userId: string | null) {
  const queues = ['mine', 'team', 'unassigned', 'escalated', 'at_risk'] as const;
  const cols = Object.fromEntries(
    queues.map((q) => [q, sql<number>`count(*) FILTER (WHERE ${queueWhere(q, userId)})`.mapWith(Number)]),
  ) as unknown as Record<(typeof queues)[number], SQL<number>>;
  const [row] = await db
    .select({ ...cols, all: sql<number>`count(*)`.mapWith(Number) })
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.clientId))
    .where(scopeWhere(scope));
  return row as unknown as Record<TicketQueue, number>;
}

export async function nextNumber(tx: Db): Promise<number> {
  const res = await tx.execute(sql`SELECT nextval('ticket_number_seq')::int AS n`);
  return Number((res as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

export async function clientOf(db: Db, id: string) {
  const [row] = await db
    .select({ id: clients.id, name: clients.name, partnerId: clients.partnerId, email: clients.email })
    .from(clients)
    .where(eq(clients.id, id));
  return row;
}

export async function siteDepartment(db: Db, siteId: string | null) {
  if (!siteId) return null;
  const [row] = await db.select({ d: sites.department }).from(sites).where(eq(sites.id, siteId));
  return row?.d ?? null;
}

/**
 * The contract of a new ticket: the client's active contract covering the site or the platform (a
 * contract listing no site and no platform covers all of them), else any active one, else null.
 */
export async function contractFor(
  db: Db,
  clientId: string,
  siteId: string | null,
  platformId: string | null,
  today: string,
): Promise<string | null> {
  const covers = sql<number>`CASE
    WHEN ${siteId}::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM ${contractSites} cs WHERE cs.contract_id = ${maintenanceContracts.id} AND cs.site_id = ${siteId}::uuid) THEN 0
    WHEN ${platformId}::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM ${contractPlatforms} cp WHERE cp.contract_id = ${maintenanceContracts.id} AND cp.platform_id = ${platformId}::uuid) THEN 0
    WHEN NOT EXISTS (SELECT 1 FROM ${contractSites} cs WHERE cs.contract_id = ${maintenanceContracts.id})
      AND NOT EXISTS (SELECT 1 FROM ${contractPlatforms} cp WHERE cp.contract_id = ${maintenanceContracts.id}) THEN 1
    ELSE 2 END`;
  const [row] = await db
    .select({ id: maintenanceContracts.id })
    .from(maintenanceContracts)
    .where(
      and(
        eq(maintenanceContracts.clientId, clientId),
        eq(maintenanceContracts.status, 'actif'),
        sql`${maintenanceContracts.startsOn} <= ${today}::date`,
        sql`${maintenanceContracts.endsOn} >= ${today}::date`,
      ),
    )
    .orderBy(covers, asc(maintenanceContracts.endsOn))
    .limit(1);
  return row?.id ?? null;
}

export async function teamById(db: Db, id: string) {
  const [row] = await db.select().from(teams).where(eq(teams.id, id));
  return row;
}

export async function userBrief(db: Db, id: string) {
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      partnerId: users.partnerId,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

/** Active users of a partner (emails of its tickets). */
export async function partnerUsers(db: Db, partnerId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.partnerId, partnerId), isNull(users.disabledAt)));
}

export async function teamIdsOfUser(db: Db, userId: string) {
  return (
    await db.select({ id: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId))
  ).map((r) => r.id);
}

/** Open tickets of a client, most urgent first (call pop-up). */
export async function openTicketsOfClient(db: Db, clientId: string, limit = 10) {
  return db
    .select({ id: tickets.id, number: tickets.number, title: tickets.subject })
    .from(tickets)
    .where(and(eq(tickets.clientId, clientId), openSql))
    .orderBy(asc(tickets.priority), asc(tickets.createdAt))
    .limit(limit);
}
