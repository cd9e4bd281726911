import { Affix, Button, CloseButton, Group, Paper, Stack, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { CallCard } from '../../../shared/schemas/search.ts';
import { can, useMe } from '../../app/auth.ts';
import { useLiveEvent } from '../notifications/use-live-events.ts';
import { formatPhone } from '../../../shared/phone.ts';
import { plural } from '../../../shared/plural.ts';

/**
 * The caller card: shown at once when the telephony platform signals a call for this user
 * (`call.incoming`, published to this user only). « Nouveau ticket » (for who may create tickets) opens
 * the ticket form prefilled.
 */
export function CallPopup() {
  const [card, setCard] = useState<CallCard | null>(null);
  const navigate = useNavigate();
  const me = useMe();
  useLiveEvent('call.incoming', (ev) => setCard(ev.payload as unknown as CallCard));
  if (!card) return null;
  const number = formatPhone(card.fromE164 ?? card.from);
  return (
    <Affix position={{ bottom: 16, right: 16 }} zIndex={400} w="min(360px, calc(100vw - 32px))">
      <Paper withBorder shadow="lg" p="md" radius="md" role="alertdialog" aria-label="Appel entrant">
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap">
            <Text size="xs" fw={700} c="blue" tt="uppercase">
              Appel entrant · {number}
            </Text>
            <CloseButton aria-label="Fermer" size="sm" onClick={() => setCard(null)} />
          </Group>
          {card.client ? (
            <>
              <Text fw={700} size="lg">
                {card.client.name}
              </Text>
              {card.contact && (
                <Text size="sm">
                  {card.contact.name}
                  {card.contact.jobTitle ? ` · ${card.contact.jobTitle}` : ''}
                </Text>
              )}
              {(card.site || card.client.city) && (
                <Text size="sm" c="dimmed">
                  {card.site
                    ? `Site : ${card.site.name}${card.site.city ? `, ${card.site.city}` : ''}`
                    : card.client.city}
                </Text>
              )}
              <Text size="sm" c="dimmed">
                {card.openTickets.length === 0
                  ? 'Aucun ticket ouvert'
                  : plural(card.openTickets.length, 'ticket ouvert')}
              </Text>
              {card.otherClients.length > 0 && (
                <Text size="xs" c="dimmed">
                  Ce numéro correspond aussi à : {card.otherClients.map((c) => c.name).join(', ')}
                </Text>
              )}
              <Group gap="xs" mt={4}>
                <Button
                  size="xs"
                  onClick={() => {
                    const id = card.client!.id;
                    setCard(null);
                    void navigate({ to: '/clients/$clientId', params: { clientId: id } });
                  }}
                >
                  Ouvrir la fiche
                </Button>
                {can(me, 'tickets', 'create') && (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => {
                      const search = {
                        clientId: card.client!.id,
                        contactId: card.contact?.id,
                        siteId: card.site?.id,
                        channel: 'telephone' as const,
                      };
                      setCard(null);
                      void navigate({ to: '/tickets/nouveau', search });
                    }}
                  >
                    Nouveau ticket
                  </Button>
                )}
              </Group>
            </>
          ) : (
            <Text size="sm">Numéro inconnu : aucun client ni contact ne correspond.</Text>
          )}
        </Stack>
      </Paper>
    </Affix>
  );
}
