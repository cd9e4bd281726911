import { Alert, Button, Card, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { NotificationPreferenceOut } from '../../../shared/schemas/notifications-inbox.ts';
import { ApiError } from '../../app/api.ts';
import { notificationApi, notificationKeys, notificationQueries } from './api.ts';

/** « Mon compte » › Notifications: per type, in the app and/or by email. */
export function NotificationPreferencesCard() {
  const queryClient = useQueryClient();
  const query = useQuery(notificationQueries.preferences());
  const [draft, setDraft] = useState<NotificationPreferenceOut[] | null>(null);
  useEffect(() => {
    if (query.data) setDraft(query.data.items);
  }, [query.data]);
  const save = useMutation({
    mutationFn: (items: NotificationPreferenceOut[]) => notificationApi.savePreferences(items),
    onSuccess: (data) => {
      queryClient.setQueryData(notificationKeys.preferences, data);
      toasts.show({ color: 'green', message: 'Préférences de notification enregistrées.' });
    },
  });
  const set = (type: string, field: 'inApp' | 'email', value: boolean) =>
    setDraft((d) => d?.map((p) => (p.type === type ? { ...p, [field]: value } : p)) ?? d);
  const dirty = JSON.stringify(draft) !== JSON.stringify(query.data?.items);

  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={3} size="h4">
          Notifications
        </Title>
        <Text size="sm" c="dimmed">
          Choisissez, pour chaque événement, s’il apparaît sous la cloche et s’il vous est aussi envoyé par
          e-mail.
        </Text>
        {query.isError ? (
          <Alert color="red">Préférences indisponibles.</Alert>
        ) : query.isPending || !draft ? (
          <Loader size="sm" />
        ) : (
          <Stack gap="md" data-testid="notification-preferences">
            {draft.map((p) => (
              <Group key={p.type} justify="space-between" align="flex-start" gap="sm" wrap="wrap">
                <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
                  <Text size="sm" fw={500}>
                    {p.label}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {p.description}
                  </Text>
                </Stack>
                <Group gap="lg" wrap="nowrap">
                  <Switch
                    label="Dans l’application"
                    checked={p.inApp}
                    onChange={(e) => set(p.type, 'inApp', e.currentTarget.checked)}
                    aria-label={`${p.label} : dans l’application`}
                  />
                  <Switch
                    label="Par e-mail"
                    checked={p.email}
                    disabled={!p.emailAllowed}
                    onChange={(e) => set(p.type, 'email', e.currentTarget.checked)}
                    aria-label={`${p.label} : par e-mail`}
                  />
                </Group>
              </Group>
            ))}
            {save.isError && (
              <Alert color="red" role="alert">
                {save.error instanceof ApiError ? save.error.message : 'Enregistrement impossible.'}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button onClick={() => save.mutate(draft)} loading={save.isPending} disabled={!dirty}>
                Enregistrer
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
