import {
  ActionIcon,
  Button,
  Card,
  Group,
  NumberInput,
  type OptionsFilter,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatBp, formatCents, vatRates } from '../../../shared/money.ts';
import { lineNetCents } from '../../../shared/quotes.ts';
import { parseEuros } from '../../../shared/money.ts';
import { MoneyInput } from '../../ui/money-input.tsx';
import { catalogueQueries } from '../catalogue/api.ts';
import { type EditLine, editLineOf, type QuoteFormValues } from './quote-form.ts';

type Form = UseFormReturnType<QuoteFormValues>;
const vatOptions = vatRates.map((r) => ({ value: String(r), label: formatBp(r) }));

/** Finds an article by name or reference as it is typed, at the client's partner's prices. */
function CataloguePicker({ partnerId, onPick }: { partnerId?: string; onPick: (l: EditLine) => void }) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const products = useQuery({
    ...catalogueQueries.products({ q: debounced || undefined, active: 'true', partnerId }),
    enabled: debounced.length > 0,
  });
  const items = products.data?.items ?? [];
  return (
    <Select
      label="Ajouter un article"
      placeholder="Nom ou référence"
      searchable
      searchValue={query}
      onSearchChange={setQuery}
      value={null}
      data={items.map((p) => ({ value: p.id, label: `${p.reference} — ${p.name}` }))}
      filter={(({ options }) => options) as OptionsFilter}
      nothingFoundMessage={debounced ? 'Aucun article' : undefined}
      onChange={(id) => {
        const p = items.find((i) => i.id === id);
        if (!p) return;
        onPick(
          editLineOf({
            productId: p.id,
            reference: p.reference,
            label: p.name,
            quantity: 1,
            unitPriceCents: p.partnerPriceCents ?? p.priceCents,
            discountBp: 0,
            vatRateBp: p.vatRateBp,
            billingPeriod: p.billingPeriod,
            commitmentMonths: p.commitmentMonths,
          }),
        );
        setQuery('');
      }}
    />
  );
}

/** A pack chosen and expanded into editable lines. */
function PackPicker({ partnerId, onAdd }: { partnerId?: string; onAdd: (lines: EditLine[]) => void }) {
  const qc = useQueryClient();
  const packs = useQuery(catalogueQueries.packs());
  const [packId, setPackId] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const add = async () => {
    if (!packId) return;
    setLoading(true);
    try {
      const { items } = await qc.fetchQuery(catalogueQueries.packLines(packId, partnerId));
      onAdd(items.map(editLineOf));
      setPackId(null);
    } finally {
      setLoading(false);
    }
  };
  return (
    <Group align="end" gap="xs" wrap="nowrap">
      <Select
        label="Pack"
        placeholder="Choisissez un pack"
        searchable
        data={(packs.data?.items ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: p.name }))}
        value={packId}
        onChange={setPackId}
        style={{ flex: 1 }}
      />
      <Button variant="default" disabled={!packId} loading={loading} onClick={() => void add()}>
        Ajouter un pack
      </Button>
    </Group>
  );
}

function LineEditor({ form, index, line }: { form: Form; index: number; line: EditLine }) {
  const path = `lines.${index}`;
  const net = lineNetCents({
    quantity: Number(line.quantity) || 0,
    unitPriceCents: parseEuros(line.unitPrice) ?? 0,
    discountBp: Math.round((Number(line.discountPercent) || 0) * 100),
  });
  return (
    <Card withBorder padding="xs">
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="end">
          <Textarea
            label="Désignation"
            autosize
            minRows={1}
            style={{ flex: 1 }}
            {...form.getInputProps(`${path}.label`)}
            description={line.reference ?? undefined}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Retirer la ligne ${line.label}`}
            onClick={() => form.removeListItem('lines', index)}
            mb={4}
          >
            ✕
          </ActionIcon>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
          <NumberInput
            label="Quantité"
            min={1}
            allowDecimal={false}
            {...form.getInputProps(`${path}.quantity`)}
          />
          <MoneyInput
            label="Prix unitaire HT"
            {...form.getInputProps(`${path}.unitPrice`)}
            error={form.errors[`${path}.unitPrice`] ?? form.errors[`${path}.unitPriceCents`]}
          />
          <NumberInput
            label="Remise"
            min={0}
            max={100}
            decimalScale={2}
            decimalSeparator=","
            rightSection="%"
            {...form.getInputProps(`${path}.discountPercent`)}
            error={form.errors[`${path}.discountPercent`] ?? form.errors[`${path}.discountBp`]}
          />
          <Select
            label="TVA"
            data={vatOptions}
            allowDeselect={false}
            value={String(line.vatRateBp)}
            onChange={(v) => v && form.setFieldValue(`${path}.vatRateBp`, Number(v))}
          />
          <Stack gap={0} justify="end">
            <Text size="xs" c="dimmed">
              {line.billingPeriod === 'mensuel'
                ? 'Total HT / mois'
                : line.billingPeriod === 'annuel'
                  ? 'Total HT / an'
                  : 'Total HT'}
            </Text>
            <Text fw={600} size="sm">
              {formatCents(net)}
            </Text>
          </Stack>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

/** The editable lines, one-off apart from subscriptions, with the catalogue and pack pickers. */
export function QuoteLinesEditor({ form, partnerId }: { form: Form; partnerId?: string }) {
  const lines = form.values.lines;
  const groups = [
    { title: 'Frais de mise en service', subscription: false },
    { title: 'Mensualités et abonnements', subscription: true },
  ];
  return (
    <Stack gap="sm">
      {groups.map((g) => {
        const shown = lines
          .map((line, index) => ({ line, index }))
          .filter(({ line }) => (line.billingPeriod !== null) === g.subscription);
        if (shown.length === 0) return null;
        return (
          <Stack key={g.title} gap="xs">
            <Title order={4}>{g.title}</Title>
            {shown.map(({ line, index }) => (
              <LineEditor key={line.key} form={form} index={index} line={line} />
            ))}
          </Stack>
        );
      })}
      {lines.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucune ligne : ajoutez un article ou un pack.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <CataloguePicker partnerId={partnerId} onPick={(l) => form.insertListItem('lines', l)} />
        <PackPicker
          partnerId={partnerId}
          onAdd={(ls) => form.setFieldValue('lines', [...form.values.lines, ...ls])}
        />
      </SimpleGrid>
    </Stack>
  );
}
