import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { ContractOut } from '../../../shared/schemas/contracts.ts';
import { del, get, patch, post } from '../../app/api.ts';

/** The maintenance contracts' data layer (the pattern: tickets/api.ts): a client's contracts and their changes. */

export const contractKeys = {
  ofClient: (clientId: string) => ['clients', 'contracts', clientId] as const,
};

export const contractQueries = {
  ofClient: (clientId: string) =>
    queryOptions({
      queryKey: contractKeys.ofClient(clientId),
      queryFn: ({ signal }) => get<ContractOut[]>(`/clients/${clientId}/contracts`, signal),
    }),
};

export const contractApi = {
  /** Creates a contract of the client (no `id`) or changes one. */
  save: (clientId: string, id: string | undefined, body: unknown) =>
    id
      ? patch<ContractOut>(`/contracts/${id}`, body)
      : post<ContractOut>(`/clients/${clientId}/contracts`, body),
  remove: (id: string) => del(`/contracts/${id}`),
};

export function invalidateContracts(qc: QueryClient, clientId: string) {
  return qc.invalidateQueries({ queryKey: contractKeys.ofClient(clientId) });
}
