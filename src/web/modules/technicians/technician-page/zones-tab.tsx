import { Badge, Button, Group, MultiSelect, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { departmentLabel } from '../../../../shared/regions.ts';
import type { TechnicianDetailOut } from '../../../../shared/schemas/technicians.ts';
import { technicianApi } from '../api.ts';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { departmentOptions } from '../technicians-ui.tsx';
import { useInvalidate } from './shared.ts';

export function ZonesTab({ t }: { t: TechnicianDetailOut }) {
  const invalidate = useInvalidate();
  const [zones, setZones] = useState<string[]>(t.zones);
  const save = useMutation({
    mutationFn: () => technicianApi.update(t.id, { zones }),
    onSuccess: async () => {
      await invalidate();
      notifications.show({ color: 'green', message: 'Zones enregistrées.' });
    },
  });
  if (!t.abilities.update) {
    return t.zones.length === 0 ? (
      <Text c="dimmed">
        Aucune zone : le technicien intervient depuis sa base ({t.homeDepartment ?? '—'}).
      </Text>
    ) : (
      <Group gap="xs">
        {t.zones.map((z) => (
          <Badge key={z} variant="light" size="lg">
            {departmentLabel(z)}
          </Badge>
        ))}
      </Group>
    );
  }
  return (
    <Stack>
      <ErrorAlert error={save.error} withDetails />
      <MultiSelect
        label="Départements couverts"
        description="Le département de la base compte aussi pour les filtres de la liste."
        data={departmentOptions}
        value={zones}
        onChange={setZones}
        searchable
        clearable
      />
      <Group justify="flex-end">
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          Enregistrer les zones
        </Button>
      </Group>
    </Stack>
  );
}
