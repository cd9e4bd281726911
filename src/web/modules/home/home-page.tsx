import { Badge, Card, Flex, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { actionLabels, moduleLabels, modules, roleLabels } from '../../../shared/permissions.ts';
import { useMe } from '../../app/auth.ts';
import { visibleNavItems } from '../../app/nav.ts';

/** Home: who I am, what my role lets me do, and the modules I can open. */
export function HomePage() {
  const me = useMe();
  const hour = new Date().getHours();
  const links = visibleNavItems(me).filter((i) => i.to !== '/');
  return (
    <Stack>
      <div>
        <Title order={2}>
          {hour < 18 ? 'Bonjour' : 'Bonsoir'} {me.user.name.split(' ')[0]}
        </Title>
        <Text c="dimmed">{roleLabels[me.user.role]}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {links.map((l) => (
          <Card key={l.to} component={Link} to={l.to} withBorder padding="lg">
            <Text fw={600}>{l.label}</Text>
            <Text size="sm" c="dimmed">
              {l.group === 'admin' ? 'Administration' : 'Ouvrir le module'}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      <Card withBorder>
        <Text fw={600} mb="xs">
          Vos droits
        </Text>
        <Stack gap={6}>
          {modules
            .filter((m) => me.permissions[m]?.length)
            .map((m) => (
              <Flex
                key={m}
                gap={6}
                direction={{ base: 'column', sm: 'row' }}
                align={{ base: 'flex-start', sm: 'center' }}
              >
                <Text size="sm" w={160} fw={500}>
                  {moduleLabels[m]}
                </Text>
                <Group gap={6}>
                  {me.permissions[m]!.map((a) => (
                    <Badge key={a} variant="light" size="sm">
                      {actionLabels[a as keyof typeof actionLabels]}
                    </Badge>
                  ))}
                  {me.scopes[m] === 'own' && (
                    <Badge color="orange" variant="light" size="sm">
                      Les siens uniquement
                    </Badge>
                  )}
                </Group>
              </Flex>
            ))}
        </Stack>
      </Card>
    </Stack>
  );
}
