import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { SearchOut } from '../../../shared/schemas/search.ts';
import { get, qs } from '../../app/api.ts';

/** The global search's data layer (the pattern: tickets/api.ts). */

export const searchKeys = {
  results: (q: string, limit: number) => ['search', q, limit] as const,
};

export const searchQueries = {
  /** Up to `limit` hits per group for `q` (the palette: 5, the page: 50). */
  results: (q: string, limit: number) =>
    queryOptions({
      queryKey: searchKeys.results(q, limit),
      placeholderData: keepPreviousData,
      staleTime: 10_000,
      queryFn: ({ signal }) => get<SearchOut>(`/search${qs({ q, limit })}`, signal),
    }),
};
