import { Button, Center } from '@mantine/core';
import { keepPreviousData, type QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { get, qs } from './api.ts';

type Params = Record<string, string | number | boolean | null | undefined>;
export type KeysetPage<T> = { items: T[]; nextCursor: string | null };

/**
 * A list read page by page with the API's keyset cursor (`?cursor=…&limit=…` → `{items, nextCursor}`):
 * the infinite query plus its rows flattened (`P`: a page carrying more than `items`). `keepPrevious` keeps the rows on screen while new
 * filters load.
 */
export function useKeysetList<T, P extends KeysetPage<T> = KeysetPage<T>>(
  key: QueryKey,
  path: string,
  params: Params = {},
  opts: { limit?: number; keepPrevious?: boolean; refetchInterval?: number } = {},
) {
  const list = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) =>
      get<P>(`${path}${qs({ ...params, limit: opts.limit ?? 50, cursor: pageParam })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    ...(opts.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(opts.refetchInterval ? { refetchInterval: opts.refetchInterval } : {}),
  });
  const items = useMemo(() => list.data?.pages.flatMap((p): T[] => p.items) ?? [], [list.data]);
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
