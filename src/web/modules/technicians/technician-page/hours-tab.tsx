import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { weekdayLabels, weekdays, type Weekday } from '../../../../shared/schemas/client-records.ts';
import type { TechnicianDetailOut } from '../../../../shared/schemas/technicians.ts';
import { ApiError } from '../../../app/api.ts';
import { technicianApi } from '../api.ts';
import { type Hours, useInvalidate } from './shared.ts';

export function HoursTab({ t }: { t: TechnicianDetailOut }) {
  const invalidate = useInvalidate();
  const phone = useMediaQuery('(max-width: 35.99em)');
  const initial = (t.workingHours ?? {}) as Hours;
  const [hours, setHours] = useState<Hours>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const editable = t.abilities.update === true;
  const save = useMutation({
    mutationFn: () => {
      const clean: Hours = {};
      for (const d of weekdays) if (hours[d]?.length) clean[d] = hours[d];
      return technicianApi.update(t.id, { workingHours: clean });
    },
    onSuccess: async () => {
      setErrors({});
      await invalidate();
      notifications.show({ color: 'green', message: 'Horaires enregistrés.' });
    },
    onError: (e) => setErrors(e instanceof ApiError ? e.fieldErrors() : {}),
  });
  const setSlot = (d: Weekday, i: number, k: 0 | 1, v: string) =>
    setHours({
      ...hours,
      [d]: (hours[d] ?? []).map((s, j) => (j === i ? (k === 0 ? [v, s[1]] : [s[0], v]) : s)),
    });
  return (
    <Stack gap="xs">
      {weekdays.map((d) => {
        const slots = hours[d] ?? [];
        const dayError = Object.entries(errors).find(([p]) => p.startsWith(`workingHours.${d}`))?.[1];
        return (
          <Paper key={d} withBorder p="xs" data-testid={`hours-${d}`}>
            <Group justify="space-between" wrap={phone ? 'wrap' : 'nowrap'} align="center">
              <Text fw={500} w={90}>
                {weekdayLabels[d]}
              </Text>
              <Group gap="xs" style={{ flex: 1 }} wrap="wrap">
                {slots.length === 0 && <Text c="dimmed">Repos</Text>}
                {slots.map((s, i) =>
                  editable ? (
                    <Group key={i} gap={4} wrap="nowrap">
                      <TextInput
                        size="xs"
                        w={72}
                        placeholder="08:00"
                        maxLength={5}
                        inputMode="numeric"
                        aria-label={`${weekdayLabels[d]} plage ${i + 1} début`}
                        value={s[0]}
                        onChange={(e) => setSlot(d, i, 0, e.currentTarget.value)}
                      />
                      <Text>–</Text>
                      <TextInput
                        size="xs"
                        w={72}
                        placeholder="08:00"
                        maxLength={5}
                        inputMode="numeric"
                        aria-label={`${weekdayLabels[d]} plage ${i + 1} fin`}
                        value={s[1]}
                        onChange={(e) => setSlot(d, i, 1, e.currentTarget.value)}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="sm"
                        aria-label={`Retirer la plage ${i + 1} du ${weekdayLabels[d].toLowerCase()}`}
                        onClick={() => setHours({ ...hours, [d]: slots.filter((_, j) => j !== i) })}
                      >
                        ✕
                      </ActionIcon>
                    </Group>
                  ) : (
                    <Badge key={i} variant="light" size="lg">
                      {s[0]}–{s[1]}
                    </Badge>
                  ),
                )}
              </Group>
              {editable && slots.length < 4 && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() =>
                    setHours({
                      ...hours,
                      [d]: [...slots, slots.length === 0 ? ['08:00', '12:00'] : ['13:30', '17:30']],
                    })
                  }
                >
                  + plage
                </Button>
              )}
            </Group>
            {dayError && (
              <Text size="xs" c="red">
                {dayError}
              </Text>
            )}
          </Paper>
        );
      })}
      {editable && (
        <Group justify="flex-end">
          <Button onClick={() => save.mutate()} loading={save.isPending}>
            Enregistrer les horaires
          </Button>
        </Group>
      )}
    </Stack>
  );
}
