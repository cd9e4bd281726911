import { Alert, Box, Card, Center, Group, Loader, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { capable, useMe } from '../../../app/auth.ts';
import { useLiveEvent, useLiveEventsOpen } from '../../notifications/use-live-events.ts';
import { boardWindow, interventionQueries, invalidateBoard } from '../../interventions/api.ts';
import { parisDay } from '../../interventions/shared.tsx';
import { technicianQueries } from '../../technicians/api.ts';
import type { PlanningSearchPatch } from './board-layout.ts';
import { BoardHeader } from './board-header.tsx';
import { ConflictModal } from './conflict-modal.tsx';
import { PhoneDayList } from './phone-day-list.tsx';
import { PlanDialog } from './plan-dialog.tsx';
import { SelectionBar } from './selection-bar.tsx';
import { WeekRow } from './week-row.tsx';
import { PlanningQueue } from './planning-queue.tsx';
import { PlanningToolbar } from './planning-toolbar.tsx';
import { TechnicianRow } from './technician-row.tsx';
import { useBoardDrag } from './use-board-drag.ts';

const route = getRouteApi('/app/planning');

/** The planning board: technicians as rows, hours or days as columns, the queue beside it. */
export function PlanningPage() {
  const me = useMe();
  const staffPlanning = capable(me, 'seeTechnicians');
  const phone = useMediaQuery('(max-width: 47.99em)');
  const search = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { view, day, days, from, to } = useMemo(
    () => boardWindow(search, !!phone),
    [search.view, search.day, phone],
  );
  const [department, setDepartment] = useState(search.department ?? '');
  const setSearch = (patch: PlanningSearchPatch) =>
    navigate({ to: '/planning', search: { ...search, ...patch }, replace: true });
  const board = useQuery({
    ...interventionQueries.board({ from, to, department: search.department, skillId: search.skillId }),
    placeholderData: keepPreviousData,
    enabled: staffPlanning,
  });
  const skills = useQuery({ ...technicianQueries.skills(), retry: false, enabled: staffPlanning });
  const refresh = () => invalidateBoard(queryClient);
  useLiveEvent('intervention.changed', () => void refresh());
  useLiveEventsOpen(() => void refresh());
  const drag = useBoardDrag(days, refresh);
  const { hover, hoverResult } = drag;

  if (!staffPlanning) {
    return (
      <Alert color="yellow" title="Planning">
        Le planning n’est pas accessible aux partenaires. Retrouvez les interventions chez vos clients dans{' '}
        <Link to="/interventions">la liste des interventions</Link>.
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

  const clickPlan = (
    <>
      <SelectionBar drag={drag} days={days} />
      <PlanDialog b={b} days={days} drag={drag} />
      <ConflictModal b={b} drag={drag} />
    </>
  );
  if (phone)
    return (
      <PhoneDayList
        board={b}
        day={day}
        toolbar={toolbar}
        setSearch={setSearch}
        queue={b.canSchedule ? <PlanningQueue b={b} canDrag={false} layout="stack" drag={drag} /> : null}
        clickPlan={clickPlan}
        drag={drag}
      />
    );
  const week = view === 'week';
  // Week: a weekend day without any intervention takes half a column, the others share the width.
  const weights = days.map((d) =>
    week &&
    [0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()) &&
    !b.interventions.some((i) => i.plannedStart && parisDay(new Date(i.plannedStart)) === d)
      ? 0.5
      : 1,
  );
  const Row = week ? WeekRow : TechnicianRow;
  const minWidth = week ? 7 * 120 : 13 * 44;
  const queue = b.canSchedule ? (
    <PlanningQueue b={b} canDrag={canDrag} layout={week ? 'top' : 'side'} drag={drag} />
  ) : null;

  return (
    <Stack gap="sm">
      <Title order={2}>Planning</Title>
      {toolbar}
      {week && queue}
      {clickPlan}
      <Group align="start" wrap="nowrap" gap="md">
        <Card withBorder p={0} style={{ flex: 1, minWidth: 0 }}>
          <ScrollArea type="auto">
            <Box style={{ minWidth: minWidth + 160 }} data-testid="planning-board" data-view={view}>
              <BoardHeader b={b} view={view} days={days} weights={weights} setSearch={setSearch} />
              {b.technicians.length === 0 && (
                <Text c="dimmed" p="md">
                  Aucun technicien ne correspond à ces filtres.
                </Text>
              )}
              {b.technicians.map((t) => (
                <Row
                  key={t.id}
                  t={t}
                  b={b}
                  days={days}
                  weights={weights}
                  view={view}
                  canDrag={canDrag}
                  drag={drag}
                />
              ))}
            </Box>
          </ScrollArea>
        </Card>
        {!week && queue}
      </Group>
      {hover && hoverResult && (hoverResult.conflicts.length > 0 || hoverResult.notices.length > 0) && (
        <Alert color={hoverResult.conflicts.length ? 'red' : 'gray'} p="xs" data-testid="planning-live-check">
          {[...hoverResult.conflicts.map((c) => c.message), ...hoverResult.notices].join(' · ')}
        </Alert>
      )}
    </Stack>
  );
}
