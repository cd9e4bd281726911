import { Button, Card, Group, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { durationLabel, parisDay } from '../../interventions/shared.tsx';
import type { BoardDrag } from './use-board-drag.ts';

/**
 * Click-to-plan, step two: the chosen intervention, what to do next (pick a technician's day on the
 * board, or everything in a dialog), and the way out. Escape or « Annuler » clears the choice.
 */
export function SelectionBar({ drag, days }: { drag: BoardDrag; days: string[] }) {
  const { selected, setSelected, planning, setPlanning, pending, backToQueue } = drag;
  const idle = selected !== null && planning === null && pending === null;
  useEffect(() => {
    if (!idle) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setSelected(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [idle]);
  if (!selected) return null;
  const c = selected.card;
  const day = c.plannedStart ? parisDay(new Date(c.plannedStart)) : '';
  return (
    <Card
      withBorder
      p="xs"
      data-testid="planning-selection"
      style={{ borderColor: 'var(--mantine-color-blue-filled)', position: 'sticky', top: 60, zIndex: 5 }}
    >
      <Group justify="space-between" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {c.number} · {c.clientName}
            {c.siteCity ? ` (${c.siteCity})` : ''} · {durationLabel(c.plannedMinutes)}
          </Text>
          <Text size="xs" c="dimmed">
            Choisissez la case d’un technicien et d’un jour dans le planning, ou le créneau exact.
          </Text>
        </div>
        <Group gap="xs">
          <Button
            size="xs"
            onClick={() =>
              setPlanning({
                technicianId: selected.fromTechnicianId ?? '',
                day: day && days.includes(day) ? day : days[0]!,
              })
            }
          >
            Choisir le créneau…
          </Button>
          <Button size="xs" variant="default" component={Link} to={`/interventions/${c.id}` as string}>
            Ouvrir la fiche
          </Button>
          {selected.fromTechnicianId && (
            <Button size="xs" variant="default" onClick={() => void backToQueue(selected)}>
              Remettre à planifier
            </Button>
          )}
          <Button size="xs" variant="subtle" onClick={() => setSelected(null)}>
            Annuler
          </Button>
        </Group>
      </Group>
    </Card>
  );
}
