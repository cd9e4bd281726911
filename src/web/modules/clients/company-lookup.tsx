import { Button, Group, Loader, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CompanyCandidateOut } from '../../../shared/schemas/clients.ts';
import { clientQueries } from './api.ts';

/** What to ask the register: the SIRET, else the SIREN, else the name typed in the form. */
export function companyQueryOf(v: { siret: string; siren: string; name: string }): string {
  const siret = v.siret.replace(/\s/g, '');
  const siren = v.siren.replace(/\s/g, '');
  if (/^\d{14}$/.test(siret)) return siret;
  if (/^\d{9}$/.test(siren)) return siren;
  return v.name.trim();
}

/**
 * « Rechercher l'entreprise » (issue 15 item 5): asks the public « Recherche d'entreprises » register
 * through the server and lists the candidates; a click hands one to `onPick`. Hidden when the server
 * has the lookup off.
 */
export function CompanyLookup({
  query,
  onPick,
}: {
  query: string;
  onPick: (c: CompanyCandidateOut) => void;
}) {
  const status = useQuery(clientQueries.companyLookup(''));
  const [asked, setAsked] = useState<string | null>(null);
  const found = useQuery({ ...clientQueries.companyLookup(asked ?? ''), enabled: asked !== null });
  if (!status.data?.enabled) return null;
  const tooShort = query.length < 3;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button
          variant="light"
          size="xs"
          disabled={tooShort}
          loading={found.isFetching}
          onClick={() => setAsked(query)}
        >
          Rechercher l’entreprise
        </Button>
        <Text size="xs" c="dimmed">
          {tooShort
            ? 'Saisissez le SIRET, le SIREN ou la raison sociale.'
            : 'Dans le répertoire public des entreprises ; remplit les champs vides.'}
        </Text>
      </Group>
      {asked !== null && found.isFetching && !found.data && <Loader size="xs" />}
      {asked !== null && found.data?.note && (
        <Text size="sm" c="dimmed" role="status">
          {found.data.note}
        </Text>
      )}
      {asked !== null && found.data && found.data.items.length > 0 && (
        <Stack gap={4} role="list" aria-label="Entreprises trouvées">
          {found.data.items.map((c) => (
            <Paper key={`${c.siren}-${c.siret}`} withBorder p="xs" role="listitem">
              <UnstyledButton
                w="100%"
                onClick={() => {
                  onPick(c);
                  setAsked(null);
                }}
              >
                <Text size="sm" fw={600}>
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {[c.siret ? `SIRET ${c.siret}` : c.siren ? `SIREN ${c.siren}` : null, c.legalFormLabel]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
                <Text size="xs" c="dimmed">
                  {[c.addressLine, [c.postalCode, c.city].filter(Boolean).join(' ')]
                    .filter(Boolean)
                    .join(', ')}
                </Text>
                {c.nafCode && (
                  <Text size="xs" c="dimmed">
                    {c.nafCode} — {c.nafLabel}
                  </Text>
                )}
              </UnstyledButton>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
