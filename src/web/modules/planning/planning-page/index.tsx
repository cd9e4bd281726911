import { Alert, Box, Card, Center, Group, Loader, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import type { BoardOut } from '../../../../shared/schemas/interventions.ts';
import { get, qs } from '../../../app/api.ts';
import { capable, useMe } from '../../../app/auth.ts';
import { useLiveEvent, useLiveEventsOpen } from '../../notifications/use-live-events.ts';
import { addDays, mondayOf, parisDay, parisInstant } from '../../interventions/shared.tsx';
import type { View } from './board-layout.ts';
import { BoardHeader } from './board-header.tsx';
import { ConflictModal } from './conflict-modal.tsx';
import { PhoneDayList } from './phone-day-list.tsx';
import { PlanningQueue } from './planning-queue.tsx';
import { PlanningToolbar } from './planning-toolbar.tsx';
import { TechnicianRow } from './technician-row.tsx';
import { useBoardDrag } from './use-board-drag.ts';

/** The planning board: technicians as rows, hours or days as columns, the queue beside it. */
export function PlanningPage() {
  const me = useMe();
  const staffPlanning = capable(me, 'seeTechnicians');
  const phone = useMediaQuery('(max-width: 47.99em)');
  const search: { day?: string; view?: string; department?: string; skillId?: string } = useSearch({
    strict: false,
  });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const view: View = search.view === 'day' || phone ? 'day' : 'week';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(search.day ?? '') ? search.day! : parisDay(new Date());
  const days = useMemo(
    () => (view === 'day' ? [day] : Array.from({ length: 7 }, (_, i) => addDays(mondayOf(day), i))),
    [view, day],
  );
  const from = parisInstant(days[0]!, 0).toISOString();
  const to = parisInstant(addDays(days[days.length - 1]!, 1), 0).toISOString();
  const [department, setDepartment] = useState(search.department ?? '');
  const setSearch = (patch: Record<string, string | undefined>) =>
    navigate({ to: '/planning' as string, search: { ...search, ...patch } as never, replace: true });
  const boardKey = ['planning-board', from, to, search.department ?? '', search.skillId ?? ''];
  const board = useQuery({
    queryKey: boardKey,
    placeholderData: keepPreviousData,
    enabled: staffPlanning,
    queryFn: () =>
      get<BoardOut>(
        `/planning/board${qs({ from, to, department: search.department || undefined, skillId: search.skillId || undefined })}`,
      ),
  });
  const skills = useQuery({
    queryKey: ['skills'],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/skills'),
    retry: false,
    enabled: staffPlanning,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['planning-board'] });
  useLiveEvent('intervention.changed', () => void refresh());
  useLiveEventsOpen(() => void refresh());
  const drag = useBoardDrag(days, refresh);
  const { hover, hoverResult } = drag;

  if (!staffPlanning) {
    return (
      <Alert color="yellow" title="Planning">
        Le planning n’est pas accessible aux partenaires. Retrouvez les interventions chez vos clients dans{' '}
        <Link to={'/interventions' as string}>la liste des interventions</Link>.
      </Alert>
    );
  }
  const b = board.data;
  const canDrag = !!b?.canSchedule && !phone;
  const toolbar = (
    <PlanningToolbar
      view={view}
      day={day}
      days={days}
      phone={phone}
      department={department}
      setDepartment={setDepartment}
      skills={skills.data?.items ?? []}
      skillId={search.skillId}
      setSearch={setSearch}
    />
  );

  if (!b) {
    return (
      <Stack>
        <Title order={2}>Planning</Title>
        {toolbar}
        {board.isError ? (
          <Alert color="red">{(board.error as Error).message}</Alert>
        ) : (
          <Center py="xl">
            <Loader />
          </Center>
        )}
      </Stack>
    );
  }

  if (phone) return <PhoneDayList board={b} day={day} toolbar={toolbar} />;
  const minWidth = view === 'day' ? 13 * 44 : 7 * 96;

  return (
    <Stack gap="sm">
      <Title order={2}>Planning</Title>
      {toolbar}
      <Group align="start" wrap="nowrap" gap="md">
        <Card withBorder p={0} style={{ flex: 1, minWidth: 0 }}>
          <ScrollArea type="auto">
            <Box style={{ minWidth: minWidth + 160 }} data-testid="planning-board">
              <BoardHeader b={b} view={view} days={days} setSearch={setSearch} />
              {b.technicians.length === 0 && (
                <Text c="dimmed" p="md">
                  Aucun technicien ne correspond à ces filtres.
                </Text>
              )}
              {b.technicians.map((t) => (
                <TechnicianRow key={t.id} t={t} b={b} days={days} view={view} canDrag={canDrag} drag={drag} />
              ))}
            </Box>
          </ScrollArea>
        </Card>
        <PlanningQueue b={b} canDrag={canDrag} drag={drag} />
      </Group>
      {hover && hoverResult && (hoverResult.conflicts.length > 0 || hoverResult.notices.length > 0) && (
        <Alert color={hoverResult.conflicts.length ? 'red' : 'gray'} p="xs" data-testid="planning-live-check">
          {[...hoverResult.conflicts.map((c) => c.message), ...hoverResult.notices].join(' · ')}
        </Alert>
      )}
      <ConflictModal b={b} drag={drag} />
    </Stack>
  );
}
