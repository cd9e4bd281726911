import {
  ActionIcon,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { formatBp, formatCents } from '../../../shared/money.ts';
import {
  billingPeriodLabels,
  type ProductOut,
  productCategories,
  productCategoryLabels,
  productKindLabels,
  productKinds,
  productUnitLabels,
} from '../../../shared/schemas/catalogue.ts';
import { type Column, DataList, useIsPhone } from '../../ui/data-list.tsx';
import { FilterPanel } from '../../ui/filter-panel.tsx';
import { useConfirmedDelete } from './catalogue-ui.tsx';
import { catalogueApi, catalogueQueries, type ProductFilters } from './api.ts';
import { ProductFormModal } from './product-form.tsx';

const kindColors = { materiel: 'blue', service: 'grape', abonnement: 'teal' } as const;

/** « Abonnement mensuel · 36 mois », « Matériel »: the kind of an article and its terms. */
export function KindBadge({ p }: { p: ProductOut }) {
  const terms =
    p.kind === 'abonnement' && p.billingPeriod
      ? ` ${billingPeriodLabels[p.billingPeriod].toLowerCase()} · ${p.commitmentMonths ? `${p.commitmentMonths} mois` : 'sans engagement'}`
      : '';
  return (
    <Badge variant="light" color={kindColors[p.kind]} style={{ textTransform: 'none' }}>
      {productKindLabels[p.kind]}
      {terms}
    </Badge>
  );
}

const perUnit = (p: ProductOut) =>
  `${p.billingPeriod === 'mensuel' ? ' / mois' : p.billingPeriod === 'annuel' ? ' / an' : ''}`;

/** The price the caller pays, under the list price when a price list changes it. */
function Price({ p }: { p: ProductOut }) {
  const own = p.partnerPriceCents !== null && p.partnerPriceCents !== p.priceCents;
  return (
    <Stack gap={0} align="flex-end">
      <Text size="sm" td={own ? 'line-through' : undefined} c={own ? 'dimmed' : undefined}>
        {formatCents(p.priceCents)}
        {perUnit(p)}
      </Text>
      {own && (
        <Text size="sm" fw={600} c="teal">
          {formatCents(p.partnerPriceCents)}
          {perUnit(p)}
        </Text>
      )}
    </Stack>
  );
}

function Designation({ p }: { p: ProductOut }) {
  const hardware = [p.brand, p.model, p.manufacturerRef && `réf. ${p.manufacturerRef}`]
    .filter(Boolean)
    .join(' · ');
  return (
    <Stack gap={0}>
      <Group gap={6}>
        <Text size="sm" fw={500}>
          {p.name}
        </Text>
        {!p.active && (
          <Badge size="xs" color="gray">
            Inactif
          </Badge>
        )}
      </Group>
      {hardware && (
        <Text size="xs" c="dimmed">
          {hardware}
          {p.hasSerial ? ' · n° de série' : ''}
          {p.hasMac ? ' · MAC' : ''}
        </Text>
      )}
    </Stack>
  );
}

type Filters = ProductFilters & { q?: string };
const kindChoices = [
  { value: 'all', label: 'Tous les types' },
  ...productKinds.map((k) => ({ value: k, label: productKindLabels[k] })),
];

/** Articles: search, filters by kind, category and state (in the URL), prices; add and edit for ADV. */
export function ProductsTab({
  filters,
  setFilter,
  clear,
  maintain,
}: {
  filters: Filters;
  setFilter: (key: 'q' | 'kind' | 'category' | 'active', value: string | undefined) => void;
  clear?: () => void;
  maintain: boolean;
}) {
  const phone = useIsPhone();
  const [text, setText] = useState(filters.q ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  useEffect(() => setText(filters.q ?? ''), [filters.q]);
  useEffect(() => {
    if (debounced !== (filters.q ?? '')) setFilter('q', debounced || undefined);
  }, [debounced]);
  const query = useQuery({ ...catalogueQueries.products(filters), placeholderData: (prev) => prev });
  const items = query.data?.items ?? [];
  const [editing, setEditing] = useState<ProductOut | 'new' | null>(null);
  const remove = useConfirmedDelete(catalogueApi.deleteProduct, {
    title: 'Supprimer l’article',
    question: (p: ProductOut) =>
      `Supprimer « ${p.name} » du catalogue ? Un article d’un pack ne peut pas l’être : désactivez-le plutôt.`,
    deleted: (p) => `Article « ${p.name} » supprimé.`,
  });
  const costs = items.some((p) => p.purchaseCostCents !== undefined);
  const columns: (Column<ProductOut> | false)[] = [
    {
      header: 'Référence',
      nowrap: true,
      cell: (p) => (
        <Text size="sm" ff="monospace">
          {p.reference}
        </Text>
      ),
    },
    { header: 'Désignation', minWidth: 220, cell: (p) => <Designation p={p} /> },
    { header: 'Catégorie', cell: (p) => productCategoryLabels[p.category] },
    { header: 'Type', cell: (p) => <KindBadge p={p} /> },
    { header: 'Prix HT', align: 'right', nowrap: true, cell: (p) => <Price p={p} /> },
    costs && {
      header: 'Coût · marge',
      align: 'right',
      nowrap: true,
      cell: (p) => (
        <Text size="sm" c="dimmed">
          {formatCents(p.purchaseCostCents)}
          {p.marginBp != null ? ` · ${formatBp(p.marginBp)}` : ''}
        </Text>
      ),
    },
    { header: 'TVA', align: 'right', nowrap: true, cell: (p) => formatBp(p.vatRateBp) },
    maintain && {
      hiddenHeader: 'Actions',
      cell: (p) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button size="compact-sm" variant="subtle" onClick={() => setEditing(p)}>
            Modifier
          </Button>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Supprimer l’article ${p.name}`}
            onClick={() => remove.ask(p)}
          >
            ✕
          </ActionIcon>
        </Group>
      ),
    },
  ];
  const activeCount = (['category', 'active'] as const).filter((k) => filters[k]).length;
  return (
    <Stack>
      <FilterPanel
        top={
          <Group align="flex-end" justify="space-between">
            <TextInput
              placeholder="Référence, désignation, marque, modèle…"
              aria-label="Rechercher un article"
              type="search"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 220 }}
            />
            {phone ? (
              // Four choices do not fit a phone's width: a list instead.
              <Select
                aria-label="Type d’article"
                w="100%"
                data={kindChoices}
                value={filters.kind ?? 'all'}
                allowDeselect={false}
                onChange={(v) => setFilter('kind', !v || v === 'all' ? undefined : v)}
              />
            ) : (
              <SegmentedControl
                aria-label="Type d’article"
                value={filters.kind ?? 'all'}
                onChange={(v) => setFilter('kind', v === 'all' ? undefined : v)}
                data={kindChoices}
              />
            )}
            {maintain && !phone && <Button onClick={() => setEditing('new')}>Nouvel article</Button>}
          </Group>
        }
        activeCount={activeCount}
        onClear={clear}
        columns={4}
      >
        <Select
          label="Catégorie"
          placeholder="Toutes"
          clearable
          data={productCategories.map((c) => ({ value: c, label: productCategoryLabels[c] }))}
          value={filters.category ?? null}
          onChange={(v) => setFilter('category', v ?? undefined)}
        />
        {maintain && (
          <Select
            label="État"
            placeholder="Actifs et inactifs"
            clearable
            data={[
              { value: 'true', label: 'Actifs' },
              { value: 'false', label: 'Inactifs' },
            ]}
            value={filters.active ?? null}
            onChange={(v) => setFilter('active', v ?? undefined)}
          />
        )}
      </FilterPanel>
      {maintain && phone && <Button onClick={() => setEditing('new')}>Nouvel article</Button>}
      <DataList
        query={query}
        items={items}
        empty={
          Object.keys(filters).length
            ? 'Aucun article ne correspond à ces filtres.'
            : 'Le catalogue est vide.'
        }
        columns={columns}
        minWidth={900}
        testId="product-list"
        rowTestId="product-row"
        card={(p) => (
          <Stack gap={6}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Designation p={p} />
              <Price p={p} />
            </Group>
            <Group gap={6}>
              <Text size="xs" ff="monospace" c="dimmed">
                {p.reference}
              </Text>
              <KindBadge p={p} />
            </Group>
            <Text size="xs" c="dimmed">
              {productCategoryLabels[p.category]} · {productUnitLabels[p.unit]} · TVA {formatBp(p.vatRateBp)}
              {p.purchaseCostCents !== undefined &&
                ` · coût ${formatCents(p.purchaseCostCents)}${p.marginBp != null ? ` (marge ${formatBp(p.marginBp)})` : ''}`}
            </Text>
            {maintain && (
              <Group justify="flex-end">
                <Button size="compact-sm" variant="light" onClick={() => setEditing(p)}>
                  Modifier
                </Button>
              </Group>
            )}
          </Stack>
        )}
      />
      {editing && (
        <ProductFormModal
          key={editing === 'new' ? 'new' : editing.id}
          product={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {remove.modal}
    </Stack>
  );
}
