import { Anchor, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { perform } from '../sync.ts';
import type { SectionProps } from './field-helpers.ts';
import { interventionLinks } from '../../interventions/api.ts';

type Props = SectionProps & { finish: () => Promise<void> };

/** Leaving the site, finishing or declaring a failure; the PV once finished. */
export function FinishSection({ it, canEdit, busy, run, finish }: Props) {
  const [failing, setFailing] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      {canEdit && (
        <Stack gap="xs" mt="md">
          {it.status === 'sur_site' && !it.checkOutAt && (
            <Button
              size="lg"
              variant="default"
              onClick={() => run(() => perform(it.id, 'check_out', undefined, 'Départ du site'))}
            >
              Départ du site
            </Button>
          )}
          <Button size="xl" color="green" onClick={finish} loading={busy} disabled={it.status !== 'sur_site'}>
            Terminer l’intervention
          </Button>
          {failing ? (
            <Paper withBorder p="sm">
              <Textarea
                label="Raison de l’échec"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <Group mt="xs" justify="flex-end">
                <Button variant="default" onClick={() => setFailing(false)}>
                  Annuler
                </Button>
                <Button
                  color="red"
                  disabled={!reason.trim()}
                  onClick={() =>
                    run(() => perform(it.id, 'fail', { reason: reason.trim() }, 'Intervention échouée'))
                  }
                >
                  Déclarer l’échec
                </Button>
              </Group>
            </Paper>
          ) : (
            ['en_route', 'sur_site'].includes(it.status) && (
              <Button variant="subtle" color="red" onClick={() => setFailing(true)}>
                Intervention impossible…
              </Button>
            )
          )}
        </Stack>
      )}
      {it.status === 'terminee' && (
        <Paper withBorder p="sm" bg="green.0">
          <Text fw={600} c="green.9">
            Intervention terminée.
          </Text>
          <Text size="sm">
            {it.pvFileId ? (
              <Anchor href={interventionLinks.pv(it.id)}>Télécharger le procès-verbal de recette</Anchor>
            ) : (
              'Le procès-verbal de recette sera envoyé au client dès la synchronisation.'
            )}
          </Text>
        </Paper>
      )}
    </>
  );
}
