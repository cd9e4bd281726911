import { notifications } from '@mantine/notifications';
import { type DragEvent, type KeyboardEvent, type MouseEvent, useEffect, useRef, useState } from 'react';
import type {
  BoardIntervention,
  BoardOut,
  ConflictOut,
  PlanningCheckOut,
} from '../../../../shared/schemas/interventions.ts';
import { ApiError } from '../../../app/api.ts';
import { interventionApi } from '../../interventions/api.ts';
import { parisDay, parisInstant, timeLabel } from '../../interventions/shared.tsx';
import {
  dayEndMin,
  dayLabel,
  dayStartMin,
  type Dragged,
  minutesInParis,
  type Pending,
  type Slot,
  snap,
  span,
  type View,
} from './board-layout.ts';

/** Drag and drop on the board with live conflict detection: the dragged card, the slot under it, the drop. */
export function useBoardDrag(days: string[], refresh: () => Promise<void>) {
  const dragged = useRef<Dragged | null>(null);
  const [hover, setHover] = useState<Slot | null>(null);
  const [check, setCheck] = useState<{ key: string; result: PlanningCheckOut | null } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  /** Click-to-plan: the intervention chosen (queue or board), then the dialog's technician and day. */
  const [selected, setSelected] = useState<Dragged | null>(null);
  const [planning, setPlanning] = useState<{ technicianId: string; day: string; minutes?: number } | null>(
    null,
  );
  const hoverKey = hover ? `${hover.technicianId}|${hover.start}` : null;

  useEffect(() => {
    const d = dragged.current;
    if (!hover || !d || !hoverKey) return;
    const timer = setTimeout(async () => {
      setCheck({ key: hoverKey, result: null });
      try {
        const result = await interventionApi.check({
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
      await interventionApi.schedule(p.card.id, {
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

  /** Plans `d` on this technician at `start` (drop or click-to-plan); conflicts open the modal. */
  async function scheduleAt(d: Dragged, technicianId: string, start: string) {
    setSelected(null);
    await save({ card: d.card, ...targetTechs(d, technicianId), start, conflicts: [] });
  }

  async function drop(e: DragEvent<HTMLDivElement>, technicianId: string) {
    e.preventDefault();
    const d = dragged.current;
    dragged.current = null;
    setHover(null);
    setCheck(null);
    if (!d) return;
    await scheduleAt(d, technicianId, slotAt(e, technicianId, d.card.plannedMinutes).start);
  }

  /** Week view: a drop on a technician's day keeps the card's time, or takes his first free time. */
  async function dropOnDay(e: DragEvent<HTMLDivElement>, technicianId: string, day: string, b: BoardOut) {
    e.preventDefault();
    const d = dragged.current;
    dragged.current = null;
    setHover(null);
    if (!d) return;
    await scheduleAt(d, technicianId, startOnDay(b, d.card, technicianId, day));
  }

  async function dropOnQueue(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    const d = dragged.current;
    dragged.current = null;
    setHover(null);
    if (d) await backToQueue(d);
  }

  /** A planned intervention goes back to the queue (drop on the queue, or « Remettre à planifier »). */
  async function backToQueue(d: Dragged) {
    setSelected(null);
    if (!d.fromTechnicianId) return;
    try {
      await interventionApi.unschedule(d.card.id);
      notifications.show({ message: `${d.card.number} remise dans la file à planifier.` });
    } catch (err) {
      notifications.show({ color: 'red', message: (err as Error).message });
    }
    await refresh();
  }
  const hoverResult = check && hoverKey === check.key ? check.result : null;
  return {
    dragged,
    hover,
    setHover,
    hoverKey,
    hoverResult,
    pending,
    setPending,
    reason,
    setReason,
    saving,
    save,
    drop,
    dropOnDay,
    dropOnQueue,
    backToQueue,
    scheduleAt,
    targetTechs,
    selected,
    setSelected,
    planning,
    setPlanning,
    slotAt,
  };
}

export type BoardDrag = ReturnType<typeof useBoardDrag>;

/**
 * Where a card lands on a technician's day when only the day is chosen: its own time of day when
 * it is planned, else right after his last intervention of that day (08:00 on a free day).
 */
export function startOnDay(b: BoardOut, card: BoardIntervention, technicianId: string, day: string): string {
  if (card.plannedStart) return parisInstant(day, minutesInParis(card.plannedStart)).toISOString();
  const ends = b.interventions
    .filter(
      (i) =>
        i.id !== card.id &&
        i.plannedStart &&
        i.technicianIds.includes(technicianId) &&
        parisDay(new Date(i.plannedStart)) === day,
    )
    .map((i) => minutesInParis(i.plannedStart!) + i.plannedMinutes);
  const after = Math.ceil(Math.max(8 * 60, ...ends) / snap) * snap;
  return parisInstant(day, Math.min(after, dayEndMin - snap)).toISOString();
}

/** What a technician's row and its cards get from the board. */
export type RowPartProps = {
  t: BoardOut['technicians'][number];
  days: string[];
  view: View;
  canDrag: boolean;
  drag: BoardDrag;
};

/**
 * What makes an intervention card choosable (click, tap, Enter or Space: click-to-plan), draggable
 * (drag and drop) and openable (double click), wherever it is: queue, day row, week cell.
 */
export function cardProps(
  drag: BoardDrag,
  card: BoardIntervention,
  fromTechnicianId: string | null,
  canDrag: boolean,
  open: () => void,
) {
  const { dragged, setHover, selected, setSelected } = drag;
  const isSelected = selected?.card.id === card.id;
  const select = () => setSelected(isSelected ? null : { card, fromTechnicianId });
  return {
    role: 'button',
    tabIndex: 0,
    'aria-pressed': isSelected,
    draggable: canDrag,
    onDragStart: (e: DragEvent<HTMLElement>) => {
      dragged.current = { card, fromTechnicianId };
      e.dataTransfer.setData('text/plain', card.id);
      e.dataTransfer.effectAllowed = 'move';
    },
    onDragEnd: () => {
      dragged.current = null;
      setHover(null);
    },
    onClick: (e: MouseEvent) => {
      e.stopPropagation();
      select();
    },
    onDoubleClick: open,
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      e.stopPropagation();
      select();
    },
  } as const;
}
