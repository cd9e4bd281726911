import { nafLabel, sectorOfNaf } from '../../../shared/client-identity.ts';
import type { ClientDetailOut, ClientOut } from '../../../shared/schemas/clients.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { ClientRow } from './clients.repo.ts';
import type { ContactRow } from './contacts.repo.ts';
import type { SiteRow } from './sites.repo.ts';

export function presentClient(row: ClientRow, ctx: RequestContext): ClientOut {
  return {
    id: row.id,
    name: row.name,
    siren: row.siren,
    siret: row.siret,
    vatNumber: row.vatNumber,
    nafCode: row.nafCode,
    nafLabel: nafLabel(row.nafCode),
    sector: sectorOfNaf(row.nafCode),
    legalForm: row.legalForm,
    segmentId: row.segmentId,
    segment: row.segmentName,
    sizeBand: row.sizeBand,
    tags: row.tags,
    status: row.status as ClientOut['status'],
    partnerId: row.partnerId,
    partnerName: row.partnerName,
    accountManagerId: row.accountManagerId,
    email: row.email,
    phone: row.phone,
    postalCode: row.postalCode,
    city: row.city,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    abilities: ctx.policy.abilities('clients', row),
  };
}

export function presentClientDetail(
  d: {
    client: ClientRow;
    sites: SiteRow[];
    contacts: ContactRow[];
  },
  ctx: RequestContext,
): ClientDetailOut {
  return {
    ...presentClient(d.client, ctx),
    sites: d.sites.map(({ clientId: _c, createdAt: _t, ...s }) => s),
    contacts: d.contacts.map(({ clientId: _c, createdAt: _t, ...c }) => c),
  };
}
