import type { OptionsFilter } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClientDetailOut, ClientOut } from '../../../shared/schemas/clients.ts';
import { get, qs } from '../../app/api.ts';

/**
 * A searchable client Select for the forms of other modules (ticket, intervention): the clients
 * matching what is typed, plus the chosen one even when the search no longer lists it. Returns the
 * chosen client's record (its sites and contacts) and the props to spread on the Select.
 */
export function useClientPicker(clientId: string) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 250);
  const clients = useQuery({
    queryKey: ['clients-picker', debounced],
    queryFn: () => get<{ items: ClientOut[] }>(`/clients${qs({ q: debounced || undefined, limit: 30 })}`),
  });
  const client = useQuery({
    queryKey: ['client', clientId],
    enabled: !!clientId,
    queryFn: () => get<ClientDetailOut>(`/clients/${clientId}`),
  });
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
    queryKey: ['clients', 'partners'],
    queryFn: () => get<{ items: { id: string; name: string }[] }>('/clients/partners'),
    enabled,
    staleTime: 60_000,
    select: (r) => r.items.map((p) => ({ value: p.id, label: p.name })),
  });
}
