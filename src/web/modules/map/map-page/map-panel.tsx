import { Alert, Anchor, Badge, Button, Group, Stack, Switch, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type L from 'leaflet';
import { type MapLayer, mapLayerLabels, type MapPointsOut } from '../../../../shared/schemas/map.ts';
import type { Filters } from './filters.ts';
import { areas } from './areas.ts';
import { Legend } from './map-legend.tsx';
import { MapFilters } from './map-filters.tsx';

type PanelProps = {
  enabled: MapLayer[];
  readable: MapLayer[];
  results: Map<MapLayer, { data?: MapPointsOut; isFetching: boolean }>;
  filters: Filters;
  unplaced: number | null;
  onToggle: (layer: MapLayer, on: boolean) => void;
  onFilter: (patch: Partial<Filters>) => void;
  onGoTo: (bounds: L.LatLngBoundsExpression) => void;
};

const count = new Intl.NumberFormat('fr-FR');

function layerCount(layer: MapLayer, data: MapPointsOut | undefined): number | null {
  if (!data) return null;
  if (layer === 'technicians') return data.technicians?.length ?? null;
  return data[layer]?.lat.length ?? null;
}

/** Layers with their counts and legends, the filters, the unplaced sites, the areas to jump to. */
export function MapPanel({
  enabled,
  readable,
  results,
  filters,
  unplaced,
  onToggle,
  onFilter,
  onGoTo,
}: PanelProps) {
  return (
    <Stack gap="md">
      <Stack gap={6}>
        <Text size="sm" fw={700}>
          Calques
        </Text>
        {readable.map((layer) => {
          const r = results.get(layer);
          const n = layerCount(layer, r?.data);
          const on = enabled.includes(layer);
          return (
            <Stack key={layer} gap={2}>
              <Group justify="space-between" wrap="nowrap">
                <Switch
                  size="md"
                  checked={on}
                  onChange={(e) => onToggle(layer, e.currentTarget.checked)}
                  label={mapLayerLabels[layer]}
                  color={layer === 'tickets' ? 'red' : 'blue'}
                  data-testid={`layer-${layer}`}
                />
                <Badge variant="light" color="gray" data-testid={`layer-count-${layer}`}>
                  {on && n !== null ? count.format(n) : '—'}
                </Badge>
              </Group>
              {on && <Legend layer={layer} data={r?.data} />}
            </Stack>
          );
        })}
      </Stack>

      <MapFilters readable={readable} filters={filters} onFilter={onFilter} />

      {unplaced !== null && unplaced > 0 && (
        <Alert color="yellow" p="xs" data-testid="unplaced-sites">
          <Anchor component={Link} to="/admin/sites-non-localises" size="sm">
            {count.format(unplaced)} {unplaced > 1 ? 'sites sans coordonnées' : 'site sans coordonnées'}
          </Anchor>
          <Text size="xs" c="dimmed">
            Ils ne figurent pas sur la carte : ouvrez la liste pour les géocoder.
          </Text>
        </Alert>
      )}

      <Stack gap={6}>
        <Text size="sm" fw={700}>
          Aller à
        </Text>
        <Group gap={6}>
          {areas.map((a) => (
            <Button key={a.name} size="compact-sm" variant="default" onClick={() => onGoTo(a.bounds)}>
              {a.name}
            </Button>
          ))}
        </Group>
      </Stack>
    </Stack>
  );
}
