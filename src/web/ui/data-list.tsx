import {
  Alert,
  Button,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  type StyleProp,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import type { CSSProperties, ReactNode } from 'react';
import { ApiError } from '../app/api.ts';
import { LoadMore } from '../app/keyset.tsx';

/** What a list reads from its query (`useQuery`, or `useKeysetList` with its « Afficher plus »). */
export type ListQuery = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage?: boolean;
  isFetchingNextPage?: boolean;
  fetchNextPage?: () => unknown;
};

type StateTexts = {
  /** The message when there is nothing to show (it may depend on the filters). */
  empty: ReactNode;
  /** A button under the empty message (« Ajouter… »). */
  emptyAction?: ReactNode;
  errorTitle?: string;
  /** Shown when the failure carries no message of the API (the network is down). */
  errorText?: string;
  /** Inside a tab: smaller states. */
  dense?: boolean;
};

const phoneQueries = { xs: '(max-width: 35.99em)', sm: '(max-width: 47.99em)' } as const;

/** True under the theme's `xs` (a phone) or `sm` (a small tablet) breakpoint. */
export function useIsPhone(below: keyof typeof phoneQueries = 'xs') {
  return useMediaQuery(phoneQueries[below]) ?? false;
}

function ListError({ query, title, text }: { query: ListQuery; title: string; text: string }) {
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{query.error instanceof ApiError ? query.error.message : text}</Text>
        <Button size="xs" variant="default" onClick={() => void query.refetch()}>
          Réessayer
        </Button>
      </Stack>
    </Alert>
  );
}

/**
 * The states every list goes through: grey bars while it loads, the error with « Réessayer », the
 * empty message, else `children` (and a failed refresh or next page under them).
 */
export function ListState({
  query,
  count,
  empty,
  emptyAction,
  errorTitle = 'Chargement impossible',
  errorText = 'Une erreur est survenue. Réessayez.',
  dense = false,
  children,
}: StateTexts & { query: ListQuery; count: number; children: ReactNode }) {
  if (query.isPending) {
    return (
      <Stack gap="xs" role="status" aria-busy="true" aria-label="Chargement">
        {Array.from({ length: dense ? 2 : 4 }, (_, i) => (
          <Skeleton key={i} height={dense ? 28 : 40} radius="sm" />
        ))}
      </Stack>
    );
  }
  const error = query.isError && <ListError query={query} title={errorTitle} text={errorText} />;
  if (count === 0) {
    return (
      error || (
        <Stack align="center" gap="xs" py={dense ? 'sm' : 'xl'}>
          <Text c="dimmed" ta="center" size={dense ? 'sm' : undefined}>
            {empty}
          </Text>
          {emptyAction}
        </Stack>
      )
    );
  }
  return (
    <>
      {children}
      {query.hasNextPage !== undefined && (
        <LoadMore
          list={{
            hasNextPage: query.hasNextPage,
            isFetchingNextPage: query.isFetchingNextPage ?? false,
            fetchNextPage: () => query.fetchNextPage?.(),
          }}
        />
      )}
      {error}
    </>
  );
}

export type Column<T> = {
  /** Column title; when no column has one, the table has no header row. */
  header?: ReactNode;
  /** A title read only by screen readers (the actions column). */
  hiddenHeader?: string;
  cell: (item: T, index: number) => ReactNode;
  width?: number | string;
  minWidth?: number;
  align?: 'left' | 'center' | 'right';
  nowrap?: boolean;
};

/** Per-row props shared by a table row and a card: a highlight, a dimmed row, data attributes. */
export type RowProps = { bg?: string; c?: string; [data: `data-${string}`]: string | undefined };

type DataListProps<T> = StateTexts & {
  query: ListQuery;
  items: T[];
  rowKey?: (item: T) => string;
  /** The desktop table; `false` entries are columns the user does not get. */
  columns?: (Column<T> | false)[];
  /** A card's content: the phone's list, or the only list when there are no columns. */
  card?: (item: T, index: number) => ReactNode;
  /** Below this breakpoint the table gives way to the cards. */
  cardsBelow?: 'xs' | 'sm';
  /** Cards side by side (else one under the other). */
  cardCols?: StyleProp<number>;
  /** The whole card links there (in the table, a cell holds the link). */
  rowLink?: (item: T) => string;
  onRowClick?: (item: T) => void;
  rowProps?: (item: T, index: number) => RowProps;
  /** Buttons above the list, on the right (« Ajouter… »). */
  actions?: ReactNode;
  /** The table scrolls sideways below this width. */
  minWidth?: number;
  striped?: boolean;
  verticalSpacing?: 'xs' | 'sm';
  fz?: 'sm';
  /** `data-testid` of the list, and of each row or card. */
  testId?: string;
  rowTestId?: string;
};

const defaultKey = (item: unknown) => (item as { id: string }).id;

/**
 * A list: its states (`ListState`), then a table on a wide screen and cards on a phone, and
 * « Afficher plus » under a keyset list.
 */
export function DataList<T>(props: DataListProps<T>) {
  const { items, columns, card, cardsBelow = 'xs', actions } = props;
  const phone = useIsPhone(cardsBelow);
  const list = (
    <ListState {...props} count={items.length}>
      {card && (!columns || phone) ? <CardList {...props} card={card} /> : <RowTable {...props} />}
    </ListState>
  );
  if (!actions) return list;
  return (
    <Stack>
      <Group justify="flex-end">{actions}</Group>
      {list}
    </Stack>
  );
}

const pointer: CSSProperties = { cursor: 'pointer' };

function CardList<T>({
  items,
  card,
  cardCols,
  rowKey = defaultKey,
  rowLink,
  onRowClick,
  rowProps,
  testId,
  rowTestId,
}: DataListProps<T> & { card: (item: T, index: number) => ReactNode }) {
  const cards = items.map((item, i) => {
    const common = {
      withBorder: true,
      padding: 'sm',
      'data-testid': rowTestId,
      ...rowProps?.(item, i),
    } as const;
    const link = rowLink?.(item);
    if (link) {
      return (
        <Card key={rowKey(item)} component={Link} to={link} {...common}>
          {card(item, i)}
        </Card>
      );
    }
    return (
      <Card
        key={rowKey(item)}
        {...common}
        onClick={onRowClick && (() => onRowClick(item))}
        style={onRowClick && pointer}
      >
        {card(item, i)}
      </Card>
    );
  });
  return cardCols ? (
    <SimpleGrid cols={cardCols} data-testid={testId}>
      {cards}
    </SimpleGrid>
  ) : (
    <Stack gap="xs" data-testid={testId}>
      {cards}
    </Stack>
  );
}

function RowTable<T>({
  items,
  columns = [],
  rowKey = defaultKey,
  onRowClick,
  rowProps,
  minWidth,
  striped = true,
  verticalSpacing,
  fz,
  testId,
  rowTestId,
}: DataListProps<T>) {
  const cols = columns.filter((c): c is Column<T> => c !== false);
  const table = (
    <Table striped={striped} highlightOnHover verticalSpacing={verticalSpacing} fz={fz} data-testid={testId}>
      {cols.some((c) => c.header !== undefined || c.hiddenHeader !== undefined) && (
        <Table.Thead>
          <Table.Tr>
            {cols.map((c, j) => (
              <Table.Th key={j} w={c.width} ta={c.align}>
                {c.hiddenHeader ? <VisuallyHidden>{c.hiddenHeader}</VisuallyHidden> : c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
      )}
      <Table.Tbody>
        {items.map((item, i) => (
          <Table.Tr
            key={rowKey(item)}
            data-testid={rowTestId}
            onClick={onRowClick && (() => onRowClick(item))}
            style={onRowClick && pointer}
            {...rowProps?.(item, i)}
          >
            {cols.map((c, j) => (
              <Table.Td
                key={j}
                ta={c.align}
                miw={c.minWidth}
                style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}
              >
                {c.cell(item, i)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return minWidth ? <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer> : table;
}
