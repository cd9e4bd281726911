import { Anchor, Badge, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { departmentOf } from '../../../shared/geo.ts';
import type { ClientOut } from '../../../shared/schemas/clients.ts';
import { clientQueries } from './api.ts';
import { TelLink } from './records-ui.tsx';

/** Account managers of the clients the user can see (shared with the list filter). */
export function useAccountManagers() {
  return useQuery(clientQueries.accountManagers());
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
      <Text span size="sm" c="dimmed">
        {label} :{' '}
      </Text>
      {children}
    </Text>
  );
}

/** Key facts under the client's name: owner, account manager, how to reach it, where, tags. */
export function ClientKeyFacts({ client: c }: { client: ClientOut }) {
  const managers = useAccountManagers();
  const manager = c.accountManagerId
    ? (managers.data?.items.find((m) => m.id === c.accountManagerId)?.name ?? '…')
    : 'Aucun';
  const dept = departmentOf(c.postalCode);
  const place = [c.city ?? c.postalCode, dept ? `(${dept})` : null].filter(Boolean).join(' ');
  return (
    <Group gap="md" mt={4} style={{ rowGap: 4 }} data-testid="client-key-facts">
      <Fact label="Partenaire">
        {c.partnerName ?? (
          <Badge variant="light" color="teal" size="sm" tt="none">
            Client direct
          </Badge>
        )}
      </Fact>
      <Fact label="Chargé de compte">{manager}</Fact>
      {c.phone && (
        <Fact label="Tél.">
          <TelLink phone={c.phone} e164={null} />
        </Fact>
      )}
      {c.email && (
        <Fact label="E-mail">
          <Anchor size="sm" href={`mailto:${c.email}`}>
            {c.email}
          </Anchor>
        </Fact>
      )}
      {place && <Fact label="Lieu">{place}</Fact>}
      {c.tags.length > 0 && (
        <Group gap={4}>
          {c.tags.map((t) => (
            <Badge
              key={t}
              variant="light"
              color="gray"
              size="sm"
              tt="none"
              renderRoot={(props) => <Link {...props} to="/clients" search={{ tag: t }} />}
              style={{ cursor: 'pointer' }}
            >
              {t}
            </Badge>
          ))}
        </Group>
      )}
    </Group>
  );
}
