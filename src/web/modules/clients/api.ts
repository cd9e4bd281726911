import { keepPreviousData, type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  ClientImportPreviewOut,
  ClientImportResultOut,
  DuplicateOut,
} from '../../../shared/schemas/client-import.ts';
import type {
  ContactRecordOut,
  NoteOut,
  PlatformOut,
  SiteRecordOut,
  UnplacedSiteOut,
} from '../../../shared/schemas/client-records.ts';
import type {
  ClientDetailOut,
  ClientFilterQuery,
  ClientOut,
  ClientOwnerChoicesOut,
  ClientSegmentOut,
  CompanyLookupOut,
} from '../../../shared/schemas/clients.ts';
import type { SavedFilterOut } from '../../../shared/schemas/saved-filters.ts';
import type { SmsQuotaOut, SmsSentOut } from '../../../shared/schemas/sms.ts';
import type { TimelineEntryOut } from '../../../shared/schemas/timeline.ts';
import { del, get, patch, post, qs, uploadForm } from '../../app/api.ts';
import { type KeysetPage, keysetQuery } from '../../app/keyset.tsx';

/**
 * The clients module's data layer (the pattern: tickets/api.ts): its queries as `queryOptions`
 * factories, one key and one URL each, the abort signal passed; its changes as functions. Every key
 * under `['clients']` is refreshed by `invalidateClients`.
 */

type Items<T> = { items: T[] };
type Named = { id: string; name: string };
/** The records of a client that have their own tab, with their type. */
type RecordTypes = {
  sites: SiteRecordOut;
  contacts: ContactRecordOut;
  platforms: PlatformOut;
  notes: NoteOut;
};
export type RecordKind = keyof RecordTypes;
export type ClientRecord<K extends RecordKind> = RecordTypes[K];
export type ClientFilters = Partial<Record<keyof ClientFilterQuery, string>>;
/** What the duplicate check compares (the fields typed so far in the creation form). */
export type DuplicateProbe = Record<string, string | null>;

const clientUrl = (id: string) => `/clients/${encodeURIComponent(id)}`;

export const clientKeys = {
  /** Everything about clients: lists, records, their tabs, the pickers' choices. */
  all: ['clients'] as const,
  list: (filters: ClientFilters) => ['clients', 'list', filters] as const,
  detail: (id: string) => ['clients', 'detail', id] as const,
  records: (id: string, kind: RecordKind) => ['clients', kind, id] as const,
  timeline: (id: string) => ['clients', 'timeline', id] as const,
  partners: ['clients', 'partners'] as const,
  accountManagers: ['clients', 'account-managers'] as const,
  ownerChoices: ['clients', 'owner-choices'] as const,
  companyLookup: (q: string) => ['clients', 'company-lookup', q] as const,
  duplicates: (probe: DuplicateProbe) => ['clients', 'duplicates', probe] as const,
  picker: (q: string) => ['clients-picker', q] as const,
  segments: ['client-segments'] as const,
  savedFilters: ['saved-filters', 'clients'] as const,
  sms: ['sms'] as const,
  smsQuota: ['sms', 'quota'] as const,
  unplacedSites: ['sites', 'unplaced'] as const,
};

export const clientQueries = {
  list: (filters: ClientFilters) =>
    keysetQuery<KeysetPage<ClientOut>>(clientKeys.list(filters), '/clients', filters),
  detail: (id: string) =>
    queryOptions({
      queryKey: clientKeys.detail(id),
      queryFn: ({ signal }) => get<ClientDetailOut>(clientUrl(id), signal),
    }),
  /** A client's sites, contacts, platforms or notes (a plain array). */
  records: <K extends RecordKind>(id: string, kind: K) =>
    queryOptions({
      queryKey: clientKeys.records(id, kind),
      queryFn: ({ signal }) => get<RecordTypes[K][]>(`${clientUrl(id)}/${kind}`, signal),
    }),
  timeline: (id: string) =>
    keysetQuery<KeysetPage<TimelineEntryOut>>(clientKeys.timeline(id), `${clientUrl(id)}/timeline`, {}, 30),
  /** The clients matching what is typed in a picker (30 at most). */
  picker: (q: string) =>
    queryOptions({
      queryKey: clientKeys.picker(q),
      queryFn: ({ signal }) =>
        get<Items<ClientOut>>(`/clients${qs({ q: q || undefined, limit: 30 })}`, signal),
    }),
  partners: () =>
    queryOptions({
      queryKey: clientKeys.partners,
      staleTime: 60_000,
      queryFn: ({ signal }) => get<Items<Named>>('/clients/partners', signal),
    }),
  accountManagers: () =>
    queryOptions({
      queryKey: clientKeys.accountManagers,
      staleTime: 60_000,
      queryFn: ({ signal }) => get<Items<Named>>('/clients/account-managers', signal),
    }),
  /** Every partner and the users who may own clients: the choices of the forms and the bulk change (staff). */
  ownerChoices: () =>
    queryOptions({
      queryKey: clientKeys.ownerChoices,
      staleTime: 60_000,
      queryFn: ({ signal }) => get<ClientOwnerChoicesOut>('/clients/owner-choices', signal),
    }),
  /** Companies of the public register matching a SIRET, SIREN or name; `''`: is the lookup enabled? */
  companyLookup: (q: string) =>
    queryOptions({
      queryKey: clientKeys.companyLookup(q),
      staleTime: 5 * 60_000,
      queryFn: ({ signal }) =>
        get<CompanyLookupOut>(`/clients/company-lookup${qs({ q: q || undefined })}`, signal),
    }),
  /** The segments admins maintain, for the forms and the filters. */
  segments: () =>
    queryOptions({
      queryKey: clientKeys.segments,
      staleTime: 60_000,
      queryFn: ({ signal }) => get<Items<ClientSegmentOut>>('/client-segments', signal),
    }),
  duplicates: (probe: DuplicateProbe) =>
    queryOptions({
      queryKey: clientKeys.duplicates(probe),
      placeholderData: keepPreviousData,
      staleTime: 10_000,
      queryFn: ({ signal }) => post<Items<DuplicateOut>>('/clients/duplicates', probe, signal),
    }),
  savedFilters: () =>
    queryOptions({
      queryKey: clientKeys.savedFilters,
      queryFn: ({ signal }) => get<Items<SavedFilterOut>>('/saved-filters?list=clients', signal),
    }),
  smsQuota: () =>
    queryOptions({
      queryKey: clientKeys.smsQuota,
      queryFn: ({ signal }) => get<SmsQuotaOut>('/sms/quota', signal),
    }),
  unplacedSites: () =>
    queryOptions({
      queryKey: clientKeys.unplacedSites,
      queryFn: ({ signal }) => get<UnplacedSiteOut[]>('/sites/unplaced', signal),
    }),
};

export const clientApi = {
  create: (body: unknown) => post<ClientOut>('/clients', body),
  update: (id: string, body: unknown) => patch<ClientOut>(clientUrl(id), body),
  remove: (id: string) => del(clientUrl(id)),
  /** Changes the partner and/or account manager of the selected clients, all or none. */
  bulkAssign: (body: { ids: string[]; partnerId?: string | null; accountManagerId?: string | null }) =>
    post<{ updated: number }>('/clients/bulk', body),
  /** Adds (no `recordId`) or changes a site, contact, platform or note. */
  saveRecord: (id: string, kind: RecordKind, recordId: string | undefined, body: unknown) =>
    recordId ? patch(`${clientUrl(id)}/${kind}/${recordId}`, body) : post(`${clientUrl(id)}/${kind}`, body),
  removeRecord: (id: string, kind: RecordKind, recordId: string) =>
    del(`${clientUrl(id)}/${kind}/${recordId}`),
  geocodeSite: (s: UnplacedSiteOut) => post(`${clientUrl(s.clientId)}/sites/${s.id}/geocode`),
  saveFilter: (name: string, query: ClientFilters) =>
    post<SavedFilterOut>('/saved-filters?list=clients', { name, query }),
  removeFilter: (id: string) => del(`/saved-filters/${id}`),
  /** The CSV file goes each time, with the choices made so far (multipart: `data` and `file`). */
  importPreview: (choices: unknown, file: File | null) =>
    post<ClientImportPreviewOut>('/clients/import/preview', uploadForm(choices, 'file', file ? [file] : [])),
  importConfirm: (choices: unknown, file: File | null) =>
    post<ClientImportResultOut>('/clients/import/confirm', uploadForm(choices, 'file', file ? [file] : [])),
  sendSms: (body: { to: string; text: string; clientId: string }) => post<SmsSentOut>('/sms', body),
};

/** Links the browser follows itself (downloads). */
export const clientLinks = {
  exportCsv: (filters: ClientFilters) => `/api/v1/clients/export.csv${qs(filters)}`,
};

/** After a change to clients: every list, record and tab under `['clients']`. */
export function invalidateClients(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: clientKeys.all });
}

/** After a change to one of a client's records: its tab, the counts on the record page, its history. */
export async function invalidateClientRecords(qc: QueryClient, id: string, kind: RecordKind) {
  await qc.invalidateQueries({ queryKey: clientKeys.records(id, kind) });
  await qc.invalidateQueries({ queryKey: clientKeys.detail(id) });
  await qc.invalidateQueries({ queryKey: clientKeys.timeline(id) });
}
