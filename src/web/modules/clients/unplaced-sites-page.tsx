import { Anchor, Button, Card, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { UnplacedSiteOut } from '../../../shared/schemas/client-records.ts';
import { clientApi, clientKeys, clientQueries } from './api.ts';
import { mapKeys } from '../map/api.ts';
import { can, useMe } from '../../app/auth.ts';
import { ErrorAlert, LoadingBlock, PageHeader } from '../../ui/feedback.tsx';
import { GeocodeBadge } from './sites-tab.tsx';

/** Sites the geocoder could not place (never put at 0,0): fix their address from the client page. */
export function UnplacedSitesPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery(clientQueries.unplacedSites());
  const geocode = useMutation({
    mutationFn: (s: UnplacedSiteOut) => clientApi.geocodeSite(s),
    onSuccess: async (_, s) => {
      notifications.show({
        color: 'green',
        message: `« ${s.name} » sera géocodé à nouveau dans un instant.`,
      });
      await queryClient.invalidateQueries({ queryKey: clientKeys.unplacedSites });
      await queryClient.invalidateQueries({ queryKey: mapKeys.points });
    },
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  });
  const mayGeocode = can(me, 'clients', 'update');
  return (
    <Stack>
      <PageHeader title="Sites non localisés" />
      <Text size="sm" c="dimmed">
        Sites que la Base Adresse Nationale n’a pas pu placer sur la carte. Corrigez l’adresse depuis la fiche
        du client : elle sera géocodée à nouveau.
      </Text>
      {query.isPending && <LoadingBlock />}
      <ErrorAlert error={query.error} title="Liste indisponible" />
      {query.isSuccess && query.data.length === 0 && <Text c="dimmed">Tous les sites sont localisés.</Text>}
      {query.isSuccess && query.data.length > 0 && (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Client</Table.Th>
                  <Table.Th>Site</Table.Th>
                  <Table.Th>Adresse</Table.Th>
                  <Table.Th>État</Table.Th>
                  {mayGeocode && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.map((s) => (
                  <Table.Tr key={s.id} data-testid="unplaced-site">
                    <Table.Td>
                      <Anchor component={Link} to={`/clients/${s.clientId}`} size="sm">
                        {s.clientName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>
                      {[s.addressLine, [s.postalCode, s.city].filter(Boolean).join(' ')]
                        .filter(Boolean)
                        .join(', ') || '—'}
                    </Table.Td>
                    <Table.Td>
                      <GeocodeBadge status={s.geocodeStatus} />
                    </Table.Td>
                    {mayGeocode && (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="light"
                          loading={geocode.isPending && geocode.variables?.id === s.id}
                          onClick={() => geocode.mutate(s)}
                        >
                          Géocoder
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
