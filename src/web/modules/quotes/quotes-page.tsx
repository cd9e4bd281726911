import { Anchor, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { formatCents } from '../../../shared/money.ts';
import { quoteStatuses, quoteStatusLabels } from '../../../shared/quotes.ts';
import type { QuoteSummaryOut } from '../../../shared/schemas/quotes.ts';
import { can, useMe } from '../../app/auth.ts';
import { useKeysetList } from '../../app/keyset.tsx';
import { DataList } from '../../ui/data-list.tsx';
import { quoteQueries } from './api.ts';
import { formatDay, QuoteStatusBadge } from './quote-ui.tsx';

const statusOptions = quoteStatuses.map((s) => ({ value: s, label: quoteStatusLabels[s] }));

function Amounts({ q }: { q: QuoteSummaryOut }) {
  return (
    <>
      <Text size="sm">{formatCents(q.totals.oneOffCents)} HT</Text>
      {q.totals.monthlyCents > 0 && (
        <Text size="xs" c="dimmed">
          + {formatCents(q.totals.monthlyCents)} HT / mois
        </Text>
      )}
    </>
  );
}

/** The quotes (their last versions), newest first, filtered by number or client and status. */
export function QuotesPage() {
  const me = useMe();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [status, setStatus] = useState<string | null>(null);
  const list = useKeysetList(quoteQueries.list({ q: debounced || undefined, status: status ?? undefined }), {
    keepPrevious: true,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Devis</Title>
        {can(me, 'orders', 'create') && (
          <Button component={Link} to="/devis/nouveau">
            Nouveau devis
          </Button>
        )}
      </Group>
      <Group align="end" wrap="wrap">
        <TextInput
          label="Rechercher"
          placeholder="N° ou client"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={220}
        />
        <Select
          label="Statut"
          placeholder="Tous"
          data={statusOptions}
          value={status}
          onChange={setStatus}
          clearable
          w={170}
        />
      </Group>
      <DataList
        query={list}
        items={list.items}
        empty={
          debounced || status ? 'Aucun devis ne correspond à ces critères.' : 'Aucun devis pour l’instant.'
        }
        cardsBelow="sm"
        rowLink={(i) => `/devis/${i.id}`}
        columns={[
          {
            header: 'N°',
            nowrap: true,
            cell: (i) => (
              <Anchor component={Link} to={`/devis/${i.id}` as string}>
                {i.number}
                {i.version > 1 ? ` v${i.version}` : ''}
              </Anchor>
            ),
          },
          { header: 'Client', cell: (i) => i.client.name },
          { header: 'Montant', nowrap: true, cell: (i) => <Amounts q={i} /> },
          { header: 'Valable jusqu’au', nowrap: true, cell: (i) => formatDay(i.validUntil) },
          { header: 'Statut', nowrap: true, cell: (i) => <QuoteStatusBadge status={i.status} /> },
        ]}
        card={(i) => (
          <>
            <Group justify="space-between" wrap="nowrap">
              <Text fw={600} size="sm">
                {i.number}
                {i.version > 1 ? ` v${i.version}` : ''}
              </Text>
              <QuoteStatusBadge status={i.status} />
            </Group>
            <Text size="sm">{i.client.name}</Text>
            <Amounts q={i} />
            <Text size="xs" c="dimmed">
              Valable jusqu’au {formatDay(i.validUntil)}
            </Text>
          </>
        )}
      />
    </Stack>
  );
}
