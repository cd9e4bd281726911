import { asc, inArray, sql } from 'drizzle-orm';
import { legalFormLabel, sizeBandLabel } from '../../../shared/client-identity.ts';
import { importFieldLabel, importFieldsOf } from '../../../shared/schemas/client-import.ts';
import { clientStatusLabels } from '../../../shared/schemas/clients.ts';
import { contacts, sites } from '../../db/schema/index.ts';
import type { RequestContext } from '../../infra/context.ts';
import { csvStream } from '../../infra/csv.ts';
import type { Db } from '../../infra/db.ts';
import { listClients } from './clients.service.ts';

type ListFilters = Omit<Parameters<typeof listClients>[2], 'limit' | 'cursor'>;

const headers = [
  'Raison sociale',
  'SIREN',
  'SIRET',
  'N° de TVA',
  'Code NAF',
  'Forme juridique',
  'Segment',
  'Tranche d’effectif',
  'Statut',
  'Étiquettes',
  'Partenaire',
  'E-mail',
  'Téléphone',
  'Code postal',
  'Ville',
  'Créé le',
  // The first site and the first contact, under the import's column names (a file exported can be
  // imported elsewhere as is), then how many each client has.
  ...[...importFieldsOf('site'), ...importFieldsOf('contact')].map(importFieldLabel),
  'Nombre de sites',
  'Nombre de contacts',
];

type SiteRow = typeof sites.$inferSelect;
type ContactRow = typeof contacts.$inferSelect;

/** The sites and contacts of a page of clients, oldest first, in two queries. */
async function recordsOf(db: Db, clientIds: string[]) {
  const siteMap = new Map<string, SiteRow[]>();
  const contactMap = new Map<string, ContactRow[]>();
  if (!clientIds.length) return { siteMap, contactMap };
  const [siteRows, contactRows] = await Promise.all([
    db
      .select()
      .from(sites)
      .where(inArray(sites.clientId, clientIds))
      .orderBy(asc(sites.createdAt), sql`${sites.name} COLLATE "fr-FR"`, asc(sites.id)),
    db
      .select()
      .from(contacts)
      .where(inArray(contacts.clientId, clientIds))
      .orderBy(asc(contacts.createdAt), sql`${contacts.lastName} COLLATE "fr-FR"`, asc(contacts.id)),
  ]);
  for (const r of siteRows) siteMap.set(r.clientId, [...(siteMap.get(r.clientId) ?? []), r]);
  for (const r of contactRows) contactMap.set(r.clientId, [...(contactMap.get(r.clientId) ?? []), r]);
  return { siteMap, contactMap };
}

/** The rows of the export, one page (keyset) at a time. */
async function* clientPages(db: Db, ctx: RequestContext, filters: ListFilters) {
  let cursor: string | undefined;
  do {
    const page = await listClients(db, ctx, { ...filters, limit: 200, cursor } as Parameters<
      typeof listClients
    >[2]);
    const { siteMap, contactMap } = await recordsOf(
      db,
      page.items.map((c) => c.id),
    );
    yield page.items.map((c) => {
      const clientSites = siteMap.get(c.id) ?? [];
      const clientContacts = contactMap.get(c.id) ?? [];
      const site = clientSites[0];
      const contact = clientContacts[0];
      return [
        c.name,
        c.siren,
        c.siret,
        c.vatNumber,
        c.nafCode,
        legalFormLabel(c.legalForm) ?? c.legalForm,
        c.segmentName,
        sizeBandLabel(c.sizeBand) ?? c.sizeBand,
        clientStatusLabels[c.status as keyof typeof clientStatusLabels] ?? c.status,
        c.tags.join(', '),
        c.partnerName,
        c.email,
        c.phone,
        c.postalCode,
        c.city,
        c.createdAt.toISOString().slice(0, 10),
        site?.name,
        site?.addressLine,
        site?.postalCode,
        site?.city,
        site?.phone,
        contact?.firstName,
        contact?.lastName,
        contact?.jobTitle,
        contact?.email,
        contact?.phone,
        contact?.mobile,
        clientSites.length,
        clientContacts.length,
      ];
    });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * The clients the actor can see (list filters applied), as a CSV stream for French Excel (see
 * `infra/csv.ts`), read page by page so that a large export streams.
 */
export function exportClientsCsv(db: Db, ctx: RequestContext, filters: ListFilters) {
  return csvStream(headers, clientPages(db, ctx, filters));
}
