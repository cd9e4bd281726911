import { Alert, Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { TechnicianDetailOut } from '../../../../shared/schemas/technicians.ts';
import { technicianQueries } from '../api.ts';
import { ErrorAlert, LoadingBlock } from '../../../ui/feedback.tsx';
import { plural } from '../../../../shared/plural.ts';
import { formatDuration } from '../../../../shared/durations.ts';

function Score({ title, score, children }: { title: string; score: number | null; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Text fw={600}>{title}</Text>
      <Text
        size="xl"
        fw={700}
        c={score === null ? 'dimmed' : score >= 4 ? 'green' : score >= 2.5 ? 'orange' : 'red'}
      >
        {score === null ? '—' : `${score.toLocaleString('fr-FR')} / 5`}
      </Text>
      <Stack gap={2} mt="xs">
        {children}
      </Stack>
    </Card>
  );
}

export function RatingsTab({ t }: { t: TechnicianDetailOut }) {
  const query = useQuery(technicianQueries.ratings(t.id));
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const r = query.data;
  const line = (s: string) => (
    <Text size="sm" c="dimmed">
      {s}
    </Text>
  );
  const fr = (n: number | null, unit = '') => (n === null ? '—' : `${n.toLocaleString('fr-FR')}${unit}`);
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Calculées sur les {r.windowDays} derniers jours à partir des faits : {r.completed} intervention
        {r.completed > 1 ? 's' : ''} terminée{r.completed > 1 ? 's' : ''}.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Score title="Ponctualité" score={r.punctuality.score}>
          {line(
            `${plural(r.punctuality.onTime, 'arrivée à l’heure', 'arrivées à l’heure')} sur ${plural(r.punctuality.checkIns, 'pointage')}`,
          )}
          {line(`Tolérance : ${r.punctuality.toleranceMinutes} min après le début du créneau`)}
          {line(`Retard moyen : ${fr(r.punctuality.averageDelayMinutes, ' min')}`)}
        </Score>
        <Score title="Efficacité" score={r.efficiency.score}>
          {line(plural(r.efficiency.measured, 'intervention mesurée'))}
          {line(
            `Temps réel ${formatDuration(r.efficiency.actualMinutes)} pour ${formatDuration(r.efficiency.plannedMinutes)} prévues`,
          )}
          {line(
            `Ratio moyen réel ÷ prévu : ${fr(r.efficiency.averageRatio)} (plafonné à ${r.efficiency.ratioCap})`,
          )}
        </Score>
        <Score title="Qualité" score={r.quality.score}>
          {line(
            r.quality.rated
              ? `Note moyenne : ${fr(r.quality.averageRating)} sur ${plural(r.quality.rated, 'note')}`
              : 'Aucune note reçue',
          )}
          {line(
            `Reprises (SAV sur le même site sous ${r.quality.reworkWindowDays} j) : ${r.quality.reworks}`,
          )}
          {line(r.quality.penalty ? `Pénalité : −${fr(r.quality.penalty)}` : 'Aucune pénalité')}
        </Score>
      </SimpleGrid>
      <Alert variant="light" color="gray">
        {r.quality.explanation} Ponctualité : part des arrivées au plus {r.punctuality.toleranceMinutes} min
        après le début prévu, × 5. Efficacité : 5 × prévu ÷ réel (5 si le temps prévu est tenu).
      </Alert>
    </Stack>
  );
}
