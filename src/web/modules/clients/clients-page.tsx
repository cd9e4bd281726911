import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import type { SavedFilterOut } from '../../../shared/schemas/saved-filters.ts';
import { ApiError } from '../../app/api.ts';
import { clientListSearch, definedOf } from '../../app/search-params.ts';
import type { ClientOut } from '../../../shared/schemas/clients.ts';
import { clientApi, clientKeys, clientLinks, clientQueries, invalidateClients } from './api.ts';
import { usePartnerOptions } from './client-picker.ts';
import { useKeysetList } from '../../app/keyset.tsx';
import { DataList } from '../../ui/data-list.tsx';
import { FilterPanel, FilterSearch, FilterSegments, useUrlText } from '../../ui/filter-panel.tsx';
import { useAccountManagers } from './client-header.tsx';
import { can, capable, useMe } from '../../app/auth.ts';
import { ClientForm, clientPath, StatusBadge, statusOptions, useClientSegments } from './client-form.tsx';
import { BulkAssignBar, SelectBox, selectionColumn } from './bulk-assign.tsx';
import { useSelection } from '../../ui/selection.ts';

function place(c: ClientOut) {
  return [c.postalCode, c.city].filter(Boolean).join(' ') || '—';
}

/** The list's filters, kept in the URL so that a filtered list can be shared and saved. */
const filterKeys = [
  'q',
  'status',
  'segmentId',
  'partnerId',
  'department',
  'accountManagerId',
  'tag',
] as const;
type FilterKey = (typeof filterKeys)[number];
type Filters = ReturnType<typeof clientListSearch.parse>;

const route = getRouteApi('/app/clients');

const departmentPattern = /^(\d{2,3}|2A|2B)$/i;

/** « Mes filtres »: apply, save the current filters under a name, delete. */
function SavedFiltersMenu({
  current,
  apply,
}: {
  current: Filters;
  apply: (f: Record<string, unknown>) => void;
}) {
  const queryClient = useQueryClient();
  const [naming, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const saved = useQuery(clientQueries.savedFilters());
  const hasFilters = Object.keys(current).length > 0;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const created = await clientApi.saveFilter(name, current);
      await queryClient.invalidateQueries({ queryKey: clientKeys.savedFilters });
      notifications.show({ color: 'green', message: `Filtre « ${created.name} » enregistré.` });
      setName('');
      close();
    } catch (err) {
      setError(
        err instanceof ApiError ? (err.fieldErrors().name ?? err.message) : 'Enregistrement impossible.',
      );
    } finally {
      setSaving(false);
    }
  };
  const remove = async (f: SavedFilterOut) => {
    try {
      await clientApi.removeFilter(f.id);
      await queryClient.invalidateQueries({ queryKey: clientKeys.savedFilters });
      notifications.show({ color: 'green', message: `Filtre « ${f.name} » supprimé.` });
    } catch (err) {
      notifications.show({
        color: 'red',
        message: err instanceof ApiError ? err.message : 'Suppression impossible.',
      });
    }
  };

  return (
    <>
      <Menu position="bottom-end" width={280} withinPortal>
        <Menu.Target>
          <Button variant="default">Mes filtres</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(saved.data?.items ?? []).length === 0 ? (
            <Menu.Label>Aucun filtre enregistré</Menu.Label>
          ) : (
            saved.data?.items.map((f) => (
              <Menu.Item
                key={f.id}
                onClick={() => apply(f.query)}
                rightSection={
                  <ActionIcon
                    component="span"
                    variant="subtle"
                    color="red"
                    size="sm"
                    aria-label={`Supprimer le filtre ${f.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      void remove(f);
                    }}
                  >
                    ✕
                  </ActionIcon>
                }
              >
                {f.name}
              </Menu.Item>
            ))
          )}
          <Menu.Divider />
          <Menu.Item onClick={open} disabled={!hasFilters}>
            Enregistrer les filtres actuels…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={close} title="Enregistrer les filtres">
        <form onSubmit={save}>
          <Stack>
            <TextInput
              label="Nom du filtre"
              placeholder="Mes pharmacies du 69"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error}
              required
              data-autofocus
              maxLength={80}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Annuler
              </Button>
              <Button type="submit" loading={saving} disabled={name.trim() === ''}>
                Enregistrer
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Client list: search, combinable filters in the URL, saved filters, table (cards on a phone), paging. */
export function ClientsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useMediaQuery('(max-width: 35.99em)');
  const filters = definedOf(route.useSearch());
  const setFilters = (next: Record<string, unknown>) =>
    void navigate({ to: '/clients', search: definedOf(clientListSearch.parse(next)), replace: true });
  const setFilter = (key: FilterKey, value: string | null | undefined) =>
    setFilters({ ...filters, [key]: value ?? undefined });
  const [search, setSearch] = useUrlText(filters.q, (v) => setFilter('q', v));
  const [department, setDepartment] = useUrlText(
    filters.department,
    (v) => setFilter('department', v?.toUpperCase()),
    (v) => departmentPattern.test(v),
  );
  const [tag, setTag] = useUrlText(filters.tag, (v) => setFilter('tag', v));
  const segments = useClientSegments();
  const managers = useAccountManagers();
  const isPartner = !capable(me, 'staff');
  const partners = usePartnerOptions(!isPartner);
  const [creating, { open, close }] = useDisclosure(false);
  // Staff who may change clients select some and change their partner or account manager at once.
  const assigns = capable(me, 'assignClients');
  const selection = useSelection();
  const activeFilters = filterKeys.filter((k) => k !== 'q' && k !== 'status' && filters[k]).length;

  const query = useKeysetList(clientQueries.list(filters), { keepPrevious: true });
  const items = query.items;
  const filtered = Object.keys(filters).length > 0;

  const create = async (body: unknown) => {
    const created = await clientApi.create(body);
    await invalidateClients(queryClient);
    notifications.show({ color: 'green', message: `Client « ${created.name} » créé.` });
    close();
    await navigate({ to: clientPath(created.id) });
  };

  return (
    <Stack>
      <Group justify="space-between" align="center">
        <Title order={2}>Clients</Title>
        <Group gap="xs">
          <SavedFiltersMenu current={filters} apply={setFilters} />
          {can(me, 'clients', 'create') && (
            <Button variant="default" component={Link} to="/clients/import">
              Importer
            </Button>
          )}
          <Button variant="default" component="a" href={clientLinks.exportCsv(filters)} download>
            Exporter
          </Button>
          {can(me, 'clients', 'create') && <Button onClick={open}>Nouveau client</Button>}
        </Group>
      </Group>
      <FilterPanel
        top={
          <>
            <FilterSearch
              label="Rechercher un client"
              placeholder="Rechercher (nom, SIREN, ville…)"
              value={search}
              onChange={setSearch}
            />
            <FilterSegments
              label="Statut"
              value={filters.status}
              onChange={(v) => setFilter('status', v)}
              data={statusOptions}
            />
          </>
        }
        activeCount={activeFilters}
        onClear={filtered ? () => setFilters({}) : undefined}
        columns={isPartner ? 4 : 5}
      >
        <Select
          aria-label="Segment"
          label="Segment"
          placeholder="Tous les segments"
          data={(segments.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={filters.segmentId ?? null}
          onChange={(v) => setFilter('segmentId', v)}
          clearable
          searchable
        />
        {!isPartner && (
          <Select
            aria-label="Partenaire"
            label="Partenaire"
            placeholder="Tous les partenaires"
            data={partners.data ?? []}
            value={filters.partnerId ?? null}
            onChange={(v) => setFilter('partnerId', v)}
            clearable
            searchable
          />
        )}
        <TextInput
          aria-label="Département"
          label="Département"
          placeholder="Département (ex. 69, 2A)"
          value={department}
          onChange={(e) => setDepartment(e.currentTarget.value)}
          error={
            department.trim() !== '' && !departmentPattern.test(department.trim())
              ? '2 ou 3 chiffres, ou 2A/2B'
              : undefined
          }
          maxLength={3}
        />
        <Select
          aria-label="Chargé de compte"
          label="Chargé de compte"
          placeholder="Tous"
          data={(managers.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={filters.accountManagerId ?? null}
          onChange={(v) => setFilter('accountManagerId', v)}
          clearable
          searchable
        />
        <TextInput
          aria-label="Étiquette"
          label="Étiquette"
          placeholder="Étiquette"
          value={tag}
          onChange={(e) => setTag(e.currentTarget.value)}
          maxLength={40}
        />
      </FilterPanel>

      {assigns && <BulkAssignBar sel={selection} items={items} />}
      <DataList
        query={query}
        items={query.items}
        empty={filtered ? 'Aucun client ne correspond à votre recherche.' : 'Aucun client pour le moment.'}
        errorText="Impossible de charger les clients."
        testId="clients-list"
        rowTestId="client-row"
        rowLink={(c) => clientPath(c.id)}
        minWidth={700}
        columns={[
          assigns && selectionColumn(selection, items),
          {
            header: 'Raison sociale',
            cell: (c) => (
              <Anchor component={Link} to={clientPath(c.id)} fw={500}>
                {c.name}
              </Anchor>
            ),
          },
          { header: 'Segment', cell: (c) => c.segment ?? '—' },
          { header: 'Ville', cell: place },
          { header: 'Partenaire', cell: (c) => c.partnerName ?? 'Direct' },
          { header: 'Statut', cell: (c) => <StatusBadge status={c.status} /> },
        ]}
        card={(c) => (
          <>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Group gap="xs" wrap="nowrap" align="flex-start">
                {assigns && <SelectBox sel={selection} client={c} />}
                <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {c.name}
                </Text>
              </Group>
              <StatusBadge status={c.status} />
            </Group>
            <Text size="sm" c="dimmed">
              {[c.segment, place(c)].filter((s) => s && s !== '—').join(' · ') || '—'}
            </Text>
            <Text size="sm" c="dimmed">
              {c.partnerName ?? 'Direct'}
            </Text>
          </>
        )}
      />

      <Modal opened={creating} onClose={close} title="Nouveau client" size="lg" fullScreen={phone}>
        <ClientForm submitLabel="Créer le client" onSubmit={create} onCancel={close} />
      </Modal>
    </Stack>
  );
}
