import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Drawer,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import type L from 'leaflet';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { interventionStatuses, interventionStatusLabels } from '../../../shared/interventions.ts';
import { departmentCodes, departmentNames } from '../../../shared/regions.ts';
import {
  type MapLayer,
  mapLayerLabels,
  type MapPointsOut,
  type MapTechnician,
  technicianMapStatuses,
  technicianMapStatusLabels,
  ticketMapSlaLabels,
  ticketMapSlaStates,
} from '../../../shared/schemas/map.ts';
import { get, qs } from '../../app/api.ts';
import { can, useMe } from '../../app/auth.ts';
import { useLiveEvent, useLiveEventsOpen } from '../notifications/use-live-events.ts';
import france from './france.geo.json';
import { MapCard } from './map-card.tsx';
import {
  buildIndex,
  categoryColor,
  coarseMaxZoom,
  coarseThreshold,
  categoryLabel,
  type LayerIndex,
  layerColor,
  type MapSelection,
  pointsOf,
  readableLayers,
  selectionKey,
  slaColor,
  technicianStatusColor,
} from './map-layers.ts';
import type { LivePosition, PointLayerView } from './map-view.tsx';

/**
 * Leaflet and the drawing are loaded while the points are on their way: this page's small chunk
 * starts the requests at its first render, the map view's chunk follows in parallel.
 */
const MapView = lazy(() => import('./map-view.tsx').then((m) => ({ default: m.MapView })));

type Filters = {
  partnerId?: string;
  segmentId?: string;
  skillId?: string;
  department?: string;
  status?: string;
};
type Search = Filters & { layers?: string };
const filterKeys = ['partnerId', 'segmentId', 'skillId', 'department', 'status'] as const;

/** Layers shown when the URL names none: everything readable but installations (a subset of sites). */
const defaultOff: MapLayer[] = ['installations'];

/** Debounce of the refetch after ticket or intervention changes: a burst of events, one request. */
const refetchDelayMs = 1_500;

/**
 * The France map (`/carte`): layers the user may read (technicians, client sites, installations,
 * open tickets, today's interventions), filters in the URL, clusters per layer, a summary card on
 * click, and live updates: positions move their marker, ticket and intervention changes refetch
 * their layer.
 */
export function MapPage() {
  const me = useMe();
  const search = useSearch({ strict: false }) as Search;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Read at the first render: the map must not be created in the desktop layout, then squeezed.
  const phone = useMediaQuery('(max-width: 48em)', undefined, { getInitialValueInEffect: false });
  const [drawer, setDrawer] = useState(false);
  const [selected, setSelected] = useState<MapSelection | null>(null);
  const [map, setMap] = useState<L.Map | null>(null);

  const readable = readableLayers(me);
  const enabled = useMemo<MapLayer[]>(() => {
    if (search.layers === undefined) return readable.filter((l) => !defaultOff.includes(l));
    const wanted = search.layers.split(',');
    return readable.filter((l) => wanted.includes(l));
  }, [search.layers, readable.join(',')]);
  const filters: Filters = Object.fromEntries(filterKeys.map((k) => [k, search[k] || undefined]));
  const setSearch = (patch: Partial<Search>) =>
    navigate({ to: '/carte' as string, search: { ...search, ...patch } as never, replace: true });
  const toggleLayer = (layer: MapLayer, on: boolean) =>
    setSearch({ layers: (on ? [...enabled, layer] : enabled.filter((l) => l !== layer)).join(',') });

  // One request per layer: toggling or refreshing a layer never refetches the others.
  const results = useQueries({
    queries: readable.map((layer) => ({
      queryKey: ['map-points', layer, filters],
      queryFn: () => get<MapPointsOut>(`/map/points${qs({ layers: layer, ...filters })}`),
      enabled: enabled.includes(layer),
      placeholderData: keepPreviousData,
      staleTime: 60_000,
      retry: false,
    })),
  });
  const byLayer = new Map(readable.map((l, i) => [l, results[i]!]));
  const ready = enabled.every((l) => byLayer.get(l)?.data !== undefined || byLayer.get(l)?.error);
  const errors = [...byLayer.entries()].filter(([l, r]) => enabled.includes(l) && r.error);

  // Indexes are rebuilt only when a layer's payload changes (same object → same index). A big layer
  // (100k sites) is first clustered up to zoom 8 only, drawn, then fully indexed in the next task.
  type Cached = {
    data: MapPointsOut;
    points: ReturnType<typeof pointsOf>;
    index: LayerIndex;
    full: boolean;
  };
  const indexes = useRef(new Map<MapLayer, Cached>());
  const [indexVersion, setIndexVersion] = useState(0);
  const dataKey = readable.map((l) => (enabled.includes(l) ? byLayer.get(l)?.dataUpdatedAt : 0)).join('|');
  const pointLayers = useMemo<PointLayerView[]>(() => {
    const out: PointLayerView[] = [];
    for (const layer of enabled) {
      if (layer === 'technicians') continue;
      const payload = byLayer.get(layer)?.data;
      const data = payload?.[layer];
      if (!payload || !data) continue;
      let cached = indexes.current.get(layer);
      if (!cached || cached.data !== payload) {
        const start = performance.now();
        const points = pointsOf(data);
        const full = data.lat.length <= coarseThreshold;
        cached = {
          data: payload,
          points,
          full,
          index: buildIndex(layer, data, points, full ? 16 : coarseMaxZoom),
        };
        // Read by bench/map-render.ts: how long clustering a layer takes in the browser.
        performance.measure(`relais-map-index:${layer}`, { start, end: performance.now() });
        indexes.current.set(layer, cached);
      }
      out.push({ layer, data, index: cached.index });
    }
    return out;
  }, [dataKey, enabled, indexVersion]);
  useEffect(() => {
    const coarse = [...indexes.current.entries()].filter(([, c]) => !c.full);
    if (coarse.length === 0) return;
    // After the browser has painted the coarse drawing.
    const timer = setTimeout(() => {
      for (const [layer, c] of coarse) {
        const data = c.data[layer as Exclude<MapLayer, 'technicians'>];
        if (!data || indexes.current.get(layer) !== c) continue;
        const start = performance.now();
        c.index = buildIndex(layer, data, c.points);
        c.full = true;
        performance.measure(`relais-map-full-index:${layer}`, { start, end: performance.now() });
      }
      performance.mark('relais-map-indexed');
      setIndexVersion((v) => v + 1);
    }, 50);
    return () => clearTimeout(timer);
  }, [pointLayers]);
  const technicians: MapTechnician[] | null = enabled.includes('technicians')
    ? (byLayer.get('technicians')?.data?.technicians ?? null)
    : null;

  // Live positions received since the technicians were loaded.
  const live = useRef(new Map<string, LivePosition>());
  const [liveTick, setLiveTick] = useState(0);
  useEffect(() => {
    for (const t of technicians ?? []) {
      const p = live.current.get(t.id);
      if (p && t.positionAt && t.positionAt >= p.at) live.current.delete(t.id);
    }
  }, [technicians]);
  useLiveEvent('technician.position', (ev) => {
    const { technicianId, latitude, longitude, recordedAt } = ev.payload as {
      technicianId?: string;
      latitude?: number;
      longitude?: number;
      recordedAt?: string;
    };
    if (!technicianId || typeof latitude !== 'number' || typeof longitude !== 'number') return;
    live.current.set(technicianId, { lat: latitude, lon: longitude, at: recordedAt ?? ev.createdAt });
    setLiveTick((t) => t + 1);
    // From home base to a live position: his status (on duty…) may have changed too.
    if (technicians?.find((t) => t.id === technicianId)?.source === 'home') refetchLater(['technicians']);
  });
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const refetchLater = (layers: MapLayer[]) => {
    for (const layer of layers) {
      if (!enabled.includes(layer)) continue;
      clearTimeout(timers.current.get(layer));
      timers.current.set(
        layer,
        setTimeout(
          () => void queryClient.invalidateQueries({ queryKey: ['map-points', layer] }),
          refetchDelayMs,
        ),
      );
    }
  };
  useEffect(
    () => () => {
      for (const t of timers.current.values()) clearTimeout(t);
    },
    [],
  );
  useLiveEvent('ticket.changed', () => refetchLater(['tickets']));
  useLiveEvent('intervention.changed', () => refetchLater(['interventions', 'technicians']));
  // On a reconnection, what may have been missed — not a layer still loading or just loaded.
  useLiveEventsOpen(
    () =>
      void queryClient.invalidateQueries({
        queryKey: ['map-points'],
        predicate: (q) => q.state.fetchStatus === 'idle' && q.state.dataUpdatedAt < Date.now() - 5_000,
      }),
  );

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

/** Overseas départements (and metropolitan France) to jump to: the offline outline has them all. */
const areas = (france as unknown as GeoJSON.FeatureCollection).features.map((f) => {
  // South-west and north-east corners of the area's outline (no Leaflet needed for that).
  const box: [[number, number], [number, number]] = [
    [90, 180],
    [-90, -180],
  ];
  const walk = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [lon, lat] = c as [number, number];
      box[0] = [Math.min(box[0][0], lat), Math.min(box[0][1], lon)];
      box[1] = [Math.max(box[1][0], lat), Math.max(box[1][1], lon)];
    } else for (const x of c as unknown[]) walk(x);
  };
  walk((f.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon).coordinates);
  return { name: String(f.properties?.name), bounds: box as L.LatLngBoundsExpression };
});

function MapPanel({ enabled, readable, results, filters, unplaced, onToggle, onFilter, onGoTo }: PanelProps) {
  const me = useMe();
  const staff = !me.user.partnerId;
  const partners = useQuery({
    queryKey: ['clients', 'partners'],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/clients/partners'),
    enabled: staff && can(me, 'clients'),
    retry: false,
  });
  const segments = useQuery({
    queryKey: ['client-segments'],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/client-segments'),
    enabled: can(me, 'clients'),
    retry: false,
  });
  const skills = useQuery({
    queryKey: ['skills'],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/skills'),
    enabled: staff && can(me, 'planning'),
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
        {staff && can(me, 'planning') && (
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
function Legend({ layer, data }: { layer: MapLayer; data: MapPointsOut | undefined }) {
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
