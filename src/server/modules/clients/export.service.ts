import { legalFormLabel, sizeBandLabel } from '../../../shared/client-identity.ts';
import { clientStatusLabels } from '../../../shared/schemas/clients.ts';
import type { RequestContext } from '../../infra/context.ts';
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
];

/**
 * One CSV cell for French Excel: quoted when needed; a text that Excel would read as a formula
 * (=, @, or + / - not followed by a digit) is prefixed with an apostrophe.
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=@]/.test(s) || /^[+-][^0-9 ]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The clients the actor can see (list filters applied), as CSV lines: UTF-8 with BOM, `;`
 * separator, CRLF; read page by page (keyset) so that a large export streams.
 */
export async function* exportClientsCsv(db: Db, ctx: RequestContext, filters: ListFilters) {
  yield `\uFEFF${headers.map(csvCell).join(';')}\r\n`;
  let cursor: string | undefined;
  do {
    const page = await listClients(db, ctx, { ...filters, limit: 200, cursor } as Parameters<
      typeof listClients
    >[2]);
    let chunk = '';
    for (const c of page.items) {
      chunk += `${[
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
      ]
        .map(csvCell)
        .join(';')}\r\n`;
    }
    if (chunk) yield chunk;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
