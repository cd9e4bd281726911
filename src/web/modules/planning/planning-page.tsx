import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Center,
  Group,
  List,
  Loader,
  Modal,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import {
  absenceKindLabels,
  type AbsenceKind,
  conflictKindLabels,
  type InterventionStatus,
  interventionStatusColors,
  interventionStatusLabels,
} from '../../../shared/interventions.ts';
import type {
  BoardIntervention,
  BoardOut,
  ConflictOut,
  PlanningCheckOut,
} from '../../../shared/schemas/interventions.ts';
import { ApiError, del, get, post, put, qs } from '../../app/api.ts';
import { useMe } from '../../app/auth.ts';
import { useLiveEvent, useLiveEventsOpen } from '../notifications/use-live-events.ts';
import {
  addDays,
  durationLabel,
  InterventionStatusBadge,
  mondayOf,
  parisDay,
  parisInstant,
  timeLabel,
} from '../interventions/shared.tsx';

/** Hours shown on the board (Paris time): 07:00 → 20:00, snapping to 30 minutes. */
const dayStartMin = 7 * 60;
const dayEndMin = 20 * 60;
const span = dayEndMin - dayStartMin;
const snap = 30;

type View = 'day' | 'week';
type Slot = { technicianId: string; start: string };
type Dragged = { card: BoardIntervention; fromTechnicianId: string | null };
type Pending = {
  card: BoardIntervention;
  technicianIds: string[];
  leadTechnicianId: string;
  start: string;
  conflicts: ConflictOut[];
};

const dayHeader = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  weekday: 'short',
  day: '2-digit',
  month: '2-digit',
});
const longDay = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const dayLabel = (day: string) => dayHeader.format(new Date(`${day}T12:00:00Z`));

function minutesInParis(iso: string) {
  const d = new Date(iso);
  const p = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(d)
    .split(':');
  return Number(p[0]) * 60 + Number(p[1]);
}

/** Horizontal position (percent of the row) of a Paris instant on the board, or null when outside. */
function position(days: string[], iso: string, minutes: number, minFraction = 0) {
  const d = days.indexOf(parisDay(new Date(iso)));
  if (d < 0) return null;
  const start = Math.max(dayStartMin, minutesInParis(iso));
  const end = Math.min(dayEndMin, minutesInParis(iso) + minutes);
  if (end <= start) return null;
  const w = 100 / days.length;
  const left = d * w + ((start - dayStartMin) / span) * w;
  // Week view: a card stays readable (a third of the day at least), within its day.
  const width = Math.min(Math.max(((end - start) / span) * w, 0.6, minFraction * w), (d + 1) * w - left);
  return { left, width };
}

function colorVars(status: string) {
  const c = interventionStatusColors[status as InterventionStatus] ?? 'gray';
  return {
    background: `var(--mantine-color-${c}-light)`,
    borderColor: `var(--mantine-color-${c}-filled)`,
    borderLeft: `3px solid var(--mantine-color-${c}-filled)`,
  };
}

/** The planning board: technicians as rows, hours or days as columns, the queue beside it. */
export function PlanningPage() {
  const me = useMe();
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
    enabled: me.user.role !== 'partenaire',
    queryFn: () =>
      get<BoardOut>(
        `/planning/board${qs({ from, to, department: search.department || undefined, skillId: search.skillId || undefined })}`,
      ),
  });
  const skills = useQuery({
    queryKey: ['skills'],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/skills'),
    retry: false,
    enabled: me.user.role !== 'partenaire',
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['planning-board'] });
  useLiveEvent('intervention.changed', () => void refresh());
  useLiveEventsOpen(() => void refresh());

  // Drag and drop with live conflict detection.
  const dragged = useRef<Dragged | null>(null);
  const [hover, setHover] = useState<Slot | null>(null);
  const [check, setCheck] = useState<{ key: string; result: PlanningCheckOut | null } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const hoverKey = hover ? `${hover.technicianId}|${hover.start}` : null;

  useEffect(() => {
    const d = dragged.current;
    if (!hover || !d || !hoverKey) return;
    const timer = setTimeout(async () => {
      setCheck({ key: hoverKey, result: null });
      try {
        const result = await post<PlanningCheckOut>('/planning/check', {
          interventionId: d.card.id,
          technicianIds: targetTechs(d, hover.technicianId).technicianIds,
          plannedStart: hover.start,
          plannedMinutes: d.card.plannedMinutes,
        });
        setCheck((c) => (c?.key === hoverKey ? { key: hoverKey, result } : c));
      } catch {
        setCheck(null);
      }
    }, 150);
    return () => clearTimeout(timer);
  }, [hoverKey]);

  function targetTechs(d: Dragged, target: string) {
    if (!d.fromTechnicianId) return { technicianIds: [target], leadTechnicianId: target };
    const ids = [...new Set(d.card.technicianIds.map((t) => (t === d.fromTechnicianId ? target : t)))];
    const lead =
      d.card.leadTechnicianId === d.fromTechnicianId || !d.card.leadTechnicianId
        ? target
        : d.card.leadTechnicianId;
    return { technicianIds: ids, leadTechnicianId: ids.includes(lead) ? lead : ids[0]! };
  }

  function slotAt(e: DragEvent<HTMLDivElement>, technicianId: string, minutes: number): Slot {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = Math.min(Math.max(e.clientX - rect.left, 0), rect.width - 1);
    const perDay = rect.width / days.length;
    const d = Math.floor(x / perDay);
    const raw = dayStartMin + ((x - d * perDay) / perDay) * span;
    const snapped = Math.round(raw / snap) * snap;
    const m = Math.min(Math.max(snapped, dayStartMin), Math.max(dayStartMin, dayEndMin - minutes));
    return { technicianId, start: parisInstant(days[d]!, m).toISOString() };
  }

  async function save(p: Pending, overrideReason?: string) {
    setSaving(true);
    try {
      await put(`/interventions/${p.card.id}/schedule`, {
        technicianIds: p.technicianIds,
        leadTechnicianId: p.leadTechnicianId,
        plannedStart: p.start,
        plannedMinutes: p.card.plannedMinutes,
        version: p.card.version,
        ...(overrideReason ? { overrideReason } : {}),
      });
      setPending(null);
      setReason('');
      notifications.show({
        color: 'green',
        message: `${p.card.number} planifiée le ${dayLabel(parisDay(new Date(p.start)))} à ${timeLabel(new Date(p.start))}.`,
      });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'schedule_conflict') {
        setPending({ ...p, conflicts: e.details as unknown as ConflictOut[] });
      } else {
        notifications.show({ color: 'red', message: (e as Error).message });
        setPending(null);
      }
    } finally {
      setSaving(false);
      await refresh();
    }
  }

  async function drop(e: DragEvent<HTMLDivElement>, technicianId: string) {
    e.preventDefault();
    const d = dragged.current;
    dragged.current = null;
    setHover(null);
    setCheck(null);
    if (!d) return;
    const slot = slotAt(e, technicianId, d.card.plannedMinutes);
    const techs = targetTechs(d, technicianId);
    await save({ card: d.card, ...techs, start: slot.start, conflicts: [] });
  }

  async function dropOnQueue(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    const d = dragged.current;
    dragged.current = null;
    setHover(null);
    if (!d?.fromTechnicianId) return;
    try {
      await del(`/interventions/${d.card.id}/schedule`);
      notifications.show({ message: `${d.card.number} remise dans la file à planifier.` });
    } catch (err) {
      notifications.show({ color: 'red', message: (err as Error).message });
    }
    await refresh();
  }

  if (me.user.role === 'partenaire') {
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
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Group gap="xs">
        {!phone && (
          <SegmentedControl
            value={view}
            onChange={(v) => setSearch({ view: v })}
            data={[
              { value: 'day', label: 'Jour' },
              { value: 'week', label: 'Semaine' },
            ]}
          />
        )}
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Période précédente"
          onClick={() => setSearch({ day: addDays(day, view === 'day' ? -1 : -7) })}
        >
          ‹
        </ActionIcon>
        <Button variant="default" onClick={() => setSearch({ day: parisDay(new Date()) })}>
          Aujourd’hui
        </Button>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label="Période suivante"
          onClick={() => setSearch({ day: addDays(day, view === 'day' ? 1 : 7) })}
        >
          ›
        </ActionIcon>
        <Text fw={600} data-testid="planning-period">
          {view === 'day'
            ? longDay.format(new Date(`${day}T12:00:00Z`))
            : `Semaine du ${dayLabel(days[0]!)} au ${dayLabel(days[6]!)}`}
        </Text>
      </Group>
      <Group gap="xs">
        <TextInput
          placeholder="Département"
          aria-label="Département"
          w={120}
          value={department}
          onChange={(e) => {
            const v = e.currentTarget.value.toUpperCase();
            setDepartment(v);
            if (v === '' || /^(\d{2,3}|2A|2B)$/.test(v)) setSearch({ department: v || undefined });
          }}
        />
        <Select
          placeholder="Compétence"
          aria-label="Compétence"
          w={200}
          clearable
          searchable
          data={(skills.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={search.skillId ?? null}
          onChange={(v) => setSearch({ skillId: v ?? undefined })}
        />
      </Group>
    </Group>
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

  const hoverResult = check && hoverKey === check.key ? check.result : null;
  const targetColor = hoverResult ? (hoverResult.conflicts.length ? 'red' : 'green') : 'gray';
  const minWidth = view === 'day' ? 13 * 44 : 7 * 96;

  return (
    <Stack gap="sm">
      <Title order={2}>Planning</Title>
      {toolbar}
      <Group align="start" wrap="nowrap" gap="md">
        <Card withBorder p={0} style={{ flex: 1, minWidth: 0 }}>
          <ScrollArea type="auto">
            <Box style={{ minWidth: minWidth + 160 }} data-testid="planning-board">
              {/* Column headers */}
              <Group
                wrap="nowrap"
                gap={0}
                style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
              >
                <Box w={160} p={6} style={{ flexShrink: 0 }}>
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
                    : days.map((d) => (
                        <Box
                          key={d}
                          style={{ flex: 1, borderLeft: '1px solid var(--mantine-color-default-border)' }}
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
              {b.technicians.length === 0 && (
                <Text c="dimmed" p="md">
                  Aucun technicien ne correspond à ces filtres.
                </Text>
              )}
              {b.technicians.map((t) => {
                const cards = b.interventions.filter((i) => i.technicianIds.includes(t.id) && i.plannedStart);
                const away = b.absences.filter((a) => a.technicianId === t.id);
                const hovering = hover?.technicianId === t.id;
                const ghost =
                  hovering && dragged.current
                    ? position(days, hover!.start, dragged.current.card.plannedMinutes)
                    : null;
                return (
                  <Group
                    key={t.id}
                    wrap="nowrap"
                    gap={0}
                    style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
                  >
                    <Box w={160} p={6} style={{ flexShrink: 0 }}>
                      <Text size="sm" fw={500} truncate>
                        {t.name}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {[t.homeDepartment, ...t.zones.filter((z) => z !== t.homeDepartment)]
                          .filter(Boolean)
                          .join(', ') || '—'}
                      </Text>
                    </Box>
                    <Box
                      data-testid={`planning-row-${t.id}`}
                      aria-label={`Planning de ${t.name}`}
                      style={{
                        flex: 1,
                        position: 'relative',
                        height: 50,
                        outline: hovering
                          ? `2px solid var(--mantine-color-${targetColor}-filled)`
                          : undefined,
                        outlineOffset: -2,
                        backgroundImage:
                          view === 'day'
                            ? 'linear-gradient(to right, var(--mantine-color-default-border) 1px, transparent 1px)'
                            : 'linear-gradient(to right, var(--mantine-color-default-border) 1px, transparent 1px)',
                        backgroundSize: view === 'day' ? `${100 / 13}% 100%` : `${100 / 7}% 100%`,
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
                          const e = new Date(
                            Math.min(new Date(a.endsAt).getTime(), parisInstant(d, dayEndMin).getTime()),
                          );
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
                      {cards.map((c) => {
                        const pos = position(
                          days,
                          c.plannedStart!,
                          c.plannedMinutes,
                          view === 'week' ? 0.3 : 0,
                        );
                        if (!pos) return null;
                        return (
                          <div
                            key={c.id}
                            title={`${c.number} · ${c.title} · ${c.clientName}${c.siteCity ? ` (${c.siteCity})` : ''} · ${timeLabel(new Date(c.plannedStart!))} · ${durationLabel(c.plannedMinutes)} · ${interventionStatusLabels[c.status]}${c.conflictOverride ? ' · planifiée malgré un conflit' : ''}`}
                            data-testid={`planning-card-${c.number}`}
                            draggable={canDrag}
                            onDragStart={(e) => {
                              dragged.current = { card: c, fromTechnicianId: t.id };
                              e.dataTransfer.setData('text/plain', c.id);
                              e.dataTransfer.effectAllowed = 'move';
                            }}
                            onDragEnd={() => {
                              dragged.current = null;
                              setHover(null);
                            }}
                            role="button"
                            tabIndex={0}
                            onClick={() => navigate({ to: `/interventions/${c.id}` as string })}
                            onKeyDown={(e) => {
                              if (e.key === 'Enter')
                                void navigate({ to: `/interventions/${c.id}` as string });
                            }}
                            style={{
                              position: 'absolute',
                              top: 4,
                              bottom: 4,
                              left: `${pos.left}%`,
                              width: `${pos.width}%`,
                              ...colorVars(c.status),
                              borderRadius: 4,
                              padding: '2px 4px',
                              overflow: 'hidden',
                              cursor: canDrag ? 'grab' : 'pointer',
                              zIndex: 2,
                              fontSize: 'var(--mantine-font-size-xs)',
                              lineHeight: 1.35,
                              whiteSpace: 'nowrap',
                              textOverflow: 'ellipsis',
                            }}
                          >
                            <div style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                              {c.conflictOverride ? '⚠ ' : ''}
                              {c.clientName}
                            </div>
                            <div
                              style={{
                                color: 'var(--mantine-color-dimmed)',
                                overflow: 'hidden',
                                textOverflow: 'ellipsis',
                              }}
                            >
                              {timeLabel(new Date(c.plannedStart!))} · {c.number}
                            </div>
                          </div>
                        );
                      })}
                    </Box>
                  </Group>
                );
              })}
            </Box>
          </ScrollArea>
        </Card>
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
      </Group>
      {hover && hoverResult && (hoverResult.conflicts.length > 0 || hoverResult.notices.length > 0) && (
        <Alert color={hoverResult.conflicts.length ? 'red' : 'gray'} p="xs" data-testid="planning-live-check">
          {[...hoverResult.conflicts.map((c) => c.message), ...hoverResult.notices].join(' · ')}
        </Alert>
      )}
      <Modal
        opened={pending !== null && pending.conflicts.length > 0}
        onClose={() => setPending(null)}
        title="Ce créneau pose problème"
        size="lg"
      >
        {pending && (
          <Stack data-testid="conflict-modal">
            <Text size="sm">
              {pending.card.number} — {pending.card.title}, le {dayLabel(parisDay(new Date(pending.start)))} à{' '}
              {timeLabel(new Date(pending.start))} :
            </Text>
            <List spacing={6} size="sm">
              {pending.conflicts.map((c, n) => (
                <List.Item key={n}>
                  <Text size="sm" fw={600} span>
                    {conflictKindLabels[c.code]} :
                  </Text>{' '}
                  {c.message}
                </List.Item>
              ))}
            </List>
            {b.canOverride && (
              <Textarea
                label="Motif pour forcer"
                description="Obligatoire (5 caractères au moins), enregistré dans le journal."
                autosize
                minRows={2}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)}>
                Annuler
              </Button>
              {b.canOverride && (
                <Button
                  color="orange"
                  disabled={reason.trim().length < 5}
                  loading={saving}
                  onClick={() => void save(pending, reason.trim())}
                >
                  Forcer avec motif
                </Button>
              )}
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

/** Phone: one card per technician with the day's interventions and absences (no drag). */
function PhoneDayList({ board, day, toolbar }: { board: BoardOut; day: string; toolbar: React.ReactNode }) {
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
