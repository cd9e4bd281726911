import { Box, Group, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import {
  type AbsenceKind,
  absenceKindLabels,
  interventionStatusLabels,
} from '../../../../shared/interventions.ts';
import type { BoardIntervention, BoardOut } from '../../../../shared/schemas/interventions.ts';
import { addDays, parisDay, parisInstant, timeLabel } from '../../interventions/shared.tsx';
import { colorVars, dayEndMin, dayStartMin, longDay } from './board-layout.ts';
import { cardProps, type RowPartProps, startOnDay } from './use-board-drag.ts';
import { TechnicianLabel } from './board-header.tsx';

type Props = RowPartProps & { b: BoardOut; weights: number[] };

const endLabel = (c: BoardIntervention) =>
  timeLabel(new Date(new Date(c.plannedStart!).getTime() + c.plannedMinutes * 60_000));

/** What a week block says in full (screen readers, hover). */
export const cardSummary = (c: BoardIntervention) =>
  `${c.number} · ${c.clientName}${c.siteCity ? ` (${c.siteCity})` : ''}${c.plannedStart ? ` · ${timeLabel(new Date(c.plannedStart))} – ${endLabel(c)}` : ''} · ${c.title} · ${interventionStatusLabels[c.status]}${c.conflictOverride ? ' · planifiée malgré un conflit' : ''}`;

/**
 * Week view, one technician: a cell per day listing his interventions in order as readable blocks
 * (time, client, city), his absences, and — while an intervention is selected — a button to plan it
 * there (click, tap or keyboard).
 */
export function WeekRow({ t, b, days, weights, canDrag, drag }: Props) {
  const navigate = useNavigate();
  const { dragged, hover, setHover, hoverResult, dropOnDay, selected, setPlanning } = drag;
  const targetColor = hoverResult ? (hoverResult.conflicts.length ? 'red' : 'green') : 'blue';
  return (
    <Group
      wrap="nowrap"
      gap={0}
      align="stretch"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <TechnicianLabel t={t} width={150} />
      {days.map((d, i) => {
        const cards = b.interventions
          .filter(
            (c) =>
              c.technicianIds.includes(t.id) && c.plannedStart && parisDay(new Date(c.plannedStart)) === d,
          )
          .sort((x, y) => x.plannedStart!.localeCompare(y.plannedStart!));
        const dayFrom = parisInstant(d, dayStartMin).toISOString();
        const dayTo = parisInstant(d, dayEndMin).toISOString();
        const away = b.absences.filter(
          (a) => a.technicianId === t.id && a.startsAt < dayTo && a.endsAt > dayFrom,
        );
        const hovering = hover?.technicianId === t.id && parisDay(new Date(hover.start)) === d;
        const pickable = selected !== null;
        const label = `Planifier ${selected?.card.number ?? ''} ici : ${t.name}, ${longDay.format(new Date(`${d}T12:00:00Z`))}`;
        return (
          <Box
            key={d}
            data-testid={`planning-cell-${t.id}-${d}`}
            role={pickable ? 'button' : undefined}
            tabIndex={pickable ? 0 : undefined}
            aria-label={pickable ? label : undefined}
            onClick={pickable ? () => setPlanning({ technicianId: t.id, day: d }) : undefined}
            onKeyDown={
              pickable
                ? (e) => {
                    if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
                    e.preventDefault();
                    setPlanning({ technicianId: t.id, day: d });
                  }
                : undefined
            }
            onDragOver={(e) => {
              if (!canDrag || !dragged.current) return;
              e.preventDefault();
              if (!hovering)
                setHover({ technicianId: t.id, start: startOnDay(b, dragged.current.card, t.id, d) });
            }}
            onDragLeave={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node))
                setHover((h) => (h?.technicianId === t.id && parisDay(new Date(h.start)) === d ? null : h));
            }}
            onDrop={(e) => void dropOnDay(e, t.id, d, b)}
            style={{
              flex: weights[i],
              minWidth: 0,
              minHeight: 58,
              padding: 3,
              borderLeft: '1px solid var(--mantine-color-default-border)',
              outline: hovering ? `2px solid var(--mantine-color-${targetColor}-filled)` : undefined,
              outlineOffset: -2,
              cursor: pickable ? 'copy' : undefined,
              background: pickable ? 'var(--mantine-color-blue-light)' : undefined,
            }}
          >
            <Stack gap={3}>
              {away.map((a) => (
                <Text
                  key={a.id}
                  size="xs"
                  fw={600}
                  px={4}
                  py={2}
                  data-testid="planning-absence"
                  style={{
                    backgroundImage:
                      'repeating-linear-gradient(45deg, var(--mantine-color-gray-2) 0 6px, transparent 6px 12px)',
                    border: '1px dashed var(--mantine-color-gray-6)',
                    borderRadius: 4,
                  }}
                >
                  {absenceKindLabels[a.kind as AbsenceKind] ?? a.kind}
                  {a.endsAt < parisInstant(addDays(d, 1), 0).toISOString() && a.endsAt > dayFrom
                    ? ` jusqu’à ${timeLabel(new Date(a.endsAt))}`
                    : ''}
                </Text>
              ))}
              {cards.map((c) => {
                return (
                  <Box
                    key={c.id}
                    data-testid={`planning-card-${c.number}`}
                    aria-label={cardSummary(c)}
                    title={cardSummary(c)}
                    {...cardProps(
                      drag,
                      c,
                      t.id,
                      canDrag,
                      () => void navigate({ to: `/interventions/${c.id}` as string }),
                    )}
                    style={{
                      ...colorVars(c.status),
                      borderRadius: 4,
                      padding: '2px 5px',
                      cursor: canDrag ? 'grab' : 'pointer',
                      fontSize: 'var(--mantine-font-size-xs)',
                      lineHeight: 1.3,
                      outline:
                        selected?.card.id === c.id ? '2px solid var(--mantine-color-blue-filled)' : undefined,
                    }}
                  >
                    <div style={{ fontWeight: 700 }}>
                      {c.conflictOverride ? '⚠ ' : ''}
                      {timeLabel(new Date(c.plannedStart!))} – {endLabel(c)}
                    </div>
                    {/* The whole name, on as many lines as it takes: a cut name is a guess for ADV. */}
                    <div style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>{c.clientName}</div>
                    <div style={{ color: 'var(--mantine-color-dimmed)', overflowWrap: 'anywhere' }}>
                      {c.remote ? 'À distance' : (c.siteCity ?? '—')}
                    </div>
                  </Box>
                );
              })}
            </Stack>
          </Box>
        );
      })}
    </Group>
  );
}
