import { Anchor, Badge, Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { geocodeStatusLabels } from '../../../../shared/schemas/client-records.ts';
import { type TechnicianDetailOut, technicianKindLabels } from '../../../../shared/schemas/technicians.ts';
import { technicianApi } from '../api.ts';
import { errorMessage } from '../../../ui/feedback.tsx';
import { EditModal } from './edit-modal.tsx';
import { useInvalidate } from './shared.ts';
import { formatPhone } from '../../../../shared/phone.ts';

function PositionSharing({ t }: { t: TechnicianDetailOut }) {
  const invalidate = useInvalidate();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => technicianApi.setPositionSharing(enabled),
    onSuccess: async (r) => {
      await invalidate();
      notifications.show({
        color: r.positionSharing ? 'green' : 'gray',
        message: r.positionSharing
          ? 'Partage de position activé (seulement pendant vos horaires de travail).'
          : 'Partage de position coupé.',
      });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Paper withBorder p="sm">
      <Switch
        checked={t.positionSharing}
        disabled={toggle.isPending}
        onChange={(e) => toggle.mutate(e.currentTarget.checked)}
        label="Partager ma position en direct"
        description="Enregistrée seulement pendant vos horaires de travail, hors absences ; conservée 2 mois ; aucune vitesse n’est gardée. Vous pouvez couper à tout moment."
      />
    </Paper>
  );
}

export function Header({ t }: { t: TechnicianDetailOut }) {
  const [editing, setEditing] = useState(false);
  const home = [t.homeAddress, [t.homePostalCode, t.homeCity].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2}>{t.name}</Title>
            <Badge variant="light" color={t.kind === 'terrain' ? 'blue' : 'grape'}>
              {technicianKindLabels[t.kind]}
            </Badge>
            {!t.active && <Badge color="gray">Désactivé</Badge>}
          </Group>
          <Group gap="md" wrap="wrap">
            {t.phoneE164 ? (
              <Anchor href={`tel:${t.phoneE164}`} data-testid="technician-phone">
                {formatPhone(t.phoneE164 ?? t.phone)}
              </Anchor>
            ) : (
              <Text c="dimmed">Pas de téléphone</Text>
            )}
            <Anchor href={`mailto:${t.email}`}>{t.email}</Anchor>
          </Group>
          <Group gap="xs">
            <Text size="sm">Base : {home || '—'}</Text>
            {home && (
              <Badge
                size="sm"
                variant="light"
                color={
                  t.homeGeocodeStatus === 'ok'
                    ? 'green'
                    : t.homeGeocodeStatus === 'pending'
                      ? 'blue'
                      : 'orange'
                }
              >
                {geocodeStatusLabels[t.homeGeocodeStatus]}
              </Badge>
            )}
          </Group>
        </Stack>
        {t.abilities.update && (
          <Button variant="default" onClick={() => setEditing(true)}>
            Modifier
          </Button>
        )}
      </Group>
      {t.notes && (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
          {t.notes}
        </Text>
      )}
      {t.abilities.sharePosition && <PositionSharing t={t} />}
      {editing && <EditModal t={t} opened onClose={() => setEditing(false)} />}
    </Stack>
  );
}
