import { standardWorkingHours } from '../../../shared/schemas/client-records.ts';
import { Anchor, Badge, Button, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';

import { skillLevelLabels } from '../../../shared/interventions.ts';
import {
  type TechnicianOut,
  technicianCreateBody,
  technicianKindLabels,
} from '../../../shared/schemas/technicians.ts';
import { z } from '../../../shared/zod.ts';
import { bodyResolver } from '../../ui/form-validation.ts';
import { definedOf, technicianListSearch } from '../../app/search-params.ts';
import { invalidateTechnicians, technicianApi, technicianQueries } from './api.ts';
import { useKeysetList } from '../../app/keyset.tsx';
import { DataList } from '../../ui/data-list.tsx';
import { FilterPanel, FilterSearch, FilterSegments, useUrlText } from '../../ui/filter-panel.tsx';
import { can, useMe } from '../../app/auth.ts';
import { ErrorAlert } from '../../ui/feedback.tsx';
import { departmentOptions, regionOptions, technicianPath, useSkills } from './technicians-ui.tsx';
import { FormActions } from '../../ui/form-actions.tsx';
import { formatPhone } from '../../../shared/phone.ts';
import { useNoticeMutation } from '../../ui/notice-mutation.ts';

const filterKeys = ['q', 'department', 'region', 'skill', 'minLevel', 'kind', 'active'] as const;
type FilterKey = (typeof filterKeys)[number];

const route = getRouteApi('/app/techniciens');

type NewTechnicianValues = {
  userId: string;
  phone: string;
  homeAddress: string;
  homePostalCode: string;
  homeCity: string;
};
/** The body of POST /technicians: the usual office hours to start with. */
const newTechnicianBody = (v: NewTechnicianValues) => ({
  userId: v.userId,
  phone: v.phone,
  homeAddress: v.homeAddress,
  homePostalCode: v.homePostalCode.trim() === '' ? null : v.homePostalCode,
  homeCity: v.homeCity,
  workingHours: standardWorkingHours,
});
const newTechnicianForm = technicianCreateBody.extend({
  userId: z.uuid('Choisissez l’utilisateur technicien.'),
});

/** Creation: pick a technician user without a profile, then the essentials (the rest on the profile). */
function CreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const candidates = useQuery({
    ...technicianQueries.candidates(),
    enabled: opened,
  });
  const form = useForm({
    initialValues: { userId: '', phone: '', homeAddress: '', homePostalCode: '', homeCity: '' },
    validate: bodyResolver(newTechnicianForm, newTechnicianBody),
  });
  const save = useNoticeMutation(form, {
    save: (v: NewTechnicianValues) => technicianApi.create(newTechnicianBody(v)),
    notice: (t) => `Fiche de ${t.name} créée.`,
    color: 'green',
    after: async (t) => {
      await invalidateTechnicians(queryClient);
      onClose();
      await navigate({ to: technicianPath(t.id) });
    },
  });
  const options = (candidates.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.name} (${technicianKindLabels[c.kind].toLowerCase()})`,
  }));
  return (
    <Modal opened={opened} onClose={onClose} title="Nouvelle fiche technicien" centered>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <ErrorAlert error={save.error} />
          <Select
            label="Utilisateur"
            description="Un compte « Technicien terrain » ou « Technicien interne » sans fiche."
            placeholder={options.length === 0 ? 'Aucun utilisateur technicien sans fiche' : 'Choisir…'}
            data={options}
            searchable
            required
            {...form.getInputProps('userId')}
          />
          <TextInput
            label="Téléphone"
            type="tel"
            placeholder="06 12 34 56 78"
            {...form.getInputProps('phone')}
          />
          <TextInput
            label="Adresse de départ"
            placeholder="12 rue de la République"
            {...form.getInputProps('homeAddress')}
          />
          <Group grow>
            <TextInput label="Code postal" maxLength={5} {...form.getInputProps('homePostalCode')} />
            <TextInput label="Ville" {...form.getInputProps('homeCity')} />
          </Group>
          <Text size="xs" c="dimmed">
            Horaires par défaut : du lundi au vendredi, 08:00–12:00 et 13:30–17:30 (modifiables sur la fiche).
          </Text>
          <FormActions onCancel={onClose} loading={save.isPending} submitLabel="Créer la fiche" />
        </Stack>
      </form>
    </Modal>
  );
}

function zonesText(t: TechnicianOut) {
  return t.zones.length ? t.zones.join(', ') : '—';
}

const baseText = (t: TechnicianOut) =>
  [t.homeCity, t.homeDepartment && `(${t.homeDepartment})`].filter(Boolean).join(' ') || '—';

/** Technicians: search, filters by sector (département, région), skill, kind and state, in the URL. */
export function TechniciansPage() {
  const me = useMe();
  const navigate = useNavigate();
  const filters = definedOf(route.useSearch());
  const setFilters = (next: Record<string, unknown>) =>
    void navigate({ to: '/techniciens', search: definedOf(technicianListSearch.parse(next)), replace: true });
  const setFilter = (key: FilterKey, value: string | null | undefined) =>
    setFilters({ ...filters, [key]: value ?? undefined });
  const [text, setText] = useUrlText(filters.q, (v) => setFilter('q', v));
  const skills = useSkills();
  const [creating, { open, close }] = useDisclosure(false);
  const mayCreate = can(me, 'planning', 'create') && me.scopes.planning === 'all';

  const query = useKeysetList(technicianQueries.list(filters), { keepPrevious: true });
  const filtered = Object.keys(filters).length > 0;
  const activeCount = filterKeys.filter((k) => k !== 'q' && k !== 'kind' && filters[k]).length;
  const skillName = (t: TechnicianOut) =>
    t.skills
      .slice(0, 4)
      .map((s) => s.name)
      .join(', ') + (t.skills.length > 4 ? ` +${t.skills.length - 4}` : '');

  return (
    <Stack>
      <Group justify="space-between" align="center">
        <Title order={2}>Techniciens</Title>
        {mayCreate && <Button onClick={open}>Nouvelle fiche</Button>}
      </Group>
      <FilterPanel
        top={
          <>
            <FilterSearch
              label="Rechercher un technicien"
              placeholder="Rechercher (nom, ville, téléphone…)"
              value={text}
              onChange={setText}
            />
            <FilterSegments
              label="Type"
              value={filters.kind}
              onChange={(v) => setFilter('kind', v)}
              data={[
                { value: 'terrain', label: 'Terrain' },
                { value: 'interne', label: 'Internes' },
              ]}
            />
          </>
        }
        activeCount={activeCount}
        onClear={filtered ? () => setFilters({}) : undefined}
      >
        <Select
          label="Département"
          aria-label="Département"
          placeholder="Tous"
          data={departmentOptions}
          value={filters.department ?? null}
          onChange={(v) => setFilter('department', v)}
          clearable
          searchable
        />
        <Select
          label="Région"
          aria-label="Région"
          placeholder="Toutes"
          data={regionOptions}
          value={filters.region ?? null}
          onChange={(v) => setFilter('region', v)}
          clearable
          searchable
        />
        <Select
          label="Compétence"
          aria-label="Compétence"
          placeholder="Toutes"
          data={(skills.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={filters.skill ?? null}
          onChange={(v) =>
            setFilters({ ...filters, skill: v ?? undefined, minLevel: v ? filters.minLevel : undefined })
          }
          clearable
          searchable
        />
        <Select
          label="Niveau minimum"
          aria-label="Niveau minimum"
          placeholder="Tous niveaux"
          disabled={!filters.skill}
          data={[1, 2, 3].map((l) => ({ value: String(l), label: `${l} — ${skillLevelLabels[l]}` }))}
          value={filters.minLevel ?? null}
          onChange={(v) => setFilter('minLevel', v)}
          clearable
        />
        <Select
          label="État"
          aria-label="État"
          data={[
            { value: 'true', label: 'Actifs' },
            { value: 'false', label: 'Désactivés' },
            { value: 'all', label: 'Tous' },
          ]}
          value={filters.active ?? 'true'}
          onChange={(v) => setFilter('active', v === 'true' ? undefined : v)}
          allowDeselect={false}
        />
      </FilterPanel>

      <DataList
        query={query}
        items={query.items}
        empty={
          filtered ? 'Aucun technicien ne correspond à ces critères.' : 'Aucun technicien pour le moment.'
        }
        errorText="Impossible de charger les techniciens."
        testId="technicians-list"
        rowTestId="technician-row"
        rowLink={(t) => technicianPath(t.id)}
        minWidth={760}
        columns={[
          {
            header: 'Nom',
            cell: (t) => (
              <Group gap={6} wrap="nowrap">
                <Anchor component={Link} to={technicianPath(t.id)} fw={500} style={{ whiteSpace: 'nowrap' }}>
                  {t.name}
                </Anchor>
                {!t.active && (
                  <Badge size="xs" color="gray">
                    Désactivé
                  </Badge>
                )}
                {t.skills.some(
                  (s) => s.certificationState === 'expired' || s.certificationState === 'expiring',
                ) && (
                  <Badge size="xs" color="orange" variant="light">
                    À renouveler
                  </Badge>
                )}
              </Group>
            ),
          },
          { header: 'Type', cell: (t) => (t.kind === 'terrain' ? 'Terrain' : 'Interne') },
          { header: 'Base', cell: baseText },
          { header: 'Zones', cell: zonesText },
          {
            header: 'Compétences',
            cell: (t) => (
              <Text size="sm" maw={340}>
                {skillName(t) || '—'}
              </Text>
            ),
          },
          {
            header: 'Téléphone',
            cell: (t) =>
              t.phoneE164 ? (
                <Anchor href={`tel:${t.phoneE164}`} size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatPhone(t.phoneE164 ?? t.phone)}
                </Anchor>
              ) : (
                '—'
              ),
          },
        ]}
        card={(t) => (
          <>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text fw={600}>{t.name}</Text>
              <Badge variant="light" color={t.kind === 'terrain' ? 'blue' : 'grape'}>
                {t.kind === 'terrain' ? 'Terrain' : 'Interne'}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {baseText(t)} · Zones : {zonesText(t)}
            </Text>
            <Text size="sm" c="dimmed">
              {skillName(t) || 'Aucune compétence'}
            </Text>
          </>
        )}
      />
      {mayCreate && <CreateModal opened={creating} onClose={close} />}
    </Stack>
  );
}
