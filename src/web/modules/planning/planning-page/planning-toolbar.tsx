import { ActionIcon, Button, Group, SegmentedControl, Select, Text, TextInput } from '@mantine/core';
import { addDays, parisDay } from '../../interventions/shared.tsx';
import { dayLabel, longDay, type PlanningSearchPatch, type View } from './board-layout.ts';

type Props = {
  view: View;
  day: string;
  days: string[];
  phone: boolean;
  department: string;
  setDepartment: (department: string) => void;
  skills: { id: string; name: string }[];
  skillId: string | undefined;
  setSearch: (patch: PlanningSearchPatch) => void;
};

/** Day or week, previous and next period, filters by department and skill. */
export function PlanningToolbar({
  view,
  day,
  days,
  phone,
  department,
  setDepartment,
  skills,
  skillId,
  setSearch,
}: Props) {
  return (
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
          data={skills.map((s) => ({ value: s.id, label: s.name }))}
          value={skillId ?? null}
          onChange={(v) => setSearch({ skillId: v ?? undefined })}
        />
      </Group>
    </Group>
  );
}
