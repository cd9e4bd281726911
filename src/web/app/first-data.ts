import type { QueryClient } from '@tanstack/react-query';
import type { Me } from '../../shared/schemas/auth.ts';

/**
 * The queries a page shows first, asked by its route's loader — after the rights check, while the
 * page's chunk loads — so that the rows arrive with the page instead of after it. Given by the
 * module's `api.ts` (imported lazily: a small chunk, not in the entry), the very options the page
 * reads, so that the page finds them in flight or done.
 */
export type FirstData = (args: {
  me: Me;
  params: Record<string, string>;
  search: Record<string, unknown>;
}) => Promise<readonly FirstQuery[]>;
/** A query's or an infinite query's options (`queryOptions`, `keysetQuery`). */
type FirstQuery = { queryKey: readonly unknown[]; initialPageParam?: unknown } & object;

/** Fresh enough not to ask again when a link is hovered twice (the router preloads on intent). */
const preloadFresh = 10_000;

/** Starts the page's first queries without waiting for them; a failure is the page's to show. */
export function startFirstData(queryClient: QueryClient, first: ReturnType<FirstData>): void {
  first
    .then((queries) => {
      for (const q of queries) {
        const options = { ...q, staleTime: preloadFresh } as never;
        if ('initialPageParam' in q) void queryClient.prefetchInfiniteQuery(options);
        else void queryClient.prefetchQuery(options);
      }
    })
    .catch(() => {
      // The chunk of the module's api.ts could not load: the page will say so when it loads.
    });
}
