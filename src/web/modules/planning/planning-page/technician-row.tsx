import { Box, Group, Text } from '@mantine/core';
import { absenceKindLabels, type AbsenceKind } from '../../../../shared/interventions.ts';
import type { BoardOut } from '../../../../shared/schemas/interventions.ts';
import { parisInstant, timeLabel } from '../../interventions/shared.tsx';
import { dayEndMin, dayStartMin, position, snap } from './board-layout.ts';
import type { RowPartProps } from './use-board-drag.ts';
import { BoardCard } from './board-card.tsx';
import { TechnicianLabel } from './board-header.tsx';

type Props = RowPartProps & { b: BoardOut; weights?: number[] };

/** Day view, one technician's row: absences, the drop target while dragging, the planned interventions. */
export function TechnicianRow({ t, b, days, view, canDrag, drag }: Props) {
  const { dragged, hover, setHover, hoverResult, drop, slotAt, selected, setPlanning } = drag;
  const pickable = selected !== null;
  /** Click-to-plan in the day view: the row's time under the pointer (keyboard: the dialog's default). */
  const pick = (minutes?: number) => setPlanning({ technicianId: t.id, day: days[0]!, minutes });
  const targetColor = hoverResult ? (hoverResult.conflicts.length ? 'red' : 'green') : 'gray';
  const cards = b.interventions.filter((i) => i.technicianIds.includes(t.id) && i.plannedStart);
  const away = b.absences.filter((a) => a.technicianId === t.id);
  const hovering = hover?.technicianId === t.id;
  const ghost =
    hovering && dragged.current ? position(days, hover!.start, dragged.current.card.plannedMinutes) : null;
  return (
    <Group wrap="nowrap" gap={0} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <TechnicianLabel t={t} width={160} />
      <Box
        data-testid={`planning-row-${t.id}`}
        aria-label={pickable ? `Planifier ${selected.card.number} ici : ${t.name}` : `Planning de ${t.name}`}
        role={pickable ? 'button' : undefined}
        tabIndex={pickable ? 0 : undefined}
        onClick={
          pickable
            ? (e) => {
                const r = e.currentTarget.getBoundingClientRect();
                const raw = dayStartMin + ((e.clientX - r.left) / r.width) * (dayEndMin - dayStartMin);
                pick(Math.min(Math.max(Math.floor(raw / snap) * snap, dayStartMin), dayEndMin - snap));
              }
            : undefined
        }
        onKeyDown={
          pickable
            ? (e) => {
                if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
                e.preventDefault();
                pick();
              }
            : undefined
        }
        style={{
          flex: 1,
          position: 'relative',
          height: 50,
          cursor: pickable ? 'copy' : undefined,
          backgroundColor: pickable ? 'var(--mantine-color-blue-light)' : undefined,
          outline: hovering ? `2px solid var(--mantine-color-${targetColor}-filled)` : undefined,
          outlineOffset: -2,
          backgroundImage:
            'linear-gradient(to right, var(--mantine-color-default-border) 1px, transparent 1px)',
          backgroundSize: `${100 / 13}% 100%`,
        }}
        onDragOver={(e) => {
          if (!canDrag || !dragged.current) return;
          e.preventDefault();
          const s = slotAt(e, t.id, dragged.current.card.plannedMinutes);
          if (s.start !== hover?.start || s.technicianId !== hover?.technicianId) setHover(s);
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node))
            setHover((h) => (h?.technicianId === t.id ? null : h));
        }}
        onDrop={(e) => void drop(e, t.id)}
      >
        {away.flatMap((a) =>
          days.map((d) => {
            const s = new Date(
              Math.max(new Date(a.startsAt).getTime(), parisInstant(d, dayStartMin).getTime()),
            );
            const e = new Date(Math.min(new Date(a.endsAt).getTime(), parisInstant(d, dayEndMin).getTime()));
            if (e <= s) return null;
            const pos = position(days, s.toISOString(), (e.getTime() - s.getTime()) / 60_000);
            if (!pos) return null;
            return (
              <Box
                key={`${a.id}-${d}`}
                data-testid="planning-absence"
                style={{
                  position: 'absolute',
                  top: 2,
                  bottom: 2,
                  left: `${pos.left}%`,
                  width: `${pos.width}%`,
                  backgroundImage:
                    'repeating-linear-gradient(45deg, var(--mantine-color-gray-3) 0 6px, transparent 6px 12px)',
                  border: '1px dashed var(--mantine-color-gray-6)',
                  borderRadius: 4,
                  pointerEvents: 'none',
                  overflow: 'hidden',
                }}
              >
                <Text
                  size="xs"
                  c="dark"
                  fw={600}
                  px={4}
                  style={{
                    background: 'var(--mantine-color-body)',
                    display: 'inline-block',
                    opacity: 0.9,
                  }}
                >
                  {absenceKindLabels[a.kind as AbsenceKind] ?? a.kind}
                </Text>
              </Box>
            );
          }),
        )}
        {ghost && (
          <Box
            data-testid="planning-drop-target"
            data-conflicts={hoverResult ? hoverResult.conflicts.length : ''}
            style={{
              position: 'absolute',
              top: 2,
              bottom: 2,
              left: `${ghost.left}%`,
              width: `${ghost.width}%`,
              background: `var(--mantine-color-${targetColor}-light)`,
              border: `2px dashed var(--mantine-color-${targetColor}-filled)`,
              borderRadius: 4,
              pointerEvents: 'none',
              zIndex: 3,
            }}
          >
            <Text size="xs" px={4}>
              {timeLabel(new Date(hover!.start))}
            </Text>
          </Box>
        )}
        {cards.map((c) => (
          <BoardCard key={c.id} c={c} t={t} days={days} view={view} canDrag={canDrag} drag={drag} />
        ))}
      </Box>
    </Group>
  );
}
