import { Anchor, Text, Timeline } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import type { Module } from '../../../shared/permissions.ts';
import { useKeysetList } from '../../app/keyset.tsx';
import { clientQueries } from './api.ts';
import { ListState } from '../../ui/data-list.tsx';

const when = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short' });

/** The client's history: every source the user may read, newest first, page by page. */
export function HistoryTab({ clientId }: { clientId: string }) {
  const query = useKeysetList(clientQueries.timeline(clientId));
  return (
    <ListState
      query={query}
      count={query.items.length}
      empty="Aucun événement enregistré pour ce client."
      errorTitle="Historique indisponible"
      errorText="Impossible de charger l’historique."
    >
      <Timeline bulletSize={14} lineWidth={2} data-testid="client-history">
        {query.items.map((e) => (
          <Timeline.Item key={e.id} data-testid="history-entry">
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {e.link ? (
                <Anchor component={Link} to={e.link}>
                  {e.text}
                </Anchor>
              ) : (
                e.text
              )}
            </Text>
            <Text size="xs" c="dimmed">
              <time dateTime={e.at}>{when.format(new Date(e.at))}</time>
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </ListState>
  );
}

/**
 * Tabs of the client 360° page that come from modules: each is shown only to users who may read its
 * module. A module that lands (tickets, orders, interventions, invoices) adds its tab here — no
 * placeholder tab before it exists.
 */
export type ClientModuleTab = {
  value: string;
  label: string;
  module: Module;
  Panel: ComponentType<{ clientId: string }>;
};
export const clientModuleTabs: ClientModuleTab[] = [
  { value: 'historique', label: 'Historique', module: 'clients', Panel: HistoryTab },
];
