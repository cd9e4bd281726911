import { Button, Card, Checkbox, Group, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { plural } from '../../../shared/plural.ts';
import type { ClientOut } from '../../../shared/schemas/clients.ts';
import { ConfirmModal } from '../../ui/feedback.tsx';
import type { Selection } from '../../ui/selection.ts';
import { clientApi, clientQueries, invalidateClients } from './api.ts';
import { directClient, ownerOptions } from './client-form.tsx';

/** The manager choice meaning « no account manager » (a Select option cannot be null). */
const noManager = 'none';

/** The « select » column of the client list: a box per client, and one for every loaded client. */
export function selectionColumn(sel: Selection, items: ClientOut[]) {
  const all = items.length > 0 && items.every((c) => sel.selected.has(c.id));
  const some = items.some((c) => sel.selected.has(c.id));
  return {
    width: 36,
    header: (
      <Checkbox
        aria-label="Sélectionner tous les clients affichés"
        checked={all}
        indeterminate={some && !all}
        onChange={() => (all ? sel.clear() : sel.setAll(items.map((c) => c.id)))}
      />
    ),
    cell: (c: ClientOut) => (
      <Checkbox
        aria-label={`Sélectionner ${c.name}`}
        checked={sel.selected.has(c.id)}
        onChange={() => sel.toggle(c.id)}
      />
    ),
  };
}

/** The box of a client's card on a phone: inside the card's link, it must not follow it. */
export function SelectBox({ sel, client }: { sel: Selection; client: ClientOut }) {
  return (
    <Checkbox
      aria-label={`Sélectionner ${client.name}`}
      checked={sel.selected.has(client.id)}
      readOnly
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        sel.toggle(client.id);
      }}
    />
  );
}

/**
 * « Changer de partenaire / de chargé de compte » for the selected clients: two choices, a French
 * confirmation naming what changes, one request (all or nothing), the list refreshed.
 */
export function BulkAssignBar({ sel, items }: { sel: Selection; items: ClientOut[] }) {
  const queryClient = useQueryClient();
  const choices = useQuery(clientQueries.ownerChoices());
  const options = ownerOptions(choices.data);
  const [partner, setPartner] = useState<string | null>(null);
  const [manager, setManager] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const count = sel.selected.size;
  const labelOf = (data: { value: string; label: string }[], v: string) =>
    data.find((o) => o.value === v)?.label ?? '';
  const apply = useMutation({
    mutationFn: () =>
      clientApi.bulkAssign({
        ids: [...sel.selected],
        ...(partner !== null ? { partnerId: partner === directClient ? null : partner } : {}),
        ...(manager !== null ? { accountManagerId: manager === noManager ? null : manager } : {}),
      }),
    onSuccess: async (r) => {
      notifications.show({ color: 'green', message: `${plural(r.updated, 'client modifié')}.` });
      setConfirming(false);
      setPartner(null);
      setManager(null);
      sel.clear();
      await invalidateClients(queryClient);
    },
  });
  if (count === 0) return null;
  const one = count === 1;
  const changes = [
    partner !== null &&
      (partner === directClient
        ? one
          ? 'deviendra un client direct (sans partenaire)'
          : 'deviendront des clients directs (sans partenaire)'
        : `${one ? 'passera' : 'passeront'} chez le partenaire « ${labelOf(options.partners, partner)} »`),
    manager !== null &&
      (manager === noManager
        ? `n’${one ? 'aura' : 'auront'} plus de chargé de compte`
        : `${one ? 'aura' : 'auront'} pour chargé de compte ${labelOf(options.managers, manager)}`),
  ].filter(Boolean);
  const hidden = [...sel.selected].filter((id) => !items.some((c) => c.id === id)).length;
  return (
    <Card withBorder data-testid="clients-bulk">
      <Group align="end" wrap="wrap">
        <Text fw={500}>{plural(count, 'client sélectionné')}</Text>
        <Select
          label="Changer de partenaire"
          placeholder="Ne pas changer"
          data={options.partners}
          value={partner}
          onChange={setPartner}
          clearable
          searchable
          w={{ base: '100%', xs: 260 }}
        />
        <Select
          label="Changer de chargé de compte"
          placeholder="Ne pas changer"
          data={[{ value: noManager, label: 'Aucun chargé de compte' }, ...options.managers]}
          value={manager}
          onChange={setManager}
          clearable
          searchable
          w={{ base: '100%', xs: 260 }}
        />
        <Button
          onClick={() => {
            apply.reset();
            setConfirming(true);
          }}
          disabled={partner === null && manager === null}
        >
          Appliquer…
        </Button>
        <Button variant="subtle" onClick={sel.clear}>
          Désélectionner
        </Button>
      </Group>
      <ConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Changer le partenaire ou le chargé de compte"
        confirmLabel={`Modifier ${plural(count, 'client')}`}
        color="blue"
        loading={apply.isPending}
        error={apply.error}
        onConfirm={() => apply.mutate()}
      >
        <Text size="sm">
          {one ? 'Ce client ' : `Ces ${plural(count, 'client')} `}
          {changes.join(' et ')}.
          {hidden > 0 &&
            ` ${plural(hidden, 'client sélectionné')} n’${hidden > 1 ? 'apparaissent' : 'apparaît'} plus avec les filtres actuels.`}
        </Text>
        <Text size="sm" c="dimmed" mt="xs">
          Chaque changement est inscrit au journal. Un partenaire ne voit plus les clients qui le quittent.
        </Text>
      </ConfirmModal>
    </Card>
  );
}
