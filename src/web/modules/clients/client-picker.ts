import type { OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { clientQueries } from './api.ts';

/**
 * A searchable client Select for the forms of other modules (ticket, intervention): the clients
 * matching what is typed, plus the chosen one even when the search no longer lists it. Returns the
 * chosen client's record (its sites and contacts, also as Select options) and the props to spread
 * on the Select.
 */
export function useClientPicker(clientId: string) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 250);
  const clients = useQuery(clientQueries.picker(debounced));
  const client = useQuery({ ...clientQueries.detail(clientId), enabled: !!clientId });
  const data = [
    ...(client.data && !clients.data?.items.some((c) => c.id === client.data!.id)
      ? [{ value: client.data.id, label: client.data.name }]
      : []),
    ...(clients.data?.items ?? []).map((c) => ({
      value: c.id,
      label: `${c.name}${c.city ? ` (${c.city})` : ''}`,
    })),
  ];
  return {
    client,
    siteOptions: (client.data?.sites ?? []).map((s) => ({
      value: s.id,
      label: `${s.name}${s.city ? ` — ${s.city}` : ''}`,
    })),
    contactOptions: (client.data?.contacts ?? []).map((c) => ({
      value: c.id,
      label: `${c.firstName} ${c.lastName}`,
    })),
    selectProps: {
      searchable: true,
      data,
      searchValue: query,
      onSearchChange: setQuery,
      // The server searched already (accents, typos): show what it found.
      filter: (({ options }) => options) as OptionsFilter,
      nothingFoundMessage: 'Aucun client',
    },
  };
}

/**
 * The partners of the clients the user sees, as Select options (list filters, import, tickets,
 * map). Staff only: pass `enabled: false` for a partner, who only ever sees its own.
 */
export function usePartnerOptions(enabled: boolean) {
  return useQuery({
    ...clientQueries.partners(),
    enabled,
    select: (r) => r.items.map((p) => ({ value: p.id, label: p.name })),
  });
}
