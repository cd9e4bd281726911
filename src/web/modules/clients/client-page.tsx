import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { lazy, type ReactNode, Suspense } from 'react';
import { legalFormLabel, sizeBandLabel } from '../../../shared/client-identity.ts';
import type { ClientDetailOut } from '../../../shared/schemas/clients.ts';
import { ApiError } from '../../app/api.ts';
import { clientApi, clientKeys, clientQueries, invalidateClients } from './api.ts';
import { ClientForm, type ClientPayload, StatusBadge } from './client-form.tsx';
import { ClientKeyFacts } from './client-header.tsx';
import { clientModuleTabs } from './history-tab.tsx';
import { ContactsTab } from './contacts-tab.tsx';
import { NotesTab } from './notes-tab.tsx';
import { PlatformsTab } from './platforms-tab.tsx';
import { SitesTab } from './sites-tab.tsx';
import { can, capable, useMe } from '../../app/auth.ts';
import { usePageTitle } from '../../ui/page-title.ts';

const ClientInterventionsTab = lazy(() =>
  import('../interventions/client-interventions-tab.tsx').then((m) => ({
    default: m.ClientInterventionsTab,
  })),
);
const ClientTicketsTab = lazy(() =>
  import('../tickets/client-tickets-tab.tsx').then((m) => ({ default: m.ClientTicketsTab })),
);
// Loaded on demand: the phone-number library is only needed once the dialog opens.
const ContractsTab = lazy(() =>
  import('../contracts/contracts-tab.tsx').then((m) => ({ default: m.ContractsTab })),
);
const SmsDialog = lazy(() => import('./sms-dialog.tsx').then((m) => ({ default: m.SmsDialog })));

const clientsPath: string = '/clients';
const route = getRouteApi('/app/clients/$clientId');

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** Client 360°: identity, sites and contacts, with edit and delete when the record allows it. */
export function ClientPage() {
  const { clientId } = route.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 35.99em)');
  const [editing, edit] = useDisclosure(false);
  const [deleting, confirmDelete] = useDisclosure(false);
  const [texting, sms] = useDisclosure(false);
  const me = useMe();
  const query = useQuery(clientQueries.detail(clientId));
  usePageTitle(query.data?.name);

  const update = async (body: ClientPayload) => {
    const saved = await clientApi.update(clientId, body);
    queryClient.setQueryData<ClientDetailOut>(clientKeys.detail(clientId), (old) =>
      old ? { ...old, ...saved } : old,
    );
    await invalidateClients(queryClient);
    notifications.show({ color: 'green', message: 'Client modifié.' });
    edit.close();
  };

  const remove = useMutation({
    mutationFn: () => clientApi.remove(clientId),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: clientKeys.detail(clientId) });
      await invalidateClients(queryClient);
      notifications.show({ color: 'green', message: 'Client supprimé.' });
      await navigate({ to: clientsPath });
    },
  });

  if (query.isPending) {
    return (
      <Stack>
        <Title order={2}>Client</Title>
        <Center py="xl">
          <Loader />
        </Center>
      </Stack>
    );
  }
  if (query.isError) {
    const notFound =
      query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
    return (
      <Stack>
        <Title order={2}>Client</Title>
        <Alert color="red" title={notFound ? 'Client introuvable' : 'Chargement impossible'} role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {notFound
                ? 'Ce client n’existe pas ou vous n’y avez pas accès.'
                : query.error instanceof ApiError
                  ? query.error.message
                  : 'Impossible de charger ce client.'}
            </Text>
            <Anchor component={Link} to="/clients" size="sm">
              Retour à la liste des clients
            </Anchor>
          </Stack>
        </Alert>
      </Stack>
    );
  }

  const c = query.data;
  // Internal notes: staff only (partners never see them; the API answers them 404).
  const staff = capable(me, 'staff');
  return (
    <Stack>
      <Anchor component={Link} to="/clients" size="sm">
        ← Clients
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={2} style={{ overflowWrap: 'anywhere' }}>
            {c.name}
          </Title>
          <Group gap="xs">
            <StatusBadge status={c.status} />
            {c.segment && <Badge variant="outline">{c.segment}</Badge>}
          </Group>
          <ClientKeyFacts client={c} />
        </Stack>
        <Group gap="xs">
          <Button variant="light" onClick={sms.open}>
            Envoyer un SMS
          </Button>
          {c.abilities.update && (
            <Button variant="default" onClick={edit.open}>
              Modifier
            </Button>
          )}
          {c.abilities.delete && (
            <Button color="red" variant="light" onClick={confirmDelete.open}>
              Supprimer
            </Button>
          )}
        </Group>
      </Group>

      <Card withBorder>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          <Field label="SIREN">{c.siren ?? '—'}</Field>
          <Field label="SIRET">{c.siret ?? '—'}</Field>
          <Field label="N° de TVA intracommunautaire">{c.vatNumber ?? '—'}</Field>
          <Field label="Forme juridique">{legalFormLabel(c.legalForm) ?? '—'}</Field>
          <Field label={c.nafCode ? `Activité (NAF ${c.nafCode})` : 'Activité (NAF)'}>
            {c.nafCode ? (c.nafLabel ?? c.nafCode) : '—'}
          </Field>
          <Field label="Section NAF">{c.sector ? `${c.sector.code} — ${c.sector.label}` : '—'}</Field>
          <Field label="Effectif">{sizeBandLabel(c.sizeBand) ?? '—'}</Field>
        </SimpleGrid>
      </Card>

      <Tabs defaultValue="sites" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="sites">Sites ({c.sites.length})</Tabs.Tab>
          <Tabs.Tab value="contacts">Contacts ({c.contacts.length})</Tabs.Tab>
          <Tabs.Tab value="platforms">Plateformes</Tabs.Tab>
          <Tabs.Tab value="contracts">Contrats</Tabs.Tab>
          {staff && <Tabs.Tab value="notes">Notes internes</Tabs.Tab>}
          {can(me, 'tickets') && <Tabs.Tab value="tickets">Tickets</Tabs.Tab>}
          {can(me, 'interventions') && <Tabs.Tab value="interventions">Interventions</Tabs.Tab>}
          {clientModuleTabs
            .filter((t) => can(me, t.module, 'read'))
            .map((t) => (
              <Tabs.Tab key={t.value} value={t.value}>
                {t.label}
              </Tabs.Tab>
            ))}
        </Tabs.List>
        <Tabs.Panel value="sites" pt="md">
          <SitesTab clientId={c.id} editable={c.abilities.update ?? false} />
        </Tabs.Panel>
        <Tabs.Panel value="contacts" pt="md">
          <ContactsTab clientId={c.id} editable={c.abilities.update ?? false} />
        </Tabs.Panel>
        <Tabs.Panel value="platforms" pt="md">
          <PlatformsTab clientId={c.id} editable={c.abilities.update ?? false} />
        </Tabs.Panel>
        <Tabs.Panel value="contracts" pt="md">
          <Suspense fallback={<Loader size="sm" />}>
            <ContractsTab clientId={c.id} editable={(c.abilities.update ?? false) && staff} />
          </Suspense>
        </Tabs.Panel>
        {staff && (
          <Tabs.Panel value="notes" pt="md">
            <NotesTab clientId={c.id} editable={c.abilities.update ?? false} />
          </Tabs.Panel>
        )}
        {can(me, 'tickets') && (
          <Tabs.Panel value="tickets" pt="md">
            <Suspense fallback={<Loader size="sm" />}>
              <ClientTicketsTab clientId={c.id} />
            </Suspense>
          </Tabs.Panel>
        )}
        {can(me, 'interventions') && (
          <Tabs.Panel value="interventions" pt="md">
            <Suspense fallback={<Loader size="sm" />}>
              <ClientInterventionsTab clientId={c.id} />
            </Suspense>
          </Tabs.Panel>
        )}
        {clientModuleTabs
          .filter((t) => can(me, t.module, 'read'))
          .map((t) => (
            <Tabs.Panel key={t.value} value={t.value} pt="md">
              <t.Panel clientId={c.id} />
            </Tabs.Panel>
          ))}
      </Tabs>

      <Modal opened={editing} onClose={edit.close} title="Modifier le client" size="lg" fullScreen={phone}>
        <ClientForm initial={c} submitLabel="Enregistrer" onSubmit={update} onCancel={edit.close} />
      </Modal>

      {texting && (
        <Suspense fallback={null}>
          <SmsDialog opened onClose={sms.close} client={c} />
        </Suspense>
      )}

      <Modal opened={deleting} onClose={confirmDelete.close} title="Supprimer le client">
        <Stack>
          <Text size="sm">
            Supprimer définitivement le client « {c.name} » ? Cette action est irréversible.
          </Text>
          {remove.isError && (
            <Alert color="red" role="alert">
              {remove.error instanceof ApiError ? remove.error.message : 'Suppression impossible.'}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={confirmDelete.close} disabled={remove.isPending}>
              Annuler
            </Button>
            <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
              Supprimer
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
