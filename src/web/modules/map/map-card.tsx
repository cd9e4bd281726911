import {
  Alert,
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  Paper,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { type MapCardOut, mapLayerLabels } from '../../../shared/schemas/map.ts';
import { capable, useMe } from '../../app/auth.ts';
import { ticketQueries } from '../tickets/api.ts';
import { type MapFilters as Filters, mapQueries } from './api.ts';
import type { MapSelection } from './map-layers.ts';

const km = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('fr-FR');

/**
 * The card of a click: a technician's (`/map/cards/technicians/:id`), or everything of a point
 * layer standing at the clicked spot (`/map/cards/:layer/at`, the page's filters) — one record:
 * its summary; several (sites in one building…): a short list, each opening its summary.
 */
export function MapCard({
  selection,
  filters,
  onClose,
  onShowTechnician,
}: {
  selection: MapSelection;
  filters: Filters;
  onClose: () => void;
  onShowTechnician: (technicianId: string) => void;
}) {
  const layer = selection.layer;
  const cards = useQuery({ ...mapQueries.card(selection, filters), retry: false });
  const [chosen, setChosen] = useState<string | null>(null);
  const items = cards.data?.items ?? [];
  const card = items.length === 1 ? items[0]! : (items.find((c) => c.id === chosen) ?? null);
  const several = items.length > 1;

  return (
    <Paper
      shadow="md"
      radius="md"
      p="sm"
      withBorder
      data-testid="map-card"
      role="dialog"
      aria-label={card ? card.title : mapLayerLabels[layer]}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {mapLayerLabels[layer]}
          </Text>
          {card && (
            <Text fw={700} lineClamp={2}>
              {card.title}
            </Text>
          )}
          {card?.subtitle && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              {card.subtitle}
            </Text>
          )}
          {several && !card && cards.data && (
            <Text fw={700} data-testid="map-card-count">
              {count.format(cards.data.total)} à cet endroit
            </Text>
          )}
        </div>
        <CloseButton aria-label="Fermer la fiche" size="lg" onClick={onClose} />
      </Group>
      {cards.isPending && <Loader size="sm" mt="xs" aria-label="Chargement de la fiche" />}
      {cards.error && (
        <Alert color="red" mt="xs">
          {cards.error.message}
        </Alert>
      )}
      {cards.data && items.length === 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          Plus rien à cet endroit : la carte a changé depuis son chargement. Actualisez la page.
        </Text>
      )}
      {several && !card && cards.data && (
        <ScrollArea.Autosize mah="min(50dvh, 440px)" mt="xs">
          <Stack gap={4} data-testid="map-card-list">
            {items.map((c) => (
              <UnstyledButton
                key={c.id}
                onClick={() => setChosen(c.id)}
                className="relais-map-card-item"
                aria-label={`${c.title}${c.subtitle ? ` — ${c.subtitle}` : ''}`}
              >
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} lineClamp={2}>
                      {c.title}
                    </Text>
                    {c.subtitle && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {c.subtitle}
                      </Text>
                    )}
                  </div>
                  {c.badge && (
                    <Badge color={c.badge.color} variant="light" style={{ flex: '0 0 auto' }}>
                      {c.badge.label}
                    </Badge>
                  )}
                </Group>
              </UnstyledButton>
            ))}
            {cards.data.total > items.length && (
              <Text size="xs" c="dimmed">
                Les {count.format(items.length)} premiers sur {count.format(cards.data.total)} : zoomez ou
                filtrez pour affiner.
              </Text>
            )}
          </Stack>
        </ScrollArea.Autosize>
      )}
      {card && (
        <>
          {several && (
            <Anchor component="button" type="button" size="sm" mt={4} onClick={() => setChosen(null)}>
              ← Retour à la liste ({count.format(items.length)})
            </Anchor>
          )}
          <CardBody card={card} onShowTechnician={onShowTechnician} />
        </>
      )}
    </Paper>
  );
}

/** The summary of one record: badge, French lines, links, and for a ticket its nearby technicians. */
function CardBody({
  card,
  onShowTechnician,
}: {
  card: MapCardOut;
  onShowTechnician: (technicianId: string) => void;
}) {
  const me = useMe();
  const [near, setNear] = useState(false);
  const ticketId = card.ticketId;
  const mayPropose = Boolean(ticketId) && capable(me, 'assignTickets');
  return (
    <ScrollArea.Autosize mah="min(50dvh, 440px)" mt="xs">
      <Stack gap={6}>
        {card.badge && (
          <Badge color={card.badge.color} variant="light">
            {card.badge.label}
          </Badge>
        )}
        {card.lines.map((l, i) => (
          <Group key={`${l.label}-${i}`} gap={6} wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" style={{ flex: '0 0 40%' }}>
              {l.label}
            </Text>
            <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              {l.value}
            </Text>
          </Group>
        ))}
        {card.links.length > 0 && (
          <Group gap="xs" mt={4}>
            {card.links.map((l) => (
              <Button key={l.href} component={Link} to={l.href} size="xs" variant="light">
                {l.label}
              </Button>
            ))}
          </Group>
        )}
        {mayPropose && ticketId && !near && (
          <Button size="xs" variant="outline" onClick={() => setNear(true)}>
            Techniciens proches
          </Button>
        )}
        {mayPropose && ticketId && near && (
          <NearbyTechnicians ticketId={ticketId} onShowTechnician={onShowTechnician} />
        )}
      </Stack>
    </ScrollArea.Autosize>
  );
}

/** Eligible technicians of the ticket's assignment proposal, closest first, with their distance. */
function NearbyTechnicians({
  ticketId,
  onShowTechnician,
}: {
  ticketId: string;
  onShowTechnician: (technicianId: string) => void;
}) {
  const proposal = useQuery({ ...ticketQueries.currentProposal(ticketId), retry: false });
  if (proposal.isPending) return <Loader size="sm" aria-label="Recherche des techniciens proches" />;
  if (proposal.error)
    return (
      <Alert color="red" p="xs">
        {proposal.error.message}
      </Alert>
    );
  const near = proposal.data.candidates
    .filter((c) => c.eligible && c.distanceKm !== null)
    .sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0))
    .slice(0, 5);
  return (
    <Stack gap={4} data-testid="nearby-technicians">
      <Text size="sm" fw={600}>
        Techniciens proches disponibles
      </Text>
      {near.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucun technicien disponible avec une position ou un domicile connu.
        </Text>
      )}
      {near.map((c) => (
        <Group key={c.technicianId} justify="space-between" wrap="nowrap" gap="xs">
          <Anchor component="button" type="button" size="sm" onClick={() => onShowTechnician(c.technicianId)}>
            {c.name}
          </Anchor>
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {km.format(c.distanceKm ?? 0)} km {c.distanceFrom === 'position' ? '(position)' : '(domicile)'}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
