import { Button, Center } from '@mantine/core';
import {
  type InfiniteData,
  infiniteQueryOptions,
  keepPreviousData,
  type QueryKey,
  type UseInfiniteQueryOptions,
  useInfiniteQuery,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import { get, qs } from './api.ts';

type Params = Record<string, string | number | boolean | null | undefined>;
export type KeysetPage<T> = { items: T[]; nextCursor: string | null };

/**
 * A list read page by page with the API's keyset cursor (`?cursor=…&limit=…` → `{items, nextCursor}`),
 * as infinite query options for a module's `api.ts` (`P`: a page carrying more than `items`).
 */
export function keysetQuery<P extends KeysetPage<unknown>>(
  queryKey: QueryKey,
  path: string,
  params: Params = {},
  limit = 50,
): KeysetQuery<P> {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      get<P>(`${path}${qs({ ...params, limit, cursor: pageParam })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
/** The infinite query options of a keyset list. */
export type KeysetQuery<P> = UseInfiniteQueryOptions<P, Error, InfiniteData<P>, QueryKey, string | undefined>;

/**
 * A keyset list of `api.ts` read on screen: the infinite query plus its rows flattened. `keepPrevious`
 * keeps the rows on screen while new filters load.
 */
export function useKeysetList<P extends KeysetPage<unknown>>(
  query: KeysetQuery<P>,
  opts: { keepPrevious?: boolean; refetchInterval?: number } = {},
) {
  const list = useInfiniteQuery({
    ...query,
    ...(opts.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(opts.refetchInterval ? { refetchInterval: opts.refetchInterval } : {}),
  });
  const items = useMemo((): P['items'] => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  return { ...list, items };
}

/** « Afficher plus » under a keyset list, while there is a next page. */
export function LoadMore({
  list,
  label = 'Afficher plus',
  size,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label?: string;
  size?: 'xs' | 'sm';
}) {
  if (!list.hasNextPage) return null;
  return (
    <Center p={size === 'xs' ? 'xs' : undefined}>
      <Button
        variant="default"
        size={size}
        loading={list.isFetchingNextPage}
        onClick={() => void list.fetchNextPage()}
      >
        {label}
      </Button>
    </Center>
  );
}
