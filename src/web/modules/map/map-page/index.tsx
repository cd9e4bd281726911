import { Alert, Box, Button, Drawer, Group, Loader, Paper, ScrollArea, Stack, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type L from 'leaflet';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { type MapLayer, mapLayerLabels, type MapTechnician } from '../../../../shared/schemas/map.ts';
import { useMe } from '../../../app/auth.ts';
import { mapFiltersOf, mapQueries, shownLayers } from '../api.ts';
import { MapCard } from '../map-card.tsx';
import { type MapSelection, readableLayers, selectionKey } from '../map-layers.ts';
import type { Filters, Search } from './filters.ts';
import { MapPanel } from './map-panel.tsx';
import { useLivePositions } from './use-live-positions.ts';
import { usePointLayers } from './use-point-layers.ts';

/**
 * Leaflet and the drawing are loaded while the points are on their way: this page's small chunk
 * starts the requests at its first render, the map view's chunk follows in parallel.
 */
const route = getRouteApi('/app/carte');

const MapView = lazy(() => import('../map-view.tsx').then((m) => ({ default: m.MapView })));

/**
 * The France map (`/carte`): layers the user may read (technicians, client sites, installations,
 * open tickets, today's interventions), filters in the URL, clusters per layer, a summary card on
 * click, and live updates: positions move their marker, ticket and intervention changes refetch
 * their layer.
 */
export function MapPage() {
  const me = useMe();
  const search = route.useSearch();
  const navigate = useNavigate();
  // Read at the first render: the map must not be created in the desktop layout, then squeezed.
  const phone = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false });
  const [drawer, setDrawer] = useState(false);
  const [selected, setSelected] = useState<MapSelection | null>(null);
  const [map, setMap] = useState<L.Map | null>(null);

  const readable = readableLayers(me);
  const enabled = useMemo(() => shownLayers(readable, search.layers), [search.layers, readable.join(',')]);
  const filters: Filters = mapFiltersOf(search);
  const setSearch = (patch: Partial<Search>) =>
    navigate({ to: '/carte', search: { ...search, ...patch }, replace: true });
  const toggleLayer = (layer: MapLayer, on: boolean) =>
    setSearch({ layers: (on ? [...enabled, layer] : enabled.filter((l) => l !== layer)).join(',') });

  // One request per layer: toggling or refreshing a layer never refetches the others.
  const results = useQueries({
    queries: readable.map((layer) => ({
      ...mapQueries.points(layer, filters),
      enabled: enabled.includes(layer),
      retry: false,
    })),
  });
  const byLayer = new Map(readable.map((l, i) => [l, results[i]!]));
  const ready = enabled.every((l) => byLayer.get(l)?.data !== undefined || byLayer.get(l)?.error);
  const errors = [...byLayer.entries()].filter(([l, r]) => enabled.includes(l) && r.error);
  const pointLayers = usePointLayers(readable, enabled, byLayer);
  const technicians: MapTechnician[] | null = enabled.includes('technicians')
    ? (byLayer.get('technicians')?.data?.technicians ?? null)
    : null;
  const { live, liveTick } = useLivePositions(technicians, enabled);

  const onSelect = useCallback((selection: MapSelection) => setSelected(selection), []);
  const showTechnician = (id: string) => {
    setSelected({ layer: 'technicians', id });
    if (!enabled.includes('technicians')) toggleLayer('technicians', true);
    const t = technicians?.find((x) => x.id === id);
    if (!t || !map) return;
    const p = live.current.get(id) ?? t;
    map.setView([p.lat, p.lon], Math.max(map.getZoom(), 11));
  };

  const unplaced =
    [...byLayer.values()].map((r) => r.data?.sitesWithoutCoordinates).find((n) => typeof n === 'number') ??
    null;

  const panel = (
    <MapPanel
      enabled={enabled}
      readable={readable}
      results={byLayer}
      filters={filters}
      unplaced={unplaced}
      onToggle={toggleLayer}
      onFilter={(patch) => setSearch(patch)}
      onGoTo={(b) => {
        map?.fitBounds(b);
        setDrawer(false);
      }}
    />
  );

  return (
    <Stack gap="xs" style={{ height: 'calc(100dvh - 56px - 2 * var(--mantine-spacing-md))' }}>
      {phone && (
        <Group justify="space-between" wrap="nowrap">
          <Title order={1} size="h3">
            Carte
          </Title>
          <Button size="sm" variant="light" onClick={() => setDrawer(true)}>
            Calques et filtres
          </Button>
        </Group>
      )}
      {errors.length > 0 && (
        <Alert color="red" py="xs">
          {errors.map(([l, r]) => `${mapLayerLabels[l]} : ${r.error?.message}`).join(' ')}
        </Alert>
      )}
      <Group gap="sm" align="stretch" wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
        {!phone && (
          <Paper withBorder radius="md" w={300} style={{ flex: '0 0 300px', overflow: 'hidden' }}>
            <ScrollArea h="100%" p="sm">
              <Title order={1} size="h3" mb="xs">
                Carte
              </Title>
              {panel}
            </ScrollArea>
          </Paper>
        )}
        <Box
          // isolation: Leaflet's panes (z-index up to 1000) stay under the drawer and menus.
          style={{
            flex: 1,
            position: 'relative',
            borderRadius: 8,
            overflow: 'hidden',
            minWidth: 0,
            isolation: 'isolate',
          }}
          data-testid="map"
        >
          {readable.length === 0 ? (
            <Alert color="gray">Vous n’avez accès à aucun calque de la carte.</Alert>
          ) : (
            <Suspense fallback={<Loader m="md" aria-label="Chargement de la carte" />}>
              <MapView
                pointLayers={pointLayers}
                technicians={technicians}
                livePositions={live.current}
                liveTick={liveTick}
                tileUrl={me.mapTileUrl ?? null}
                ready={ready}
                onSelect={onSelect}
                onMap={setMap}
              />
            </Suspense>
          )}
          {selected && (
            <Box
              style={{
                position: 'absolute',
                zIndex: 1100,
                left: 8,
                bottom: 8,
                width: phone ? 'calc(100% - 16px)' : 360,
              }}
            >
              <MapCard
                key={selectionKey(selected)}
                selection={selected}
                filters={filters}
                onClose={() => setSelected(null)}
                onShowTechnician={showTechnician}
              />
            </Box>
          )}
        </Box>
      </Group>
      {phone && (
        <Drawer
          opened={drawer}
          onClose={() => setDrawer(false)}
          position="bottom"
          size="80%"
          title="Calques et filtres"
          closeButtonProps={{ 'aria-label': 'Fermer', size: 'lg' }}
        >
          {panel}
        </Drawer>
      )}
    </Stack>
  );
}
