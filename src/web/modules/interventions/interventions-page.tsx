import {
  Alert,
  Anchor,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { InterventionStatus } from '../../../shared/interventions.ts';
import { DayField } from '../../ui/date-fields.tsx';
import { interventionQueries } from './api.ts';
import { LoadMore, useKeysetList } from '../../app/keyset.tsx';
import { capable, useMe } from '../../app/auth.ts';
import {
  addDays,
  InterventionStatusBadge,
  kindLabel,
  kindOptions,
  mondayOf,
  parisDay,
  parisInstant,
  slotLabel,
  statusOptions,
} from './shared.tsx';

/** Technicians for the filter (the planning board's list; not offered to partners). */
export function usePlanningTechnicians(enabled: boolean) {
  const mon = mondayOf(parisDay(new Date()));
  return useQuery({
    ...interventionQueries.planningTechnicians(
      parisInstant(mon, 0).toISOString(),
      parisInstant(addDays(mon, 1), 0).toISOString(),
    ),
    enabled,
    select: (b) => b.technicians.map((t) => ({ value: t.id, label: t.name })),
  });
}

export function InterventionsPage() {
  const me = useMe();
  const phone = useMediaQuery('(max-width: 47.99em)');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [status, setStatus] = useState<string | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  const [technicianId, setTechnicianId] = useState<string | null>(null);
  const [day, setDay] = useState('');
  const staffPlanning = capable(me, 'seeTechnicians');
  const techs = usePlanningTechnicians(staffPlanning);
  const filters = {
    q: debounced || undefined,
    status: status ?? undefined,
    kind: kind ?? undefined,
    technicianId: technicianId ?? undefined,
    from: day ? parisInstant(day, 0).toISOString() : undefined,
    to: day ? parisInstant(addDays(day, 1), 0).toISOString() : undefined,
  };
  const list = useKeysetList(interventionQueries.list(filters), { keepPrevious: true });
  const items = list.items;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Interventions</Title>
        {capable(me, 'createInterventions') && (
          <Button component={Link} to="/interventions/nouvelle">
            Nouvelle intervention
          </Button>
        )}
      </Group>
      <Group align="end" wrap="wrap">
        <TextInput
          label="Rechercher"
          placeholder="N° ou titre"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={200}
        />
        <Select
          label="Statut"
          placeholder="Tous"
          data={statusOptions}
          value={status}
          onChange={setStatus}
          clearable
          w={170}
        />
        <Select
          label="Type"
          placeholder="Tous"
          data={kindOptions}
          value={kind}
          onChange={setKind}
          clearable
          w={150}
        />
        {staffPlanning && (
          <Select
            label="Technicien"
            placeholder="Tous"
            data={techs.data ?? []}
            value={technicianId}
            onChange={setTechnicianId}
            clearable
            searchable
            w={200}
          />
        )}
        <DayField label="Jour" placeholder="Tous" clearable value={day} onChange={setDay} w={170} />
      </Group>
      {list.isError && <Alert color="red">{(list.error as Error).message}</Alert>}
      {list.isPending ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : items.length === 0 ? (
        <Text c="dimmed">Aucune intervention ne correspond à ces critères.</Text>
      ) : phone ? (
        <Stack gap="xs">
          {items.map((i) => (
            <Card key={i.id} withBorder padding="sm" component={Link} to={`/interventions/${i.id}` as string}>
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600} size="sm">
                  {i.number}
                </Text>
                <InterventionStatusBadge status={i.status as InterventionStatus} />
              </Group>
              <Text size="sm">{i.title}</Text>
              <Text size="xs" c="dimmed">
                {i.clientName} · {slotLabel(i.plannedStart, i.plannedMinutes)}
              </Text>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>N°</Table.Th>
              <Table.Th>Intervention</Table.Th>
              <Table.Th>Client</Table.Th>
              <Table.Th>Créneau</Table.Th>
              <Table.Th>Techniciens</Table.Th>
              <Table.Th>Statut</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`/interventions/${i.id}` as string}>
                    {i.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{i.title}</Text>
                  <Text size="xs" c="dimmed">
                    {kindLabel(i.kind)}
                    {i.remote ? ' · à distance' : i.siteCity ? ` · ${i.siteCity}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>{i.clientName}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {slotLabel(i.plannedStart, i.plannedMinutes)}
                </Table.Td>
                <Table.Td>{i.technicians.map((t) => t.name).join(', ') || '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <InterventionStatusBadge status={i.status as InterventionStatus} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore list={list} />
    </Stack>
  );
}
