import { Badge, Card, Group, ScrollArea, Stack, Text } from '@mantine/core';
import type { BoardOut } from '../../../../shared/schemas/interventions.ts';
import { durationLabel } from '../../interventions/shared.tsx';
import { type BoardDrag, cardProps } from './use-board-drag.ts';
import { useNavigate } from '@tanstack/react-router';

/** The interventions to plan: dragged onto a row to plan, a planned card dropped here goes back. */
export function PlanningQueue({
  b,
  canDrag,
  layout,
  drag,
}: {
  b: BoardOut;
  canDrag: boolean;
  /** Beside the board (day view), above it in a scrolling strip (week view), or stacked (phone). */
  layout: 'side' | 'top' | 'stack';
  drag: BoardDrag;
}) {
  const navigate = useNavigate();
  const { dragged, dropOnQueue } = drag;
  const Items = layout === 'top' ? Group : Stack;
  const list = (
    <Items gap={6} wrap="nowrap" align="stretch" pb={layout === 'top' ? 6 : 0}>
      {b.queue.length === 0 && (
        <Text size="sm" c="dimmed">
          Rien à planifier.
        </Text>
      )}
      {b.queue.map((c) => {
        return (
          <Card
            key={c.id}
            withBorder
            p={6}
            w={layout === 'top' ? 230 : undefined}
            data-testid={`queue-card-${c.number}`}
            aria-label={`${c.number} · ${c.title} · ${c.clientName}${c.siteCity ? ` (${c.siteCity})` : ''} : choisir pour planifier`}
            {...cardProps(
              drag,
              c,
              null,
              canDrag,
              () => void navigate({ to: `/interventions/${c.id}` as string }),
            )}
            style={{
              cursor: canDrag ? 'grab' : 'pointer',
              flexShrink: 0,
              outline:
                drag.selected?.card.id === c.id ? '2px solid var(--mantine-color-blue-filled)' : undefined,
            }}
          >
            <Group justify="space-between" wrap="nowrap" gap={4}>
              <Text size="xs" fw={600}>
                {c.number}
              </Text>
              <Text size="xs" c="dimmed">
                {durationLabel(c.plannedMinutes)}
              </Text>
            </Group>
            <Text size="sm" lineClamp={2}>
              {c.title}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
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
        );
      })}
    </Items>
  );
  return (
    <Card
      withBorder
      w={layout === 'side' ? 250 : undefined}
      p="sm"
      style={{ flexShrink: 0, minWidth: 0 }}
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
      {layout === 'top' ? (
        <ScrollArea type="auto">{list}</ScrollArea>
      ) : (
        <ScrollArea.Autosize mah={layout === 'side' ? '70vh' : undefined}>{list}</ScrollArea.Autosize>
      )}
    </Card>
  );
}
