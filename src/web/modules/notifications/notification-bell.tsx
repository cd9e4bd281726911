import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type {
  NotificationCreatedEvent,
  NotificationOut,
} from '../../../shared/schemas/notifications-inbox.ts';
import { ApiError } from '../../app/api.ts';
import { LoadMore, useKeysetList } from '../../app/keyset.tsx';
import { notificationApi, notificationKeys, notificationQueries } from './api.ts';
import { useLiveEvent, useLiveEventsConnection, useLiveEventsOpen } from './use-live-events.ts';

const relative = new Intl.RelativeTimeFormat('fr', { numeric: 'auto' });
const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' });

/** « il y a 5 minutes », « hier »… ; past a week, the date. */
export function timeAgo(iso: string, now = Date.now()): string {
  const s = Math.round((new Date(iso).getTime() - now) / 1000);
  const a = Math.abs(s);
  if (a < 45) return 'à l’instant';
  if (a < 3600) return relative.format(Math.round(s / 60), 'minute');
  if (a < 86_400) return relative.format(Math.round(s / 3600), 'hour');
  if (a < 7 * 86_400) return relative.format(Math.round(s / 86_400), 'day');
  return `le ${dateFormat.format(new Date(iso))}`;
}

function BellIcon() {
  return (
    <svg
      width="22"
      height="22"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M10 5a2 2 0 1 1 4 0a7 7 0 0 1 4 6v3a4 4 0 0 0 2 3h-16a4 4 0 0 0 2 -3v-3a7 7 0 0 1 4 -6" />
      <path d="M9 17v1a3 3 0 0 0 6 0v-1" />
    </svg>
  );
}

function NotificationItem({ n, onOpen }: { n: NotificationOut; onOpen: (n: NotificationOut) => void }) {
  const unread = n.readAt === null;
  return (
    <UnstyledButton
      onClick={() => onOpen(n)}
      data-testid="notification-item"
      data-unread={unread || undefined}
      px="sm"
      py={10}
      style={{
        display: 'block',
        width: '100%',
        borderBottom: '1px solid var(--mantine-color-gray-2)',
        background: unread ? 'var(--mantine-color-blue-0)' : undefined,
      }}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Box
          mt={6}
          w={8}
          h={8}
          style={{
            flex: 'none',
            borderRadius: '50%',
            background: unread ? 'var(--mantine-color-blue-6)' : 'transparent',
          }}
          aria-label={unread ? 'Non lue' : undefined}
        />
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={unread ? 600 : 400} style={{ overflowWrap: 'anywhere' }}>
            {n.title}
          </Text>
          {n.body && (
            <Text size="xs" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {n.body}
            </Text>
          )}
          <Text size="xs" c="dimmed" title={new Date(n.createdAt).toLocaleString('fr-FR')}>
            {timeAgo(n.createdAt)}
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

/**
 * The bell of the header: unread count, the list of the user's notifications, mark as read, links
 * to the records. New notifications arrive live (Server-Sent Events) with a toast.
 */
export function NotificationBell() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const live = useLiveEventsConnection(true);

  // A refetch every 5 min is the floor in case the live stream is blocked by a proxy.
  const query = useKeysetList(notificationQueries.list(), { refetchInterval: 5 * 60_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationKeys.list });
  useLiveEventsOpen(() => void refresh());
  useLiveEvent('notification.created', (ev) => {
    const { notification } = ev.payload as NotificationCreatedEvent;
    void refresh();
    toasts.show({
      title: 'Nouvelle notification',
      message: notification.title,
      color: 'blue',
      autoClose: 6000,
    });
  });

  const readOne = useMutation({
    mutationFn: (id: string) => notificationApi.read(id),
    onSettled: () => refresh(),
  });
  const readAll = useMutation({
    mutationFn: () => notificationApi.readAll(),
    onSuccess: () => refresh(),
    onError: (e) =>
      toasts.show({ color: 'red', message: e instanceof ApiError ? e.message : 'Action impossible.' }),
  });

  const items = query.items;
  const unread = query.data?.pages[0]?.unreadCount ?? 0;

  const open = async (n: NotificationOut) => {
    if (n.readAt === null) readOne.mutate(n.id);
    setOpened(false);
    if (n.link) await navigate({ href: n.link });
  };

  const label = unread > 0 ? `Notifications (${unread} non lue${unread > 1 ? 's' : ''})` : 'Notifications';
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width="min(380px, calc(100vw - 16px))"
      shadow="md"
      withinPortal
      trapFocus={false}
    >
      <Popover.Target>
        <Box pos="relative" style={{ display: 'inline-flex' }}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            radius="xl"
            aria-label={label}
            data-testid="notification-bell"
            data-live={live || undefined}
            onClick={() => setOpened((o) => !o)}
          >
            <BellIcon />
          </ActionIcon>
          {unread > 0 && (
            <Badge
              size="xs"
              color="red"
              variant="filled"
              circle={unread < 10}
              data-testid="notification-count"
              style={{ position: 'absolute', top: -2, right: -4, pointerEvents: 'none' }}
            >
              {unread > 99 ? '99+' : unread}
            </Badge>
          )}
        </Box>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group
          justify="space-between"
          px="sm"
          py="xs"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            variant="subtle"
            size="compact-xs"
            disabled={unread === 0}
            loading={readAll.isPending}
            onClick={() => readAll.mutate()}
          >
            Tout marquer comme lu
          </Button>
        </Group>
        <ScrollArea.Autosize mah="min(480px, 70vh)" type="auto">
          {query.isPending ? (
            <Center p="md">
              <Loader size="sm" />
            </Center>
          ) : query.isError ? (
            <Alert color="red" m="sm">
              {query.error instanceof ApiError ? query.error.message : 'Notifications indisponibles.'}
            </Alert>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed" p="md" ta="center">
              Aucune notification.
            </Text>
          ) : (
            <div data-testid="notification-list">
              {items.map((n) => (
                <NotificationItem key={n.id} n={n} onOpen={open} />
              ))}
              <LoadMore list={query} label="Plus anciennes" size="xs" />
            </div>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
