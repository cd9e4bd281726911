import {
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { roleLabels } from '../../shared/permissions.ts';
import { NotificationBell } from '../modules/notifications/notification-bell.tsx';
import { CallPopup } from '../modules/calls/call-popup.tsx';
import { SearchLauncher } from '../modules/search/search-launcher.tsx';
import { authApi } from '../modules/auth/api.ts';
import { forgetOfflineData, useMe } from './auth.ts';
import { offlineFieldApp } from './offline.ts';
import { visibleNavItems } from './nav.ts';

function initials(name: string) {
  return name
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** The signed-in frame: header with user menu, navigation built from the effective permissions. */
export function Shell() {
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const items = visibleNavItems(me);
  const main = items.filter((i) => !i.group);
  const admin = items.filter((i) => i.group === 'admin');
  // Once per signed-in user: the offline field app for those who use it (offline.ts).
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the user, not on each /auth/me refresh.
  useEffect(() => offlineFieldApp(me), [me.user.id]);
  const isActive = (to: string) => (to === '/' ? pathname === '/' : pathname.startsWith(to));

  const logout = async () => {
    try {
      await authApi.logout();
    } catch {
      // The session may already be dead; the login page is the right place either way.
    }
    // Nothing of this user stays on a shared phone but the actions not yet sent.
    const queued = await forgetOfflineData(me.user.id);
    if (queued > 0) {
      notifications.show({
        color: 'yellow',
        message: `${queued} action${queued > 1 ? 's' : ''} de terrain reste${queued > 1 ? 'nt' : ''} à envoyer : elle${queued > 1 ? 's' : ''} partir${queued > 1 ? 'ont' : 'a'} à votre prochaine connexion sur cet appareil.`,
      });
    }
    queryClient.clear();
    queryClient.setQueryData(['me'], null);
    notifications.show({ message: 'Vous êtes déconnecté.' });
    await navigate({ to: '/connexion', search: { redirect: undefined } });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      {!me.totpEnrollmentRequired && <CallPopup />}
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Ouvrir le menu" />
            <Text component={Link} to="/" fw={700} size="lg" c="blue.7" style={{ textDecoration: 'none' }}>
              Relais
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {!me.totpEnrollmentRequired && <SearchLauncher />}
            {!me.totpEnrollmentRequired && <NotificationBell />}
            <Menu position="bottom-end" width={240}>
              <Menu.Target>
                <UnstyledButton aria-label="Menu utilisateur" data-testid="user-menu">
                  <Group gap="xs" wrap="nowrap">
                    <Avatar color="blue" radius="xl" size="sm">
                      {initials(me.user.name)}
                    </Avatar>
                    <div style={{ lineHeight: 1.1 }}>
                      <Text size="sm" fw={500} visibleFrom="xs">
                        {me.user.name}
                      </Text>
                      <Text size="xs" c="dimmed" visibleFrom="xs">
                        {roleLabels[me.user.role]}
                      </Text>
                    </div>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.user.email}</Menu.Label>
                <Menu.Item component={Link} to="/compte">
                  Mon compte
                </Menu.Item>
                <Menu.Item color="red" onClick={logout}>
                  Se déconnecter
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Navigation principale">
        <ScrollArea>
          {main.map((i) => (
            <NavLink
              key={i.to}
              component={Link}
              to={i.to}
              label={i.label}
              active={isActive(i.to)}
              onClick={close}
            />
          ))}
          {admin.length > 0 && (
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
              Administration
            </Text>
          )}
          {admin.map((i) => (
            <NavLink
              key={i.to}
              component={Link}
              to={i.to}
              label={i.label}
              active={isActive(i.to)}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
