import { Badge, Card, Group, ScrollArea, Stack, Text } from '@mantine/core';
import type { DragEvent } from 'react';
import type { BoardOut } from '../../../../shared/schemas/interventions.ts';
import { durationLabel } from '../../interventions/shared.tsx';
import type { BoardDrag } from './use-board-drag.ts';

/** The interventions to plan: dragged onto a row to plan, a planned card dropped here goes back. */
export function PlanningQueue({
  b,
  canDrag,
  drag: { dragged, setHover, dropOnQueue },
}: {
  b: BoardOut;
  canDrag: boolean;
  drag: BoardDrag;
}) {
  return (
    <Card
      withBorder
      w={250}
      p="sm"
      style={{ flexShrink: 0 }}
      data-testid="planning-queue"
      onDragOver={(e) => {
        if (dragged.current?.fromTechnicianId) e.preventDefault();
      }}
      onDrop={(e) => void dropOnQueue(e)}
    >
      <Group justify="space-between" mb="xs">
        <Text fw={600}>À planifier</Text>
        <Badge variant="light" color="gray">
          {b.queue.length}
        </Badge>
      </Group>
      <ScrollArea.Autosize mah="70vh">
        <Stack gap={6}>
          {b.queue.length === 0 && (
            <Text size="sm" c="dimmed">
              Rien à planifier.
            </Text>
          )}
          {b.queue.map((c) => (
            <Card
              key={c.id}
              withBorder
              p={6}
              data-testid={`queue-card-${c.number}`}
              draggable={canDrag}
              onDragStart={(e: DragEvent<HTMLDivElement>) => {
                dragged.current = { card: c, fromTechnicianId: null };
                e.dataTransfer.setData('text/plain', c.id);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragEnd={() => {
                dragged.current = null;
                setHover(null);
              }}
              style={{ cursor: canDrag ? 'grab' : undefined }}
            >
              <Group justify="space-between" wrap="nowrap" gap={4}>
                <Text size="xs" fw={600}>
                  {c.number}
                </Text>
                <Text size="xs" c="dimmed">
                  {durationLabel(c.plannedMinutes)}
                </Text>
              </Group>
              <Text size="sm" lineClamp={1}>
                {c.title}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={1}>
                {c.clientName}
                {c.remote
                  ? ' · à distance'
                  : c.siteCity
                    ? ` · ${c.siteCity}${c.siteDepartment ? ` (${c.siteDepartment})` : ''}`
                    : ''}
              </Text>
              {c.skills.length > 0 && (
                <Group gap={4} mt={2}>
                  {c.skills.map((s) => (
                    <Badge key={s.id} size="xs" variant="outline">
                      {s.name}
                    </Badge>
                  ))}
                </Group>
              )}
            </Card>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Card>
  );
}
