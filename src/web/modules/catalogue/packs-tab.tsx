import {
  ActionIcon,
  Badge,
  Button,
  Group,
  List,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatCents } from '../../../shared/money.ts';
import { type PackOut, packBody } from '../../../shared/schemas/catalogue.ts';
import { DataList } from '../../ui/data-list.tsx';
import { ErrorAlert, fieldErrorsOf } from '../../ui/feedback.tsx';
import { FormActions } from '../../ui/form-actions.tsx';
import { bodyResolver } from '../../ui/form-validation.ts';
import { blankToNull } from '../../ui/format.ts';
import { useConfirmedDelete } from './catalogue-ui.tsx';
import { catalogueApi, catalogueQueries, invalidateCatalogue } from './api.ts';

type Values = {
  reference: string;
  name: string;
  description: string;
  active: boolean;
  items: { productId: string; quantity: number | string }[];
};

const bodyOf = (v: Values) => ({
  reference: v.reference,
  name: v.name,
  description: blankToNull(v.description),
  active: v.active,
  items: v.items.map((i) => ({ productId: i.productId, quantity: Number(i.quantity) })),
});

/** A pack's totals at the caller's prices: one-off apart from the recurring ones. */
function Totals({ p }: { p: PackOut }) {
  return (
    <Group gap="lg">
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          Frais de mise en service
        </Text>
        <Text fw={600}>{formatCents(p.oneOffCents)} HT</Text>
      </Stack>
      {p.monthlyCents > 0 && (
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            Mensualités
          </Text>
          <Text fw={600}>{formatCents(p.monthlyCents)} HT / mois</Text>
        </Stack>
      )}
      {p.yearlyCents > 0 && (
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            Annuités
          </Text>
          <Text fw={600}>{formatCents(p.yearlyCents)} HT / an</Text>
        </Stack>
      )}
    </Group>
  );
}

function PackFormModal({ pack, onClose }: { pack: PackOut | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const products = useQuery(catalogueQueries.products({ active: 'true' }));
  const options = (products.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.reference} — ${p.name}`,
  }));
  const form = useForm<Values>({
    initialValues: {
      reference: pack?.reference ?? '',
      name: pack?.name ?? '',
      description: pack?.description ?? '',
      active: pack?.active ?? true,
      items: pack?.items.map((i) => ({ productId: i.productId, quantity: i.quantity })) ?? [
        { productId: '', quantity: 1 },
      ],
    },
    validate: bodyResolver(packBody, bodyOf),
  });
  const save = useMutation({
    mutationFn: (v: Values) => catalogueApi.savePack(pack?.id, bodyOf(v)),
    onSuccess: async (saved) => {
      await invalidateCatalogue(queryClient);
      notifications.show({
        color: 'green',
        message: `Pack « ${saved.name} » ${pack ? 'enregistré' : 'créé'}.`,
      });
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e)),
  });
  return (
    <Modal opened onClose={onClose} title={pack ? 'Modifier le pack' : 'Nouveau pack'} size="lg" centered>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <ErrorAlert error={save.error} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="Référence" required {...form.getInputProps('reference')} />
            <TextInput label="Nom" required {...form.getInputProps('name')} />
          </SimpleGrid>
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <Text size="sm" fw={500}>
            Articles du pack
          </Text>
          {form.values.items.map((_, n) => (
            <Group key={n} align="flex-start" wrap="nowrap" gap="xs">
              <Select
                aria-label={`Article ${n + 1}`}
                placeholder="Choisir un article…"
                data={options}
                searchable
                style={{ flex: 1 }}
                {...form.getInputProps(`items.${n}.productId`)}
              />
              <NumberInput
                aria-label={`Quantité de l’article ${n + 1}`}
                min={1}
                allowDecimal={false}
                w={80}
                {...form.getInputProps(`items.${n}.quantity`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mt={6}
                aria-label={`Retirer l’article ${n + 1}`}
                onClick={() => form.removeListItem('items', n)}
              >
                ✕
              </ActionIcon>
            </Group>
          ))}
          {typeof form.errors.items === 'string' && (
            <Text size="sm" c="red">
              {form.errors.items}
            </Text>
          )}
          <Button
            variant="light"
            style={{ alignSelf: 'flex-start' }}
            onClick={() => form.insertListItem('items', { productId: '', quantity: 1 })}
          >
            Ajouter un article
          </Button>
          <Switch
            label="Actif (proposé dans les devis)"
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
          <FormActions
            onCancel={onClose}
            loading={save.isPending}
            submitLabel={pack ? 'Enregistrer' : 'Créer le pack'}
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** Packs: what each holds and its totals at the caller's prices; ADV creates and edits them. */
export function PacksTab({ maintain }: { maintain: boolean }) {
  const query = useQuery(catalogueQueries.packs());
  const [editing, setEditing] = useState<PackOut | 'new' | null>(null);
  const remove = useConfirmedDelete(catalogueApi.deletePack, {
    title: 'Supprimer le pack',
    question: (p: PackOut) => `Supprimer le pack « ${p.name} » ? Ses articles restent au catalogue.`,
    deleted: (p) => `Pack « ${p.name} » supprimé.`,
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Un pack s’ajoute à un devis en une fois : ses articles deviennent des lignes modifiables.
      </Text>
      <DataList
        query={query}
        items={query.data?.items ?? []}
        empty="Aucun pack pour le moment."
        cardCols={{ base: 1, md: 2 }}
        testId="pack-list"
        rowTestId="pack-card"
        actions={maintain && <Button onClick={() => setEditing('new')}>Nouveau pack</Button>}
        card={(p) => (
          <Stack gap="xs">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={0}>
                <Group gap={6}>
                  <Text fw={600}>{p.name}</Text>
                  {!p.active && (
                    <Badge size="xs" color="gray">
                      Inactif
                    </Badge>
                  )}
                </Group>
                <Text size="xs" ff="monospace" c="dimmed">
                  {p.reference}
                </Text>
              </Stack>
              {maintain && (
                <Group gap={4} wrap="nowrap">
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(p)}>
                    Modifier
                  </Button>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Supprimer le pack ${p.name}`}
                    onClick={() => remove.ask(p)}
                  >
                    ✕
                  </ActionIcon>
                </Group>
              )}
            </Group>
            {p.description && (
              <Text size="sm" c="dimmed">
                {p.description}
              </Text>
            )}
            <List size="sm" spacing={2}>
              {p.items.map((i) => (
                <List.Item key={i.productId}>
                  {i.quantity} × {i.name}
                </List.Item>
              ))}
            </List>
            <Totals p={p} />
          </Stack>
        )}
      />
      {editing && (
        <PackFormModal
          key={editing === 'new' ? 'new' : editing.id}
          pack={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {remove.modal}
    </Stack>
  );
}
