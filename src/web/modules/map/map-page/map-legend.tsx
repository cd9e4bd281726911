import { Group, Stack, Text } from '@mantine/core';
import {
  type MapLayer,
  type MapPointsOut,
  technicianMapStatuses,
  technicianMapStatusLabels,
  ticketMapSlaLabels,
  ticketMapSlaStates,
} from '../../../../shared/schemas/map.ts';
import { categoryColor, categoryLabel, layerColor, slaColor, technicianStatusColor } from '../map-layers.ts';

function Dot({ color, square }: { color: string; square?: boolean }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: 10,
        height: 10,
        borderRadius: square ? 2 : '50%',
        background: color,
        flex: '0 0 10px',
      }}
    />
  );
}

/** Colours of a layer's categories, as drawn. */
export function Legend({ layer, data }: { layer: MapLayer; data: MapPointsOut | undefined }) {
  let items: { label: string; color: string }[];
  if (layer === 'technicians') {
    items = technicianMapStatuses.map((s) => ({
      label: technicianMapStatusLabels[s],
      color: technicianStatusColor[s],
    }));
  } else if (layer === 'tickets') {
    items = ticketMapSlaStates.map((s) => ({ label: ticketMapSlaLabels[s], color: slaColor[s] }));
  } else if (layer === 'installations') {
    items = [{ label: 'Site équipé d’une plateforme', color: layerColor.installations }];
  } else {
    const cats = data?.[layer]?.categories ?? [];
    items = cats.map((c, i) => ({ label: categoryLabel(layer, c), color: categoryColor(layer, c, i) }));
  }
  return (
    <Stack gap={2} pl="xl" data-testid={`legend-${layer}`}>
      {items.map((i) => (
        <Group key={i.label} gap={6} wrap="nowrap">
          <Dot color={i.color} square={layer === 'tickets'} />
          <Text size="xs">{i.label}</Text>
        </Group>
      ))}
      {layer === 'technicians' && (
        <Text size="xs" c="dimmed">
          Contour plein : position en direct ; pointillés : domicile.
        </Text>
      )}
    </Stack>
  );
}
