import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound } from '../../infra/errors.ts';
import { findClient, findClientNames } from './clients.repo.ts';
import { findContact, findContactOfClientByEmail, findContactsByEmail } from './contacts.repo.ts';
import { findPlatformKind } from './platforms.repo.ts';
import { findSite, findSiteLocation } from './sites.repo.ts';

/**
 * What other modules (contracts, the manual SMS, tickets' inbound e-mail and assignment) read about a
 * client and its records. It imports nothing
 * that sends or notifies, so that notifications can read a client without a cycle through
 * `clients.service.ts`.
 */

/** A client the actor may see, or 404 (also when it exists outside the actor's scope). */
export async function getClientOrThrow(db: Db, ctx: RequestContext, id: string) {
  const row = await findClient(db, id);
  if (!row || !ctx.policy.sees('clients', row)) throw notFound('Client');
  return row;
}

/**
 * The contact of client `clientId` who wrote from `email` (tickets' inbound e-mail): the ticket's own
 * contact `preferredId` when the address is his, else another contact of the client with it.
 */
export function findClientContactByEmail(
  db: Db,
  clientId: string,
  email: string,
  preferredId: string | null,
) {
  return findContactOfClientByEmail(db, clientId, email, preferredId);
}

/**
 * The contact who wrote from `email` to the support address (tickets' inbound e-mail, a new ticket):
 * undefined when no contact has it, or when contacts of several clients share it (the ticket is then
 * « à qualifier »).
 */
export async function findSenderContact(db: Db, email: string) {
  const rows = await findContactsByEmail(db, email);
  return new Set(rows.map((r) => r.clientId)).size === 1 ? rows[0] : undefined;
}

/** A telephony platform's kind and provider (tickets' assignment: the skills it requires), or undefined. */
export function getPlatformKind(db: Db, platformId: string) {
  return findPlatformKind(db, platformId);
}

/**
 * A site's client, city, département, coordinates and opening hours (tickets' assignment: zone and
 * distance; interventions' technician ranking of a draft), or undefined.
 */
export function getSiteLocation(db: Db, siteId: string) {
  return findSiteLocation(db, siteId);
}

/** The names of these clients by id (lists of another module's records: quotes). */
export async function getClientNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  return new Map((await findClientNames(db, [...new Set(ids)])).map((c) => [c.id, c.name]));
}

/**
 * A client with some of its sites and one contact, as a document addressed to it shows them
 * (quotes: billing and installation sites, the contact). An id not of that client reads as null.
 */
export async function getClientParties(
  db: Db,
  clientId: string,
  refs: { siteIds: readonly (string | null)[]; contactId: string | null },
) {
  const client = await findClient(db, clientId);
  if (!client) return undefined;
  const sites = await Promise.all(
    refs.siteIds.map(async (id) => (id ? ((await findSite(db, clientId, id)) ?? null) : null)),
  );
  const contact = refs.contactId ? ((await findContact(db, clientId, refs.contactId)) ?? null) : null;
  return { client, sites, contact };
}
