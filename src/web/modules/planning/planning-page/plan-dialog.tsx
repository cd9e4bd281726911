import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ConflictAlert } from '../../interventions/conflict-list.tsx';
import type { BoardOut, PlanningCheckOut } from '../../../../shared/schemas/interventions.ts';
import { interventionApi } from '../../interventions/api.ts';
import { addDays, durationLabel, parisInstant } from '../../interventions/shared.tsx';
import { dayEndMin, dayStartMin, longDay, minutesInParis, snap } from './board-layout.ts';
import { type BoardDrag, startOnDay } from './use-board-drag.ts';

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * Click-to-plan: the selected intervention, a technician, a day and a time in plain selects (keyboard
 * and touch), the slot checked live as on the board; « Planifier » saves, conflicts open the board's
 * conflict modal (with « Forcer avec motif » for who may).
 */
export function PlanDialog({ b, days, drag }: { b: BoardOut; days: string[]; drag: BoardDrag }) {
  const { selected, planning, setPlanning, scheduleAt, targetTechs } = drag;
  const [technicianId, setTechnicianId] = useState('');
  const [day, setDay] = useState('');
  const [minutes, setMinutes] = useState(8 * 60);
  const [check, setCheck] = useState<PlanningCheckOut | null>(null);
  const opened = planning !== null && selected !== null;

  useEffect(() => {
    if (!planning || !selected) return;
    const tech = planning.technicianId || selected.fromTechnicianId || b.technicians[0]?.id || '';
    const d = planning.day || days[0]!;
    setTechnicianId(tech);
    setDay(d);
    setMinutes(planning.minutes ?? (tech ? minutesInParis(startOnDay(b, selected.card, tech, d)) : 8 * 60));
  }, [planning]);

  const start = day ? parisInstant(day, minutes).toISOString() : '';
  useEffect(() => {
    if (!opened || !technicianId || !start) return;
    setCheck(null);
    let live = true;
    const timer = setTimeout(() => {
      interventionApi
        .check({
          interventionId: selected.card.id,
          technicianIds: targetTechs(selected, technicianId).technicianIds,
          plannedStart: start,
          plannedMinutes: selected.card.plannedMinutes,
        })
        .then((r) => live && setCheck(r))
        .catch(() => live && setCheck(null));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [opened, technicianId, start]);

  const dayChoices = [...new Set([...days, ...Array.from({ length: 14 }, (_, i) => addDays(days[0]!, i))])];
  const times = Array.from({ length: (dayEndMin - dayStartMin) / snap }, (_, i) => dayStartMin + i * snap);
  const close = () => setPlanning(null);
  return (
    <Modal opened={opened} onClose={close} title="Planifier l’intervention" size="lg">
      {selected && (
        <Stack data-testid="plan-dialog">
          <Text size="sm">
            <b>{selected.card.number}</b> — {selected.card.title} · {selected.card.clientName}
            {selected.card.siteCity ? ` (${selected.card.siteCity})` : ''} ·{' '}
            <span style={{ whiteSpace: 'nowrap' }}>{durationLabel(selected.card.plannedMinutes)}</span>
          </Text>
          <NativeSelect
            label="Technicien"
            value={technicianId}
            onChange={(e) => setTechnicianId(e.currentTarget.value)}
            data={b.technicians.map((t) => ({ value: t.id, label: t.name }))}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <NativeSelect
              label="Jour"
              value={day}
              onChange={(e) => setDay(e.currentTarget.value)}
              data={dayChoices.map((d) => ({ value: d, label: longDay.format(new Date(`${d}T12:00:00Z`)) }))}
            />
            <NativeSelect
              label="Heure de début"
              value={String(minutes)}
              onChange={(e) => setMinutes(Number(e.currentTarget.value))}
              data={times.map((m) => ({ value: String(m), label: hhmm(m) }))}
            />
          </SimpleGrid>
          <div aria-live="polite" data-testid="plan-dialog-check">
            {check &&
              (check.conflicts.length ? (
                <ConflictAlert conflicts={check.conflicts} />
              ) : (
                <Alert color="green" p="xs">
                  Créneau libre.{check.notices.length ? ` ${check.notices.join(' · ')}` : ''}
                </Alert>
              ))}
          </div>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Annuler
            </Button>
            <Button
              disabled={!technicianId || !day}
              onClick={() => {
                close();
                void scheduleAt(selected, technicianId, start);
              }}
            >
              Planifier
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
