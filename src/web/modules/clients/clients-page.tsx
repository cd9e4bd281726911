import {
  Alert,
  Anchor,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { ClientOut } from '../../../shared/schemas/clients.ts';
import { ApiError, get, post, qs } from '../../app/api.ts';
import { can, useMe } from '../../app/auth.ts';
import {
  ClientForm,
  type ClientStatus,
  clientPath,
  StatusBadge,
  statusOptions,
  useClientSegments,
} from './client-form.tsx';

type Page = { items: ClientOut[]; nextCursor: string | null };

function place(c: ClientOut) {
  return [c.postalCode, c.city].filter(Boolean).join(' ') || '—';
}

/** Client list: search, status filter, table (cards on a phone), paging and creation. */
export function ClientsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 35.99em)');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<'all' | ClientStatus>('all');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const segments = useClientSegments();
  const [creating, { open, close }] = useDisclosure(false);

  const query = useInfiniteQuery({
    queryKey: ['clients', 'list', { q, status, segmentId }],
    queryFn: ({ pageParam }) =>
      get<Page>(
        `/clients${qs({
          q,
          status: status === 'all' ? undefined : status,
          segmentId: segmentId ?? undefined,
          limit: 50,
          cursor: pageParam,
        })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = q !== '' || status !== 'all' || segmentId !== null;

  const create = async (body: unknown) => {
    const created = await post<ClientOut>('/clients', body);
    await queryClient.invalidateQueries({ queryKey: ['clients'] });
    notifications.show({ color: 'green', message: `Client « ${created.name} » créé.` });
    close();
    await navigate({ to: clientPath(created.id) });
  };

  return (
    <Stack>
      <Group justify="space-between" align="center">
        <Title order={2}>Clients</Title>
        {can(me, 'clients', 'create') && <Button onClick={open}>Nouveau client</Button>}
      </Group>
      <Stack gap="xs">
        <TextInput
          placeholder="Rechercher (nom, SIREN, ville…)"
          aria-label="Rechercher un client"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <SegmentedControl
          aria-label="Statut"
          value={status}
          onChange={(v) => setStatus(v as 'all' | ClientStatus)}
          data={[{ value: 'all', label: 'Tous' }, ...statusOptions]}
          fullWidth={phone}
          style={{ alignSelf: phone ? 'stretch' : 'flex-start' }}
        />
        <Select
          aria-label="Segment"
          placeholder="Tous les segments"
          data={(segments.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={segmentId}
          onChange={setSegmentId}
          clearable
          w={phone ? undefined : 260}
        />
      </Stack>

      {query.isPending ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : query.isError ? (
        <Alert color="red" title="Chargement impossible" role="alert">
          {query.error instanceof ApiError ? query.error.message : 'Impossible de charger les clients.'}
        </Alert>
      ) : items.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          {filtered ? 'Aucun client ne correspond à votre recherche.' : 'Aucun client pour le moment.'}
        </Text>
      ) : phone ? (
        <Stack gap="xs" data-testid="clients-list">
          {items.map((c) => (
            <Card
              key={c.id}
              withBorder
              padding="sm"
              component={Link}
              to={clientPath(c.id)}
              data-testid="client-row"
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {c.name}
                </Text>
                <StatusBadge status={c.status} />
              </Group>
              <Text size="sm" c="dimmed">
                {[c.segment, place(c)].filter((s) => s && s !== '—').join(' · ') || '—'}
              </Text>
              <Text size="sm" c="dimmed">
                {c.partnerName ?? 'Direct'}
              </Text>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped highlightOnHover data-testid="clients-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Raison sociale</Table.Th>
                <Table.Th>Segment</Table.Th>
                <Table.Th>Ville</Table.Th>
                <Table.Th>Partenaire</Table.Th>
                <Table.Th>Statut</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} data-testid="client-row">
                  <Table.Td>
                    <Anchor component={Link} to={clientPath(c.id)} fw={500}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{c.segment ?? '—'}</Table.Td>
                  <Table.Td>{place(c)}</Table.Td>
                  <Table.Td>{c.partnerName ?? 'Direct'}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={c.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      {query.hasNextPage && (
        <Center>
          <Button variant="default" onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage}>
            Charger plus
          </Button>
        </Center>
      )}

      <Modal opened={creating} onClose={close} title="Nouveau client" size="lg" fullScreen={phone}>
        <ClientForm submitLabel="Créer le client" onSubmit={create} onCancel={close} />
      </Modal>
    </Stack>
  );
}
