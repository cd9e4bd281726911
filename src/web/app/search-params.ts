import { z } from 'zod';
import { interventionKinds } from '../../shared/interventions.ts';
import { productCategories, productKinds } from '../../shared/schemas/catalogue.ts';
import { ticketChannels } from '../../shared/tickets.ts';

/**
 * The search parameters of each route (`validateSearch` in router.tsx). Every parameter is an
 * optional string and a value that does not fit is dropped, so a hand-edited URL still opens the
 * page with its defaults.
 */
const lenient = <T extends z.ZodType<string, string>>(t: T) =>
  // The router reads `?department=69` as a number and `?active=true` as a boolean: back to text.
  z
    .union([t, z.union([z.number(), z.boolean()]).transform(String).pipe(t)])
    .optional()
    .catch(undefined);
const text = lenient(z.string().trim().min(1).max(200));
const id = lenient(z.uuid());
const oneOf = <const V extends readonly [string, ...string[]]>(values: V) => lenient(z.enum(values));
const department = lenient(
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^(\d{2,3}|2A|2B)$/),
);
const day = lenient(z.string().regex(/^\d{4}-\d{2}-\d{2}$/));

export const loginSearch = z.object({ redirect: lenient(z.string()) });

export const searchPageSearch = z.object({ q: text });

export const clientListSearch = z.object({
  q: text,
  status: oneOf(['prospect', 'actif', 'ancien']),
  segmentId: id,
  partnerId: id,
  department,
  accountManagerId: id,
  tag: lenient(z.string().trim().min(1).max(40)),
});

export const technicianListSearch = z.object({
  q: text,
  department,
  region: lenient(z.string().regex(/^\d{2}$/)),
  skill: id,
  minLevel: oneOf(['1', '2', '3']),
  kind: oneOf(['terrain', 'interne']),
  active: oneOf(['true', 'false', 'all']),
});

export const technicianTabs = ['competences', 'zones', 'horaires', 'absences', 'notes'] as const;
export const technicianSearch = z.object({ onglet: oneOf(technicianTabs) });

export const planningSearch = z.object({
  day,
  view: oneOf(['day', 'week']),
  department,
  skillId: id,
});

export const mapSearch = z.object({
  /** Comma-separated layers; the page keeps the readable ones it knows. */
  layers: lenient(z.string().max(200)),
  partnerId: id,
  segmentId: id,
  skillId: id,
  department,
  status: lenient(z.string().trim().min(1).max(40)),
});

/** /interventions/nouvelle, prefilled from a ticket or a client's page. */
export const interventionNewSearch = z.object({
  clientId: id,
  siteId: id,
  ticketId: id,
  assigneeId: id,
  platformId: id,
  kind: oneOf(interventionKinds),
  title: lenient(z.string().max(200)),
});

/** /tickets/nouveau, prefilled from the call pop-up or a client's page. */
export const ticketNewSearch = z.object({
  clientId: id,
  siteId: id,
  contactId: id,
  channel: oneOf(ticketChannels),
});

export const outboxSearch = z.object({ message: id });

export const catalogueTabs = ['articles', 'packs', 'tarifs'] as const;
/** /catalogue: its tab, the articles' filters, the partner whose price list is open. */
export const catalogueSearch = z.object({
  tab: oneOf(catalogueTabs),
  q: text,
  kind: oneOf(productKinds),
  category: oneOf(productCategories),
  active: oneOf(['true', 'false']),
  partnerId: id,
});

/** The parameters that hold a value: a list's active filters, and what to write back to the URL. */
export function definedOf<T extends object>(search: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(search).filter(([, v]) => v !== undefined && v !== ''),
  ) as Partial<T>;
}
