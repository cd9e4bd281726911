import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { openTicketStatuses, unqualifiedClientLabel } from '../../../shared/tickets.ts';
import type { TicketQueue } from '../../../shared/schemas/tickets.ts';
import { platformKindLabels } from '../../../shared/schemas/client-records.ts';
import {
  clients,
  contractPlatforms,
  contractSites,
  maintenanceContracts,
  teamMembers,
  teams,
  tickets,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { type Db, likeContains as likeOf, rowsOf } from '../../infra/db.ts';
import { updateVersionedOrThrow } from '../../infra/versioned.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeWhere as whereOfScope } from '../../policy/scope-sql.ts';

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

/** Row scope on tickets (joined to clients): a partner sees the tickets of its own clients. */
export const scopeWhere = (scope: RowScope) => whereOfScope(scope, { partner: clients.partnerId });

/**
 * The names shown with a ticket, each read by a correlated scalar subquery on a primary key rather
 * than by joins: the statement stays a one-table query, so it is planned in well under a
 * millisecond (nine joined tables cost 10 ms of planning per call), the queue's index gives the
 * order, and PostgreSQL evaluates these lookups after the sort and the limit, for the page's rows only.
 */
/** `p.kind` as its French label, in SQL (the labels are constants: no user text). */
const platformKindSql = `CASE p.kind ${Object.entries(platformKindLabels)
  .map(([k, v]) => `WHEN '${k}' THEN '${v}'`)
  .join(' ')} ELSE p.kind END`;
const lookup = <T>(subquery: string) => sql<T>`${sql.raw(`(${subquery})`)}`;
const baseColumns = {
  t: tickets,
  // A ticket without client (« à qualifier ») is named so everywhere a client name is shown.
  clientName: lookup<string>(
    `coalesce((SELECT c.name FROM clients c WHERE c.id = tickets.client_id), '${unqualifiedClientLabel}')`,
  ),
  clientEmail: lookup<string | null>('SELECT c.email FROM clients c WHERE c.id = tickets.client_id'),
  partnerId: lookup<string | null>('SELECT c.partner_id FROM clients c WHERE c.id = tickets.client_id'),
  partnerName: lookup<string | null>(
    'SELECT p.name FROM clients c JOIN partners p ON p.id = c.partner_id WHERE c.id = tickets.client_id',
  ),
  siteName: lookup<string | null>('SELECT s.name FROM sites s WHERE s.id = tickets.site_id'),
  siteDepartment: lookup<string | null>('SELECT s.department FROM sites s WHERE s.id = tickets.site_id'),
  contactName: lookup<string | null>(
    "SELECT k.first_name || ' ' || k.last_name FROM contacts k WHERE k.id = tickets.contact_id",
  ),
  contactEmail: lookup<string | null>('SELECT k.email FROM contacts k WHERE k.id = tickets.contact_id'),
  // The kind's French label (« Microsoft Teams », never the code `teams`), then the provider.
  platformName: lookup<string | null>(
    `SELECT ${platformKindSql} || coalesce(' — ' || p.provider, '') FROM telephony_platforms p WHERE p.id = tickets.platform_id`,
  ),
  contractName: lookup<string | null>(
    'SELECT m.name FROM maintenance_contracts m WHERE m.id = tickets.contract_id',
  ),
  assigneeName: lookup<string | null>('SELECT u.name FROM users u WHERE u.id = tickets.assignee_id'),
  teamName: lookup<string | null>('SELECT e.name FROM teams e WHERE e.id = tickets.team_id'),
};

type BaseRow = { t: TicketBase } & Omit<TicketRow, keyof TicketBase>;

function baseQuery(db: Db) {
  return db.select(baseColumns).from(tickets);
}

/** The row scope as a condition on tickets alone (no join): a partner's clients' tickets. */
const scopeOnTickets = (scope: RowScope) => whereOfScope(scope, { partner: (id) => ofPartner(id) });

const ofPartner = (partnerId: string) =>
  sql`${tickets.clientId} IN (SELECT c.id FROM clients c WHERE c.partner_id = ${partnerId})`;

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
  unqualified?: 'true' | 'false' | undefined;
  sort: 'priority' | 'recent' | 'updated';
  after: (string | null)[] | null;
  limit: number;
};

const openTicketsSql = inArray(tickets.status, [...openTicketStatuses]);
/** The predicate of the partial index `tickets_open_idx`, word for word (each queue adds `openTicketsSql`). */
const notClosedSql = sql`${tickets.status} NOT IN ('resolu', 'clos')`;

/**
 * The condition of a queue for this user. Every queue holds open tickets (`all`: every open ticket
 * of the scope); with `openOnly` false — a status filter was given — the statuses asked replace that
 * restriction (« Mes tickets » + « Résolu »: my resolved tickets).
 */
export function queueWhere(queue: TicketQueue, userId: string | null, openOnly = true): SQL | undefined {
  const me = userId ?? '00000000-0000-0000-0000-000000000000';
  const openSql = openOnly ? openTicketsSql : undefined;
  switch (queue) {
    case 'all':
      return openOnly ? notClosedSql : undefined;
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
      // IN rather than EXISTS: the same semi-join in a list, and a hashed subplan (the running
      // clocks past their warning, read once by the warning index) inside the counts' FILTER.
      return and(
        openSql,
        sql`${tickets.id} IN (SELECT k.ticket_id FROM ticket_sla_clocks k
          WHERE k.metric = 'resolution' AND k.state = 'running'
          AND k.warn_at <= ${clock.now().toISOString()}::timestamptz)`,
      );
    default:
      return undefined;
  }
}

export async function listTickets(db: Db, scope: RowScope, userId: string | null, f: ListFilters) {
  const where: (SQL | undefined)[] = [scopeOnTickets(scope), queueWhere(f.queue, userId, !f.status?.length)];
  if (f.q) {
    const like = likeOf(f.q);
    where.push(
      or(
        sql`${tickets.number} ILIKE ${like}`,
        sql`f_unaccent(lower(${tickets.subject})) LIKE f_unaccent(lower(${like}))`,
        sql`${tickets.clientId} IN (SELECT c.id FROM clients c
          WHERE f_unaccent(lower(c.name)) LIKE f_unaccent(lower(${like})))`,
      ),
    );
  }
  if (f.status?.length) where.push(inArray(tickets.status, f.status));
  if (f.priority?.length) where.push(inArray(tickets.priority, f.priority));
  if (f.type) where.push(eq(tickets.type, f.type));
  if (f.clientId) where.push(eq(tickets.clientId, f.clientId));
  if (f.partnerId) where.push(ofPartner(f.partnerId));
  if (f.assigneeId) where.push(eq(tickets.assigneeId, f.assigneeId));
  if (f.teamId) where.push(eq(tickets.teamId, f.teamId));
  if (f.unqualified)
    where.push(f.unqualified === 'true' ? isNull(tickets.clientId) : isNotNull(tickets.clientId));
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

/**
 * Per-queue counts for this user, scope applied, in one statement, and the open tickets « à
 * qualifier » (no client: never in a partner's scope). The queues hold open tickets only: they are
 * counted over the partial index of open tickets, never over the whole history.
 */
export async function countQueues(db: Db, scope: RowScope, userId: string | null) {
  const queues = ['mine', 'team', 'unassigned', 'escalated', 'at_risk'] as const;
  const cols = sql.join(
    queues.map((q) => sql`count(*) FILTER (WHERE ${queueWhere(q, userId)})::int AS ${sql.identifier(q)}`),
    sql`, `,
  );
  const res = await db.execute(sql`
    SELECT ${cols}, count(*)::int AS "all", count(*) FILTER (WHERE ${isNull(tickets.clientId)})::int AS unqualified
    FROM ${tickets} WHERE ${and(notClosedSql, scopeOnTickets(scope))}`);
  const row = rowsOf<Record<TicketQueue | 'unqualified', number | string>>(res)[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Record<
    TicketQueue | 'unqualified',
    number
  >;
}

export async function nextNumber(tx: Db): Promise<number> {
  const res = await tx.execute(sql`SELECT nextval('ticket_number_seq')::int AS n`);
  return Number(rowsOf<{ n: number }>(res)[0]!.n);
}

export async function clientOf(db: Db, id: string) {
  const [row] = await db
    .select({ id: clients.id, name: clients.name, partnerId: clients.partnerId, email: clients.email })
    .from(clients)
    .where(eq(clients.id, id));
  return row;
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
    .where(and(eq(tickets.clientId, clientId), openTicketsSql))
    .orderBy(asc(tickets.priority), asc(tickets.createdAt))
    .limit(limit);
}

/** Updates the ticket when its version is still `version`, else 409: someone changed it meanwhile. */
export function bumpOrThrow(tx: Db, id: string, version: number, values: PgUpdateSetSource<typeof tickets>) {
  return updateVersionedOrThrow(
    tx,
    tickets,
    id,
    version,
    values,
    'Ce ticket a été modifié entre-temps par quelqu’un d’autre. Rechargez-le puis recommencez.',
  );
}

/** Active users whose role is one of `roles`, by name. */
export function activeUsersWithRoles(db: Db, roles: string[]) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(and(inArray(users.role, roles), sql`${users.disabledAt} IS NULL`))
    .orderBy(sql`${users.name} COLLATE "fr-FR"`);
}
