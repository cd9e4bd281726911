import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { PublicQuoteOut, QuoteOut, QuoteSummaryOut } from '../../../shared/schemas/quotes.ts';
import { del, get, patch, post } from '../../app/api.ts';
import { type KeysetPage, keysetQuery } from '../../app/keyset.tsx';

/**
 * Quotes' data layer (the pattern: tickets/api.ts): the list (keyset pages), one version, its
 * changes and sending; the client's public page by its link's token. Every key of a signed-in user
 * is under `['quotes']`, refreshed by `invalidateQuotes`.
 */

export type QuoteFilters = { q?: string; status?: string; clientId?: string };

export const quoteKeys = {
  all: ['quotes'] as const,
  list: (filters: QuoteFilters) => ['quotes', 'list', filters] as const,
  detail: (id: string) => ['quotes', 'detail', id] as const,
  public: (token: string) => ['public-quote', token] as const,
};

export const quoteQueries = {
  /** The quotes' last versions, newest first. */
  list: (filters: QuoteFilters) =>
    keysetQuery<KeysetPage<QuoteSummaryOut>>(quoteKeys.list(filters), '/quotes', filters),
  detail: (id: string) =>
    queryOptions({
      queryKey: quoteKeys.detail(id),
      queryFn: ({ signal }) => get<QuoteOut>(`/quotes/${id}`, signal),
    }),
  /** The quote of an acceptance link (no session). */
  public: (token: string) =>
    queryOptions({
      queryKey: quoteKeys.public(token),
      queryFn: ({ signal }) => get<PublicQuoteOut>(`/public/quotes/${token}`, signal),
      retry: false,
    }),
};

export const quoteApi = {
  /** Creates a draft (no `id`) or changes a quote (a sent one becomes a new version). */
  save: (id: string | undefined, body: unknown) =>
    id ? patch<QuoteOut>(`/quotes/${id}`, body) : post<QuoteOut>('/quotes', body),
  remove: (id: string) => del(`/quotes/${id}`),
  send: (id: string) => post<QuoteOut>(`/quotes/${id}/send`),
  acceptByLink: (token: string, body: { signerName: string; signaturePng: string }) =>
    post<PublicQuoteOut>(`/public/quotes/${token}/accept`, body),
  refuseByLink: (token: string, body: { signerName?: string; reason: string }) =>
    post<PublicQuoteOut>(`/public/quotes/${token}/refuse`, body),
};

/** The PDF of a version (signed once accepted online). */
export const quotePdfUrl = (id: string) => `/api/v1/quotes/${id}/pdf`;
/** The PDF of an acceptance link's quote. */
export const publicQuotePdfUrl = (token: string) => `/api/v1/public/quotes/${token}/pdf`;

export function invalidateQuotes(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: quoteKeys.all });
}
