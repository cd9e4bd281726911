import { Button, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { interventionKindLabels } from '../../../../shared/interventions.ts';
import type { FieldIntervention } from '../../../../shared/schemas/field.ts';
import { parisTime, StatusBadge } from '../field-ui.tsx';
import { mapsUrl } from './field-helpers.ts';
import { formatPhone } from '../../../../shared/phone.ts';

/** Who, what and when; the route and call buttons; the site, its access and contact. */
export function DetailHeader({ it }: { it: FieldIntervention }) {
  const maps = mapsUrl(it);
  const phone = it.contact?.mobile || it.contact?.phone || it.site?.phone || it.client.phone;
  return (
    <>
      <div>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text size="sm" c="dimmed">
              {it.number} · {interventionKindLabels[it.kind]}
              {it.remote ? ' · à distance' : ''}
            </Text>
            <Title order={2} size="h3">
              {it.client.name}
            </Title>
          </div>
          <StatusBadge status={it.status} />
        </Group>
        <Text fw={600}>{it.title}</Text>
        <Text size="sm">
          {parisTime(it.plannedStart)} · {it.plannedMinutes} min prévues
        </Text>
        {it.description && (
          <Text size="sm" c="dimmed" mt={4}>
            {it.description}
          </Text>
        )}
      </div>

      <SimpleGrid cols={2}>
        <Button
          size="lg"
          component="a"
          href={maps ?? undefined}
          target="_blank"
          rel="noreferrer"
          disabled={!maps}
          variant="light"
        >
          Itinéraire
        </Button>
        <Button
          size="lg"
          component="a"
          href={phone ? `tel:${phone.replace(/\s/g, '')}` : undefined}
          disabled={!phone}
          variant="light"
        >
          Appeler
        </Button>
      </SimpleGrid>

      {it.site && (
        <Paper withBorder p="sm" radius="md">
          <Text fw={600}>{it.site.name}</Text>
          <Text size="sm">
            {[it.site.addressLine, [it.site.postalCode, it.site.city].filter(Boolean).join(' ')]
              .filter(Boolean)
              .join(', ')}
          </Text>
          {it.site.accessInstructions && (
            <Text size="sm" c="dimmed" mt={4}>
              Accès : {it.site.accessInstructions}
            </Text>
          )}
          {it.contact && (
            <Text size="sm" mt={4}>
              Contact : {it.contact.name}
              {phone ? ` · ${formatPhone(phone)}` : ''}
            </Text>
          )}
          {it.technicians.length > 1 && (
            <Text size="sm" mt={4}>
              Avec : {it.technicians.map((t) => t.name).join(', ')}
            </Text>
          )}
        </Paper>
      )}
    </>
  );
}
