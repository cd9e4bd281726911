import { and, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../../shared/permissions.ts';
import type { CallCard, CallEventBody, CallLookupOut } from '../../../shared/schemas/search.ts';
import { users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, selectRows } from '../../infra/db.ts';
import { forbidden, validationFailed } from '../../infra/errors.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { Policy, type RowScope } from '../../policy/policy.ts';
import { scopeSql } from '../../policy/scope-sql.ts';
import { publishEvent } from '../notifications/events.service.ts';
import { parseQuery } from '../search/search.service.ts';

type Row = Record<string, unknown>;
const rows = (db: Db, query: SQL) => selectRows<Row>(db, query);

const scopeSqlOf = (scope: RowScope): SQL => scopeSql(scope, { partner: sql`c.partner_id` });

const str = (v: unknown) => (v == null ? null : String(v));

/** The E.164 candidates of a number as a telephony platform or a person writes it. */
export function callerNumbers(input: string): string[] {
  return parseQuery(input).phones;
}

/**
 * Who owns this number, within `scope`: contacts (phone or mobile), sites, clients, and clients whose
 * SDA range holds it (number_ranges start_num ≤ n ≤ end_num, n = digits of the E.164). Each part is
 * one indexed query.
 */
export async function lookupNumber(db: Db, scope: RowScope, number: string): Promise<CallLookupOut> {
  const phones = callerNumbers(number);
  const empty: CallLookupOut = { e164: phones[0] ?? null, clients: [], contacts: [], sites: [], ranges: [] };
  if (phones.length === 0 || scope.kind === 'none') return empty;
  const arr = sql`${`{${phones.join(',')}}`}::text[]`;
  const nums = sql`${`{${phones.map((p) => p.slice(1)).join(',')}}`}::bigint[]`;
  const [contactRows, siteRows, clientRows, rangeRows] = await Promise.all([
    rows(
      db,
      sql`SELECT k.id, k.client_id, k.first_name, k.last_name, k.job_title, k.email,
            CASE WHEN k.mobile_e164 = ANY(${arr}) THEN 'mobile' ELSE 'phone' END AS matched
          FROM contacts k JOIN clients c ON c.id = k.client_id
          WHERE (k.phone_e164 = ANY(${arr}) OR k.mobile_e164 = ANY(${arr})) AND ${scopeSqlOf(scope)}
          ORDER BY k.last_name, k.first_name LIMIT 20`,
    ),
    rows(
      db,
      sql`SELECT s.id, s.client_id, s.name, s.city FROM sites s JOIN clients c ON c.id = s.client_id
          WHERE s.phone_e164 = ANY(${arr}) AND ${scopeSqlOf(scope)} ORDER BY s.name LIMIT 20`,
    ),
    rows(
      db,
      sql`SELECT c.id FROM clients c WHERE c.phone_e164 = ANY(${arr}) AND ${scopeSqlOf(scope)} LIMIT 20`,
    ),
    rows(
      db,
      sql`SELECT r.id, r.client_id, r.platform_id, r.start_e164, r.end_e164, r.label
          FROM unnest(${nums}) AS n(num)
          CROSS JOIN LATERAL (
            SELECT * FROM number_ranges nr WHERE nr.start_num <= n.num ORDER BY nr.start_num DESC LIMIT 20
          ) r
          JOIN clients c ON c.id = r.client_id
          WHERE r.end_num >= n.num AND ${scopeSqlOf(scope)} LIMIT 20`,
    ),
  ]);
  // Clients: directly matched first, then those of the contacts, sites and ranges.
  const clientIds = [
    ...new Set([
      ...clientRows.map((r) => String(r.id)),
      ...contactRows.map((r) => String(r.client_id)),
      ...siteRows.map((r) => String(r.client_id)),
      ...rangeRows.map((r) => String(r.client_id)),
    ]),
  ];
  const clientList = clientIds.length
    ? await rows(
        db,
        sql`SELECT c.id, c.name, c.city, c.status, c.partner_id FROM clients c
            WHERE c.id = ANY(${`{${clientIds.join(',')}}`}::uuid[])`,
      )
    : [];
  const byId = new Map(clientList.map((c) => [String(c.id), c]));
  return {
    e164: phones[0] ?? null,
    clients: clientIds
      .map((id) => byId.get(id))
      .filter((c): c is Row => Boolean(c))
      .map((c) => ({
        id: String(c.id),
        name: String(c.name),
        city: str(c.city),
        status: String(c.status),
        partnerId: str(c.partner_id),
      })),
    contacts: contactRows.map((r) => ({
      id: String(r.id),
      clientId: String(r.client_id),
      name: `${String(r.first_name)} ${String(r.last_name)}`,
      jobTitle: str(r.job_title),
      email: str(r.email),
      matched: String(r.matched),
    })),
    sites: siteRows.map((r) => ({
      id: String(r.id),
      clientId: String(r.client_id),
      name: String(r.name),
      city: str(r.city),
    })),
    ranges: rangeRows.map((r) => ({
      id: String(r.id),
      clientId: String(r.client_id),
      platformId: String(r.platform_id),
      startE164: String(r.start_e164),
      endE164: String(r.end_e164),
      label: str(r.label),
    })),
  };
}

/**
 * Open tickets of a client for the caller card. A hook so that the tickets module fills it when it
 * lands (`setOpenTicketsProvider`), without touching this module.
 */
export type OpenTicketsProvider = (db: Db, clientId: string) => Promise<CallCard['openTickets']>;
let openTickets: OpenTicketsProvider = async () => [];
export function setOpenTicketsProvider(p: OpenTicketsProvider): void {
  openTickets = p;
}

/**
 * An incoming call from a telephony platform. Only an API token may post it (a person cannot push
 * pop-ups to colleagues) and its role must read every client (`clients:read` with scope « tous »: a
 * partner's token is refused). The caller is identified within the AGENT's rights and scope — the
 * card goes to the agent — and published to that agent only (`call.incoming`).
 */
export async function receiveCallEvent(db: Db, ctx: RequestContext, body: CallEventBody) {
  if (ctx.actor.kind !== 'token' || ctx.policy.scopeFor('clients').kind !== 'all') {
    throw forbidden(
      'Seul un jeton d’API de plateforme téléphonique (rôle lisant tous les clients) peut signaler un appel.',
    );
  }
  const agentIsId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(body.agent);
  const [agent] = await db
    .select({ id: users.id, role: users.role, partnerId: users.partnerId, email: users.email })
    .from(users)
    .where(
      and(
        agentIsId ? or(eq(users.id, body.agent)) : eq(sql`lower(${users.email})`, body.agent.toLowerCase()),
        isNull(users.disabledAt),
      ),
    );
  if (!agent) throw validationFailed([{ path: 'agent', message: 'Agent inconnu ou désactivé.' }]);
  const agentPolicy = new Policy(
    {
      kind: 'user',
      userId: agent.id,
      tokenId: null,
      role: agent.role as Role,
      partnerId: agent.partnerId,
      name: agent.email,
    },
    await getMatrix(db),
  );
  const found = await lookupNumber(db, agentPolicy.scopeFor('clients'), body.from);
  const contact = found.contacts[0] ?? null;
  const site = found.sites[0] ?? null;
  const range = found.ranges[0] ?? null;
  const clientId = contact?.clientId ?? site?.clientId ?? found.clients[0]?.id ?? range?.clientId ?? null;
  const client = found.clients.find((c) => c.id === clientId) ?? null;
  const card: CallCard = {
    from: body.from,
    fromE164: found.e164,
    to: body.to ?? null,
    client,
    contact: contact && contact.clientId === clientId ? contact : null,
    site: site && site.clientId === clientId ? site : null,
    otherClients: found.clients.filter((c) => c.id !== clientId),
    openTickets: client ? await openTickets(db, client.id) : [],
    receivedAt: clock.now().toISOString(),
  };
  const eventId = await db.transaction((tx) =>
    publishEvent(tx, {
      type: 'call.incoming',
      payload: card as unknown as Record<string, unknown>,
      userId: agent.id,
      clientId: client?.id ?? null,
    }),
  );
  return { eventId, identified: client !== null, card };
}

export function lookupForActor(db: Db, ctx: RequestContext, number: string) {
  return lookupNumber(db, ctx.policy.scopeFor('clients'), number);
}
