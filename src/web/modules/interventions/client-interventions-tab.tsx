import { Anchor, Button, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { InterventionStatus } from '../../../shared/interventions.ts';
import { interventionQueries } from './api.ts';
import { capable, useMe } from '../../app/auth.ts';
import { DataList } from '../../ui/data-list.tsx';
import { InterventionStatusBadge, kindLabel, slotLabel } from './shared.tsx';

/** The « Interventions » tab of a client record. */
export function ClientInterventionsTab({ clientId }: { clientId: string }) {
  const me = useMe();
  const q = useQuery(interventionQueries.ofClient(clientId));
  return (
    <DataList
      query={q}
      items={q.data?.items ?? []}
      empty="Aucune intervention pour ce client."
      dense
      actions={
        capable(me, 'createInterventions') && (
          <Button
            size="xs"
            renderRoot={(props) => <Link {...props} to="/interventions/nouvelle" search={{ clientId }} />}
          >
            Nouvelle intervention
          </Button>
        )
      }
      minWidth={560}
      striped={false}
      columns={[
        {
          cell: (i) => (
            <Anchor component={Link} to={`/interventions/${i.id}` as string} size="sm">
              {i.number}
            </Anchor>
          ),
        },
        {
          cell: (i) => (
            <>
              <Text size="sm">{i.title}</Text>
              <Text size="xs" c="dimmed">
                {kindLabel(i.kind)}
                {i.siteName ? ` · ${i.siteName}` : ''}
              </Text>
            </>
          ),
        },
        { cell: (i) => <Text size="sm">{slotLabel(i.plannedStart, i.plannedMinutes)}</Text> },
        { cell: (i) => <InterventionStatusBadge status={i.status as InterventionStatus} /> },
      ]}
    />
  );
}
