import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { MapLayer, MapTechnician } from '../../../../shared/schemas/map.ts';
import { useLiveEvent, useLiveEventsOpen } from '../../notifications/use-live-events.ts';
import type { LivePosition } from '../map-view.tsx';
import { mapKeys } from '../api.ts';

/** Debounce of the refetch after ticket or intervention changes: a burst of events, one request. */
const refetchDelayMs = 1_500;

/**
 * Live positions received since the technicians were loaded, and the refetch of a layer after the
 * ticket or intervention changes that concern it.
 */
export function useLivePositions(technicians: MapTechnician[] | null, enabled: MapLayer[]) {
  const queryClient = useQueryClient();
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
          () => void queryClient.invalidateQueries({ queryKey: mapKeys.layer(layer) }),
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
        queryKey: mapKeys.points,
        predicate: (q) => q.state.fetchStatus === 'idle' && q.state.dataUpdatedAt < Date.now() - 5_000,
      }),
  );
  return { live, liveTick };
}
