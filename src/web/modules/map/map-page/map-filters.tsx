import { Anchor, Group, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { interventionStatuses, interventionStatusLabels } from '../../../../shared/interventions.ts';
import { departmentCodes, departmentNames } from '../../../../shared/regions.ts';
import {
  type MapLayer,
  technicianMapStatuses,
  technicianMapStatusLabels,
  ticketMapSlaLabels,
  ticketMapSlaStates,
} from '../../../../shared/schemas/map.ts';
import { clientQueries } from '../../clients/api.ts';
import { technicianQueries } from '../../technicians/api.ts';
import { can, capable, useMe } from '../../../app/auth.ts';
import { type Filters, filterKeys } from './filters.ts';

type Props = { readable: MapLayer[]; filters: Filters; onFilter: (patch: Partial<Filters>) => void };

/** The map filters, kept in the URL: partner, segment, skill, department, status. */
export function MapFilters({ readable, filters, onFilter }: Props) {
  const me = useMe();
  const staff = capable(me, 'staff');
  const partners = useQuery({
    ...clientQueries.partners(),
    enabled: staff && can(me, 'clients'),
    retry: false,
  });
  const segments = useQuery({
    ...clientQueries.segments(),
    enabled: can(me, 'clients'),
    retry: false,
  });
  const skills = useQuery({
    ...technicianQueries.skills(),
    enabled: capable(me, 'seeTechnicians'),
    retry: false,
  });
  const statusData = useMemo(() => {
    const groups: { group: string; items: { value: string; label: string }[] }[] = [];
    const seen = new Set<string>();
    const add = (group: string, items: { value: string; label: string }[]) => {
      const fresh = items.filter((i) => !seen.has(i.value));
      for (const i of fresh) seen.add(i.value);
      if (fresh.length) groups.push({ group, items: fresh });
    };
    if (readable.includes('technicians'))
      add(
        'Techniciens',
        technicianMapStatuses.map((s) => ({ value: s, label: technicianMapStatusLabels[s] })),
      );
    if (readable.includes('tickets'))
      add(
        'Tickets (SLA)',
        ticketMapSlaStates.map((s) => ({ value: s, label: ticketMapSlaLabels[s] })),
      );
    if (readable.includes('interventions'))
      add(
        'Interventions',
        interventionStatuses.map((s) => ({ value: s, label: interventionStatusLabels[s] })),
      );
    return groups;
  }, [readable.join(',')]);
  const departments = useMemo(
    () => departmentCodes.map((c) => ({ value: c, label: `${c} — ${departmentNames[c]}` })),
    [],
  );
  const anyFilter = filterKeys.some((k) => filters[k]);

  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text size="sm" fw={700}>
          Filtres
        </Text>
        {anyFilter && (
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => onFilter(Object.fromEntries(filterKeys.map((k) => [k, undefined])))}
          >
            Effacer les filtres
          </Anchor>
        )}
      </Group>
      {staff && can(me, 'clients') && (
        <Select
          label="Partenaire"
          placeholder="Tous"
          clearable
          searchable
          data={(partners.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={filters.partnerId ?? null}
          onChange={(v) => onFilter({ partnerId: v ?? undefined })}
          nothingFoundMessage="Aucun partenaire"
        />
      )}
      {can(me, 'clients') && (
        <Select
          label="Segment"
          placeholder="Tous"
          clearable
          searchable
          data={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={filters.segmentId ?? null}
          onChange={(v) => onFilter({ segmentId: v ?? undefined })}
          nothingFoundMessage="Aucun segment"
        />
      )}
      {capable(me, 'seeTechnicians') && (
        <Select
          label="Compétence"
          placeholder="Toutes"
          clearable
          searchable
          data={(skills.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={filters.skillId ?? null}
          onChange={(v) => onFilter({ skillId: v ?? undefined })}
          nothingFoundMessage="Aucune compétence"
        />
      )}
      <Select
        label="Département"
        placeholder="Tous"
        clearable
        searchable
        data={departments}
        value={filters.department ?? null}
        onChange={(v) => onFilter({ department: v ?? undefined })}
        nothingFoundMessage="Aucun département"
      />
      <Select
        label="Statut"
        placeholder="Tous"
        clearable
        data={statusData}
        value={filters.status ?? null}
        onChange={(v) => onFilter({ status: v ?? undefined })}
        description="S’applique aux calques qui ont ce statut."
      />
    </Stack>
  );
}
