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
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { lazy, type ReactNode, Suspense } from 'react';
import { legalFormLabel, sizeBandLabel } from '../../../shared/client-identity.ts';
import type { ClientDetailOut, ClientOut } from '../../../shared/schemas/clients.ts';
import { ApiError, del, get, patch } from '../../app/api.ts';
import { ClientForm, type ClientPayload, StatusBadge } from './client-form.tsx';

// Loaded on demand: the phone-number library is only needed once the dialog opens.
const SmsDialog = lazy(() => import('./sms-dialog.tsx').then((m) => ({ default: m.SmsDialog })));

const clientsPath: string = '/clients';

type Site = ClientDetailOut['sites'][number];
type Contact = ClientDetailOut['contacts'][number];

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

function SiteCard({ site }: { site: Site }) {
  const located = site.latitude !== null && site.longitude !== null;
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text fw={600}>{site.name}</Text>
        {!located && (
          <Badge color="gray" variant="light">
            Non géolocalisé
          </Badge>
        )}
      </Group>
      <Text size="sm">{site.addressLine ?? '—'}</Text>
      <Text size="sm">{[site.postalCode, site.city].filter(Boolean).join(' ') || '—'}</Text>
      {located && (
        <Group justify="space-between" mt={4}>
          <Text size="xs" c="dimmed">
            {site.latitude!.toFixed(5)}, {site.longitude!.toFixed(5)}
          </Text>
          <Anchor
            size="sm"
            href={`https://www.openstreetmap.org/directions?to=${site.latitude},${site.longitude}`}
            target="_blank"
            rel="noopener noreferrer"
          >
            Itinéraire
          </Anchor>
        </Group>
      )}
    </Card>
  );
}

function ContactCard({ contact }: { contact: Contact }) {
  return (
    <Card withBorder padding="sm">
      <Text fw={600}>
        {contact.firstName} {contact.lastName}
      </Text>
      {contact.jobTitle && (
        <Text size="sm" c="dimmed">
          {contact.jobTitle}
        </Text>
      )}
      {contact.phone && (
        <Anchor size="sm" href={`tel:${contact.phone.replace(/\s/g, '')}`}>
          {contact.phone}
        </Anchor>
      )}
      {contact.email && (
        <Anchor size="sm" href={`mailto:${contact.email}`} style={{ overflowWrap: 'anywhere' }}>
          {contact.email}
        </Anchor>
      )}
    </Card>
  );
}

/** Client 360°: identity, sites and contacts, with edit and delete when the record allows it. */
export function ClientPage() {
  const { clientId = '' }: { clientId?: string } = useParams({ strict: false });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 35.99em)');
  const [editing, edit] = useDisclosure(false);
  const [deleting, confirmDelete] = useDisclosure(false);
  const [texting, sms] = useDisclosure(false);
  const query = useQuery({
    queryKey: ['clients', 'detail', clientId],
    queryFn: () => get<ClientDetailOut>(`/clients/${encodeURIComponent(clientId)}`),
  });

  const update = async (body: ClientPayload) => {
    const saved = await patch<ClientOut>(`/clients/${encodeURIComponent(clientId)}`, body);
    queryClient.setQueryData<ClientDetailOut>(['clients', 'detail', clientId], (old) =>
      old ? { ...old, ...saved } : old,
    );
    await queryClient.invalidateQueries({ queryKey: ['clients'] });
    notifications.show({ color: 'green', message: 'Client modifié.' });
    edit.close();
  };

  const remove = useMutation({
    mutationFn: () => del(`/clients/${encodeURIComponent(clientId)}`),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: ['clients', 'detail', clientId] });
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
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
          <Field label="Partenaire">{c.partnerName ?? 'Client direct'}</Field>
          <Field label="SIREN">{c.siren ?? '—'}</Field>
          <Field label="SIRET">{c.siret ?? '—'}</Field>
          <Field label="N° de TVA intracommunautaire">{c.vatNumber ?? '—'}</Field>
          <Field label="Forme juridique">{legalFormLabel(c.legalForm) ?? '—'}</Field>
          <Field label="Code NAF (APE)">{c.nafCode ? `${c.nafCode} — ${c.nafLabel ?? ''}` : '—'}</Field>
          <Field label="Secteur">{c.sector?.label ?? '—'}</Field>
          <Field label="Effectif">{sizeBandLabel(c.sizeBand) ?? '—'}</Field>
          <Field label="Étiquettes">
            {c.tags.length ? (
              <Group gap={4} mt={2}>
                {c.tags.map((t) => (
                  <Badge key={t} variant="light" color="gray" size="sm" tt="none">
                    {t}
                  </Badge>
                ))}
              </Group>
            ) : (
              '—'
            )}
          </Field>
          <Field label="Téléphone">
            {c.phone ? <Anchor href={`tel:${c.phone.replace(/\s/g, '')}`}>{c.phone}</Anchor> : '—'}
          </Field>
          <Field label="E-mail">
            {c.email ? <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor> : '—'}
          </Field>
          <Field label="Ville">{[c.postalCode, c.city].filter(Boolean).join(' ') || '—'}</Field>
        </SimpleGrid>
      </Card>

      <Tabs defaultValue="sites" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="sites">Sites ({c.sites.length})</Tabs.Tab>
          <Tabs.Tab value="contacts">Contacts ({c.contacts.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sites" pt="md">
          {c.sites.length === 0 ? (
            <Text c="dimmed">Aucun site enregistré.</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {c.sites.map((s) => (
                <SiteCard key={s.id} site={s} />
              ))}
            </SimpleGrid>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="contacts" pt="md">
          {c.contacts.length === 0 ? (
            <Text c="dimmed">Aucun contact enregistré.</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
              {c.contacts.map((ct) => (
                <ContactCard key={ct.id} contact={ct} />
              ))}
            </SimpleGrid>
          )}
        </Tabs.Panel>
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
