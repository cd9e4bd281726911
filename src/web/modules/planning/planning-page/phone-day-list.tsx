import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { absenceKindLabels, type AbsenceKind } from '../../../../shared/interventions.ts';
import type { BoardOut } from '../../../../shared/schemas/interventions.ts';
import {
  addDays,
  durationLabel,
  InterventionStatusBadge,
  mondayOf,
  parisDay,
  parisInstant,
  timeLabel,
} from '../../interventions/shared.tsx';
import { colorVars, dayLabel, longDay, type PlanningSearchPatch } from './board-layout.ts';
import type { BoardDrag } from './use-board-drag.ts';

/**
 * Phone: the week as a strip of days (with their counts), then one card per technician with the
 * chosen day's interventions and absences; the queue below, planned by tapping (no drag).
 */
export function PhoneDayList({
  board,
  day,
  toolbar,
  setSearch,
  queue,
  clickPlan,
  drag,
}: {
  board: BoardOut;
  day: string;
  toolbar: React.ReactNode;
  setSearch: (patch: PlanningSearchPatch) => void;
  queue: React.ReactNode;
  clickPlan: React.ReactNode;
  drag: BoardDrag;
}) {
  const inDay = (iso: string) => parisDay(new Date(iso)) === day;
  const week = Array.from({ length: 7 }, (_, i) => addDays(mondayOf(day), i));
  return (
    <Stack gap="sm">
      <Title order={2}>Planning</Title>
      {toolbar}
      <SimpleGrid cols={7} spacing={4} data-testid="planning-week-strip">
        {week.map((d) => {
          const n = board.interventions.filter(
            (i) => i.plannedStart && parisDay(new Date(i.plannedStart)) === d,
          ).length;
          const label = dayLabel(d).split(' ');
          return (
            <Button
              key={d}
              px={0}
              h={52}
              variant={d === day ? 'filled' : 'default'}
              aria-label={`${longDay.format(new Date(`${d}T12:00:00Z`))} : ${n} intervention${n > 1 ? 's' : ''}`}
              aria-pressed={d === day}
              onClick={() => setSearch({ day: d })}
              styles={{ label: { flexDirection: 'column', lineHeight: 1.2 } }}
            >
              <span style={{ fontSize: 11 }}>{label[0]}</span>
              <span style={{ fontSize: 13 }}>{label[1]?.slice(0, 2)}</span>
              <span style={{ fontSize: 10, opacity: 0.8 }}>{n || '·'}</span>
            </Button>
          );
        })}
      </SimpleGrid>
      {clickPlan}
      {board.technicians.map((t) => {
        const cards = board.interventions
          .filter((i) => i.technicianIds.includes(t.id) && i.plannedStart && inDay(i.plannedStart))
          .sort((a, b) => a.plannedStart!.localeCompare(b.plannedStart!));
        const away = board.absences.filter(
          (a) =>
            a.technicianId === t.id &&
            a.startsAt < parisInstant(addDays(day, 1), 0).toISOString() &&
            a.endsAt > parisInstant(day, 0).toISOString(),
        );
        return (
          <Card key={t.id} withBorder p="sm" data-testid={`planning-day-${t.id}`}>
            <Group justify="space-between" wrap="nowrap">
              <Text fw={600}>{t.name}</Text>
              {drag.selected && (
                <Button size="xs" onClick={() => drag.setPlanning({ technicianId: t.id, day })}>
                  Planifier ici
                </Button>
              )}
            </Group>
            {away.map((a) => (
              <Badge key={a.id} color="gray" variant="outline" mt={4}>
                Absent : {absenceKindLabels[a.kind as AbsenceKind] ?? a.kind}
              </Badge>
            ))}
            {cards.length === 0 && away.length === 0 && (
              <Text size="sm" c="dimmed">
                Aucune intervention ce jour.
              </Text>
            )}
            <Stack gap={6} mt={6}>
              {cards.map((c) => (
                <Card
                  key={c.id}
                  withBorder
                  p={6}
                  component={Link}
                  to={`/interventions/${c.id}` as string}
                  style={colorVars(c.status)}
                >
                  <Group justify="space-between" wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {timeLabel(new Date(c.plannedStart!))} · {durationLabel(c.plannedMinutes)}
                    </Text>
                    <InterventionStatusBadge status={c.status} />
                  </Group>
                  <Text size="sm">{c.clientName}</Text>
                  <Text size="xs" c="dimmed">
                    {c.number} · {c.title}
                    {c.siteCity ? ` · ${c.siteCity}` : ''}
                  </Text>
                </Card>
              ))}
            </Stack>
          </Card>
        );
      })}
      {queue}
    </Stack>
  );
}
