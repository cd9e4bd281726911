import { z } from '../zod.ts';

/** Result types of the global search; later modules (tickets, orders…) add theirs to the registry. */
export const searchQuery = z.strictObject({
  q: z.string().trim().min(1, 'Saisissez un texte à rechercher.').max(200, 'Recherche trop longue.'),
  /** Comma-separated types to search (all by default). */
  types: z.string().max(200).optional(),
  /** Results per type. */
  limit: z.coerce.number().int().min(1).max(50).default(8),
});
export type SearchQuery = z.infer<typeof searchQuery>;

/** How a hit matched: exact identifier, prefix, or fuzzy (typos, accents). */
export const matchKind = z.enum(['exact', 'prefix', 'fuzzy']);
export type MatchKind = z.infer<typeof matchKind>;

export const searchHit = z.object({
  type: z.string(),
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  /** Path of the record in the web app. */
  url: z.string(),
  match: matchKind,
  /** Similarity (0–1) for fuzzy hits, 1 for exact ones. */
  score: z.number(),
  /** Which field matched (`name`, `siret`, `phone`…) and its French label. */
  field: z.string(),
  fieldLabel: z.string(),
  /** The matched field's value, and the [start, end) ranges in it to highlight. */
  value: z.string(),
  ranges: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type SearchHit = z.infer<typeof searchHit>;

export const searchGroup = z.object({
  type: z.string(),
  label: z.string(),
  items: z.array(searchHit),
});
export type SearchGroup = z.infer<typeof searchGroup>;

export const searchOut = z.object({
  q: z.string(),
  groups: z.array(searchGroup),
  total: z.number().int(),
});
export type SearchOut = z.infer<typeof searchOut>;

// Caller identification.

export const callLookupQuery = z.strictObject({
  number: z.string().trim().min(1, 'Indiquez un numéro.').max(40),
});

const callClient = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string().nullable(),
  status: z.string(),
  partnerId: z.string().nullable(),
});
const callContact = z.object({
  id: z.string(),
  clientId: z.string(),
  name: z.string(),
  jobTitle: z.string().nullable(),
  email: z.string().nullable(),
  /** `phone` or `mobile`: which number matched. */
  matched: z.string(),
});
const callSite = z.object({
  id: z.string(),
  clientId: z.string(),
  name: z.string(),
  city: z.string().nullable(),
});
const callRange = z.object({
  id: z.string(),
  clientId: z.string(),
  platformId: z.string(),
  startE164: z.string(),
  endE164: z.string(),
  label: z.string().nullable(),
});

export const callLookupOut = z.object({
  /** The number in E.164, or null when it cannot be read as a phone number. */
  e164: z.string().nullable(),
  clients: z.array(callClient),
  contacts: z.array(callContact),
  sites: z.array(callSite),
  ranges: z.array(callRange),
});
export type CallLookupOut = z.infer<typeof callLookupOut>;

export const callEventBody = z.strictObject({
  from: z.string().trim().min(1, 'Indiquez le numéro appelant.').max(40),
  to: z.string().trim().max(40).optional(),
  /** The agent who takes the call: email or user id. */
  agent: z.string().trim().min(1, 'Indiquez l’agent (e-mail ou identifiant).').max(200),
});
export type CallEventBody = z.infer<typeof callEventBody>;

/** The card shown to the agent, payload of the `call.incoming` event. */
export const callCard = z.object({
  from: z.string(),
  fromE164: z.string().nullable(),
  to: z.string().nullable(),
  client: callClient.nullable(),
  contact: callContact.nullable(),
  site: callSite.nullable(),
  /** Other clients this number matches (shared switchboard…). */
  otherClients: z.array(callClient),
  /** Open tickets of the client: empty until the tickets module lands (it fills this list). */
  openTickets: z.array(z.object({ id: z.string(), number: z.string(), title: z.string() })),
  receivedAt: z.string(),
});
export type CallCard = z.infer<typeof callCard>;

export const callEventOut = z.object({
  eventId: z.number().int(),
  identified: z.boolean(),
  card: callCard,
});
