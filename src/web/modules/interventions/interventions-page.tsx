import { Anchor, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { InterventionStatus } from '../../../shared/interventions.ts';
import { DayField } from '../../ui/date-fields.tsx';
import { interventionQueries } from './api.ts';
import { useKeysetList } from '../../app/keyset.tsx';
import { DataList } from '../../ui/data-list.tsx';
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
      <DataList
        query={list}
        items={list.items}
        empty="Aucune intervention ne correspond à ces critères."
        cardsBelow="sm"
        rowLink={(i) => `/interventions/${i.id}`}
        columns={[
          {
            header: 'N°',
            nowrap: true,
            cell: (i) => (
              <Anchor component={Link} to={`/interventions/${i.id}` as string}>
                {i.number}
              </Anchor>
            ),
          },
          {
            header: 'Intervention',
            cell: (i) => (
              <>
                <Text size="sm">{i.title}</Text>
                <Text size="xs" c="dimmed">
                  {kindLabel(i.kind)}
                  {i.remote ? ' · à distance' : i.siteCity ? ` · ${i.siteCity}` : ''}
                </Text>
              </>
            ),
          },
          { header: 'Client', cell: (i) => i.clientName },
          { header: 'Créneau', nowrap: true, cell: (i) => slotLabel(i.plannedStart, i.plannedMinutes) },
          { header: 'Techniciens', cell: (i) => i.technicians.map((t) => t.name).join(', ') || '—' },
          {
            header: 'Statut',
            nowrap: true,
            cell: (i) => <InterventionStatusBadge status={i.status as InterventionStatus} />,
          },
        ]}
        card={(i) => (
          <>
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
          </>
        )}
      />
    </Stack>
  );
}
