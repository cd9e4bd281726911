import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { absenceKindLabels, type AbsenceKind } from '../../../../shared/interventions.ts';
import type { BoardOut } from '../../../../shared/schemas/interventions.ts';
import {
  addDays,
  durationLabel,
  InterventionStatusBadge,
  parisDay,
  parisInstant,
  timeLabel,
} from '../../interventions/shared.tsx';
import { colorVars } from './board-layout.ts';

/** Phone: one card per technician with the day's interventions and absences (no drag). */
export function PhoneDayList({
  board,
  day,
  toolbar,
}: {
  board: BoardOut;
  day: string;
  toolbar: React.ReactNode;
}) {
  const inDay = (iso: string) => parisDay(new Date(iso)) === day;
  return (
    <Stack gap="sm">
      <Title order={2}>Planning</Title>
      {toolbar}
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
            <Text fw={600}>{t.name}</Text>
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
      {board.queue.length > 0 && (
        <Text size="sm" c="dimmed">
          {board.queue.length} intervention{board.queue.length > 1 ? 's' : ''} à planifier (sur ordinateur).
        </Text>
      )}
    </Stack>
  );
}
