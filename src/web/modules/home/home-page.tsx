import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { roleLabels } from '../../../shared/permissions.ts';
import { useMe } from '../../app/auth.ts';
import { type NavItem, visibleNavItems } from '../../app/nav.ts';

/** What each page of the menu is for, in a line (only pages that exist are in the menu). */
const purposes: Record<string, string> = {
  '/terrain': 'Vos interventions du jour et des jours suivants.',
  '/clients': 'Fiches clients, sites, contacts et historique.',
  '/techniciens': 'Profils, compétences, zones et disponibilités.',
  '/planning': 'Planifier les interventions des techniciens.',
  '/interventions': 'Interventions sur site et à distance.',
  '/tickets': 'Demandes d’assistance et leurs délais.',
  '/carte': 'Clients, tickets, interventions et techniciens sur la carte.',
};

function PageCard({ item, compact }: { item: NavItem; compact?: boolean }) {
  return (
    <Card component={Link} to={item.to} withBorder padding={compact ? 'sm' : 'lg'}>
      <Text fw={600}>{item.label}</Text>
      {purposes[item.to] && (
        <Text size="sm" c="dimmed">
          {purposes[item.to]}
        </Text>
      )}
    </Card>
  );
}

/**
 * Home, until the dashboards land: who I am and the pages my rights open, each saying what it is
 * for. Nothing about modules that do not exist yet, and no table of rights (admins have « Droits »).
 */
export function HomePage() {
  const me = useMe();
  const hour = new Date().getHours();
  const items = visibleNavItems(me).filter((i) => i.to !== '/');
  const pages = items.filter((i) => i.group !== 'admin');
  const admin = items.filter((i) => i.group === 'admin');
  return (
    <Stack>
      <div>
        <Title order={2}>
          {hour < 18 ? 'Bonjour' : 'Bonsoir'} {me.user.name.split(' ')[0]}
        </Title>
        <Text c="dimmed">{roleLabels[me.user.role]}</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="home-pages">
        {pages.map((l) => (
          <PageCard key={l.to} item={l} />
        ))}
      </SimpleGrid>
      {admin.length > 0 && (
        <Stack gap="xs">
          <Title order={3} size="h4">
            Administration
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="xs">
            {admin.map((l) => (
              <PageCard key={l.to} item={l} compact />
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
