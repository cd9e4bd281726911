import { Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useMe } from '../../app/auth.ts';
import { PositionSharing, parisTime, StatusBadge, SyncBanner } from './field-ui.tsx';
import { startField, useField } from './sync.ts';

const dayTitle = (i: number, date: string) =>
  i === 0
    ? 'Aujourd’hui'
    : i === 1
      ? 'Demain'
      : new Date(`${date}T12:00:00Z`).toLocaleDateString('fr-FR', {
          weekday: 'long',
          day: 'numeric',
          month: 'long',
        });

/** « Ma journée »: the technician's interventions of the next 7 days, available offline. */
export function FieldPage() {
  const me = useMe();
  const s = useField();
  useEffect(() => {
    void startField(me.user.id);
  }, [me.user.id]);

  return (
    <Stack gap="md" maw={600} mx="auto">
      <Title order={2}>Ma journée</Title>
      <SyncBanner />
      {!s.data && !s.loaded && (
        <Group justify="center" p="xl">
          <Loader />
        </Group>
      )}
      {!s.data && s.loaded && (
        <Text c="dimmed">
          Aucune donnée : connectez-vous une fois au réseau pour charger vos interventions.
        </Text>
      )}
      {s.data?.days.map((d, i) => (
        <Stack key={d.date} gap="xs">
          <Title order={3} size="h4">
            {dayTitle(i, d.date)}
          </Title>
          {d.items.length === 0 && <Text c="dimmed">Aucune intervention.</Text>}
          {d.items.map((it) => (
            <Card
              key={it.id}
              withBorder
              radius="md"
              p="md"
              component={Link}
              to={`/terrain/${it.id}`}
              data-testid="field-item"
              style={{ textDecoration: 'none', color: 'inherit', minHeight: 72 }}
            >
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text fw={700} size="lg">
                    {parisTime(it.plannedStart)} · {it.client.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {it.remote ? 'À distance' : [it.site?.city, it.site?.name].filter(Boolean).join(' — ')}
                  </Text>
                  <Text size="sm">{it.title}</Text>
                </div>
                <StatusBadge status={it.status} />
              </Group>
            </Card>
          ))}
        </Stack>
      ))}
      <PositionSharing />
    </Stack>
  );
}
