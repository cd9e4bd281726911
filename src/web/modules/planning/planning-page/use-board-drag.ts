import { notifications } from '@mantine/notifications';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import type { BoardOut, ConflictOut, PlanningCheckOut } from '../../../../shared/schemas/interventions.ts';
import { ApiError } from '../../../app/api.ts';
import { interventionApi } from '../../interventions/api.ts';
import { parisDay, parisInstant, timeLabel } from '../../interventions/shared.tsx';
import {
  dayEndMin,
  dayLabel,
  dayStartMin,
  type Dragged,
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
    dropOnQueue,
    slotAt,
  };
}

export type BoardDrag = ReturnType<typeof useBoardDrag>;

/** What a technician's row and its cards get from the board. */
export type RowPartProps = {
  t: BoardOut['technicians'][number];
  days: string[];
  view: View;
  canDrag: boolean;
  drag: BoardDrag;
};
