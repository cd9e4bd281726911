import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { formatBp, formatCents } from '../../../shared/money.ts';
import {
  type GroupTotals,
  type QuoteStatus,
  type QuoteTotals,
  quoteStatusLabels,
} from '../../../shared/quotes.ts';
import type { QuoteLineOut } from '../../../shared/schemas/quotes.ts';
import { useIsPhone } from '../../ui/data-list.tsx';

const statusColors: Record<QuoteStatus, string> = {
  brouillon: 'gray',
  envoye: 'blue',
  accepte: 'green',
  refuse: 'red',
  expire: 'orange',
};

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  return (
    <Badge color={statusColors[status]} variant="light" style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {quoteStatusLabels[status]}
    </Badge>
  );
}

/** « 12 mars 2026 » from `2026-03-12`. */
export const formatDay = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });

function GroupCard({ title, per, totals }: { title: string; per?: string; totals: GroupTotals }) {
  return (
    <Card withBorder padding="sm">
      <Text fw={600} size="sm">
        {title}
      </Text>
      <Group justify="space-between">
        <Text size="sm">Total HT{per}</Text>
        <Text size="sm">{formatCents(totals.netCents)}</Text>
      </Group>
      {totals.vat.map((v) => (
        <Group key={v.vatRateBp} justify="space-between">
          <Text size="sm" c="dimmed">
            TVA {formatBp(v.vatRateBp)}
          </Text>
          <Text size="sm" c="dimmed">
            {formatCents(v.vatCents)}
          </Text>
        </Group>
      ))}
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          Total TTC{per}
        </Text>
        <Text size="sm" fw={600}>
          {formatCents(totals.grossCents)}
        </Text>
      </Group>
    </Card>
  );
}

/** One-off and subscription totals, shown apart (« Frais de mise en service », « Mensualités »). */
export function QuoteTotalsBlock({ totals }: { totals: QuoteTotals }) {
  const commitment = totals.commitmentMonths ? `Engagement ${totals.commitmentMonths} mois` : null;
  return (
    <Stack gap="xs" aria-label="Totaux du devis">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <GroupCard title="Frais de mise en service" totals={totals.oneOff} />
        {totals.monthly.vat.length > 0 && (
          <GroupCard title="Mensualités" per=" par mois" totals={totals.monthly} />
        )}
        {totals.yearly.vat.length > 0 && <GroupCard title="Annuités" per=" par an" totals={totals.yearly} />}
      </SimpleGrid>
      {commitment && (
        <Text size="sm" c="dimmed">
          {commitment}
        </Text>
      )}
    </Stack>
  );
}

const periodLabel = (l: Pick<QuoteLineOut, 'billingPeriod'>) =>
  l.billingPeriod === 'mensuel' ? ' / mois' : l.billingPeriod === 'annuel' ? ' / an' : '';

/** A quote's lines, read only: one-off and subscriptions apart; cards on a phone. */
export function QuoteLinesView({ lines }: { lines: QuoteLineOut[] }) {
  const phone = useIsPhone();
  const groups = [
    { title: 'Frais de mise en service', lines: lines.filter((l) => l.billingPeriod === null) },
    { title: 'Abonnements', lines: lines.filter((l) => l.billingPeriod !== null) },
  ].filter((g) => g.lines.length > 0);
  return (
    <Stack gap="sm">
      {groups.map((g) => (
        <Stack key={g.title} gap={4}>
          <Title order={4}>{g.title}</Title>
          {phone ? (
            g.lines.map((l) => (
              <Card key={l.id} withBorder padding="xs">
                <Text size="sm" fw={500}>
                  {l.label}
                </Text>
                <Group justify="space-between">
                  <Text size="xs" c="dimmed">
                    {l.quantity} × {formatCents(l.unitPriceCents)}
                    {l.discountBp ? ` − ${formatBp(l.discountBp)}` : ''}
                  </Text>
                  <Text size="sm">
                    {formatCents(l.netCents)}
                    {periodLabel(l)}
                  </Text>
                </Group>
              </Card>
            ))
          ) : (
            <Table layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Désignation</Table.Th>
                  <Table.Th ta="right" w={60}>
                    Qté
                  </Table.Th>
                  <Table.Th ta="right" w={150}>
                    Prix unitaire HT
                  </Table.Th>
                  <Table.Th ta="right" w={90}>
                    Remise
                  </Table.Th>
                  <Table.Th ta="right" w={80}>
                    TVA
                  </Table.Th>
                  <Table.Th ta="right" w={150}>
                    Total HT
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {g.lines.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>
                      {l.label}
                      {l.reference && (
                        <Text size="xs" c="dimmed">
                          {l.reference}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{l.quantity}</Table.Td>
                    <Table.Td ta="right">{formatCents(l.unitPriceCents)}</Table.Td>
                    <Table.Td ta="right">{l.discountBp ? formatBp(l.discountBp) : '—'}</Table.Td>
                    <Table.Td ta="right">{formatBp(l.vatRateBp)}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {formatCents(l.netCents)}
                      {periodLabel(l)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
