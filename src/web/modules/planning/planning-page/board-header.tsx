import { Box, Group, Text } from '@mantine/core';
import type { BoardOut } from '../../../../shared/schemas/interventions.ts';
import { parisDay } from '../../interventions/shared.tsx';
import { dayLabel, type PlanningSearchPatch, type View } from './board-layout.ts';

type Props = {
  b: BoardOut;
  view: View;
  days: string[];
  /** Week: each day's share of the width (an empty weekend day is narrower). */
  weights: number[];
  setSearch: (patch: PlanningSearchPatch) => void;
};

/** Column headers: the technician count, then hours (day) or days (week, a click opens the day). */
export function BoardHeader({ b, view, days, weights, setSearch }: Props) {
  return (
    <Group wrap="nowrap" gap={0} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Box w={view === 'week' ? 150 : 160} p={6} style={{ flexShrink: 0 }}>
        <Text size="xs" c="dimmed">
          {b.technicians.length} technicien{b.technicians.length > 1 ? 's' : ''}
        </Text>
      </Box>
      <Box style={{ flex: 1, display: 'flex' }}>
        {view === 'day'
          ? Array.from({ length: 13 }, (_, h) => (
              <Box
                key={h}
                style={{ flex: 1, borderLeft: '1px solid var(--mantine-color-default-border)' }}
                px={4}
                py={6}
              >
                <Text size="xs" c="dimmed">
                  {String(7 + h).padStart(2, '0')}:00
                </Text>
              </Box>
            ))
          : days.map((d, i) => (
              <Box
                key={d}
                style={{
                  flex: weights[i],
                  minWidth: 0,
                  borderLeft: '1px solid var(--mantine-color-default-border)',
                }}
                px={4}
                py={6}
              >
                <Text
                  size="xs"
                  fw={d === parisDay(new Date()) ? 700 : 500}
                  component="button"
                  style={{ background: 'none', border: 0, cursor: 'pointer', padding: 0 }}
                  onClick={() => setSearch({ day: d, view: 'day' })}
                >
                  {dayLabel(d)}
                </Text>
              </Box>
            ))}
      </Box>
    </Group>
  );
}

/** A technician's name and zones, the first column of his row. */
export function TechnicianLabel({ t, width }: { t: BoardOut['technicians'][number]; width: number }) {
  return (
    <Box w={width} p={6} style={{ flexShrink: 0 }}>
      <Text size="sm" fw={500} truncate>
        {t.name}
      </Text>
      <Text size="xs" c="dimmed" truncate>
        {[t.homeDepartment, ...t.zones.filter((z) => z !== t.homeDepartment)].filter(Boolean).join(', ') ||
          '—'}
      </Text>
    </Box>
  );
}
