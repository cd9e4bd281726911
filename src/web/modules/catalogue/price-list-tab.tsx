import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatBp, formatCents } from '../../../shared/money.ts';
import {
  type PriceListOut,
  type ProductCategory,
  priceListBody,
  productCategories,
  productCategoryLabels,
} from '../../../shared/schemas/catalogue.ts';
import { capable, useMe } from '../../app/auth.ts';
import { ErrorAlert, fieldErrorsOf, LoadingBlock } from '../../ui/feedback.tsx';
import { bodyResolver } from '../../ui/form-validation.ts';
import { blankToNull } from '../../ui/format.ts';
import { centsToEuros, eurosToCents, MoneyInput } from '../../ui/money-input.tsx';
import { clientQueries } from '../clients/api.ts';
import { catalogueApi, catalogueQueries, invalidateCatalogue } from './api.ts';

type Values = {
  commission: number | string;
  notes: string;
  discounts: Record<ProductCategory, number | string>;
  prices: { productId: string; price: string }[];
};

const percentToBp = (v: number | string) => (v === '' ? 0 : Math.round(Number(v) * 100));
const valuesOf = (l: PriceListOut): Values => ({
  commission: l.commissionBp / 100,
  notes: l.notes ?? '',
  discounts: Object.fromEntries(
    productCategories.map((c) => [
      c,
      (l.categoryDiscounts.find((d) => d.category === c)?.discountBp ?? 0) / 100 || '',
    ]),
  ) as Values['discounts'],
  prices: l.prices.map((p) => ({ productId: p.productId, price: centsToEuros(p.priceCents) })),
});
const bodyOf = (v: Values) => ({
  commissionBp: percentToBp(v.commission),
  notes: blankToNull(v.notes),
  categoryDiscounts: productCategories
    .filter((c) => v.discounts[c] !== '' && Number(v.discounts[c]) !== 0)
    .map((c) => ({ category: c, discountBp: percentToBp(v.discounts[c]) })),
  prices: v.prices.map((p) => ({ productId: p.productId, priceCents: eurosToCents(p.price) ?? Number.NaN })),
});

/** A price list as its partner reads it (and staff without the catalogue right). */
function PriceListView({ list }: { list: PriceListOut }) {
  return (
    <Stack>
      <Text>
        Commission : <strong>{formatBp(list.commissionBp)}</strong>
      </Text>
      {list.notes && <Text size="sm">{list.notes}</Text>}
      <Text fw={500}>Remises par catégorie</Text>
      {list.categoryDiscounts.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucune remise : les prix du catalogue s’appliquent.
        </Text>
      ) : (
        <Group gap="xs">
          {list.categoryDiscounts.map((d) => (
            <Text key={d.category} size="sm">
              {productCategoryLabels[d.category]} : −{formatBp(d.discountBp)}
            </Text>
          ))}
        </Group>
      )}
      <Text fw={500}>Prix particuliers</Text>
      {list.prices.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucun prix particulier.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={340}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Article</Table.Th>
                <Table.Th ta="right">Catalogue HT</Table.Th>
                <Table.Th ta="right">Prix partenaire HT</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.prices.map((p) => (
                <Table.Tr key={p.productId}>
                  <Table.Td>
                    {p.reference} — {p.name}
                  </Table.Td>
                  <Table.Td ta="right">{formatCents(p.listPriceCents)}</Table.Td>
                  <Table.Td ta="right">{formatCents(p.priceCents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function PriceListForm({ partnerId, list }: { partnerId: string; list: PriceListOut }) {
  const queryClient = useQueryClient();
  const products = useQuery(catalogueQueries.products({ active: 'true' }));
  const byId = new Map((products.data?.items ?? []).map((p) => [p.id, p]));
  const options = (products.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.reference} — ${p.name}`,
  }));
  const form = useForm<Values>({
    initialValues: valuesOf(list),
    validate: bodyResolver(priceListBody, bodyOf),
  });
  const save = useMutation({
    mutationFn: (v: Values) => catalogueApi.savePriceList(partnerId, bodyOf(v)),
    onSuccess: async () => {
      await invalidateCatalogue(queryClient);
      notifications.show({ color: 'green', message: 'Tarifs du partenaire enregistrés.' });
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e, { commissionBp: 'commission' })),
  });
  const percent = {
    min: 0,
    max: 100,
    step: 0.5,
    decimalScale: 2,
    decimalSeparator: ',',
    suffix: ' %',
  } as const;
  return (
    <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack>
        <ErrorAlert error={save.error} withDetails />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label="Commission"
            description="Reversée au partenaire sur ses ventes (relevés)."
            {...percent}
            {...form.getInputProps('commission')}
          />
          <Textarea label="Notes" autosize minRows={1} {...form.getInputProps('notes')} />
        </SimpleGrid>
        <Text fw={500}>Remise par catégorie</Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {productCategories.map((c) => (
            <NumberInput
              key={c}
              label={productCategoryLabels[c]}
              placeholder="0 %"
              {...percent}
              {...form.getInputProps(`discounts.${c}`)}
            />
          ))}
        </SimpleGrid>
        <Text fw={500}>Prix particuliers</Text>
        <Text size="xs" c="dimmed">
          Un prix particulier l’emporte sur la remise de la catégorie.
        </Text>
        {form.values.prices.map((p, n) => (
          <Group key={n} align="flex-end" wrap="nowrap" gap="xs">
            <Select
              aria-label={`Article du prix ${n + 1}`}
              placeholder="Choisir un article…"
              data={options}
              searchable
              style={{ flex: 1 }}
              {...form.getInputProps(`prices.${n}.productId`)}
            />
            <MoneyInput
              aria-label={`Prix partenaire ${n + 1}`}
              w={130}
              description={
                byId.get(p.productId) && `catalogue ${formatCents(byId.get(p.productId)!.priceCents)}`
              }
              {...form.getInputProps(`prices.${n}.price`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mb={8}
              aria-label={`Retirer le prix ${n + 1}`}
              onClick={() => form.removeListItem('prices', n)}
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Button variant="light" onClick={() => form.insertListItem('prices', { productId: '', price: '' })}>
            Ajouter un prix
          </Button>
          <Button type="submit" loading={save.isPending}>
            Enregistrer les tarifs
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Partner price lists: staff pick a partner; a partner reads its own list. */
export function PriceListTab({
  partnerId,
  setPartnerId,
}: {
  partnerId: string | undefined;
  setPartnerId: (id: string | undefined) => void;
}) {
  const me = useMe();
  const own = me.user.partnerId;
  // Every partner for those who choose clients' partners; else the partners of the visible clients.
  const choices = useQuery({
    ...clientQueries.ownerChoices(),
    enabled: !own && capable(me, 'assignClients'),
  });
  const visible = useQuery({ ...clientQueries.partners(), enabled: !own && !capable(me, 'assignClients') });
  const partners = choices.data?.partners ?? visible.data?.items ?? [];
  const shown = own ?? partnerId;
  const list = useQuery({ ...catalogueQueries.priceList(shown ?? ''), enabled: !!shown });
  return (
    <Stack>
      {!own && (
        <Select
          label="Partenaire"
          placeholder="Choisir un partenaire…"
          searchable
          data={partners.map((p) => ({ value: p.id, label: p.name }))}
          value={partnerId ?? null}
          onChange={(v) => setPartnerId(v ?? undefined)}
          maw={420}
        />
      )}
      {shown && list.isPending && <LoadingBlock />}
      <ErrorAlert error={list.error} />
      {list.data &&
        (list.data.abilities.update ? (
          <PriceListForm key={`${shown}:${list.data.updatedAt}`} partnerId={shown!} list={list.data} />
        ) : (
          <PriceListView list={list.data} />
        ))}
      {!shown && (
        <Text size="sm" c="dimmed">
          Choisissez un partenaire pour voir ses prix particuliers, ses remises par catégorie et sa
          commission.
        </Text>
      )}
    </Stack>
  );
}
