import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type {
  AssignmentProposalOut,
  AssignmentSettingOut,
  TeamOut,
  TicketCounts,
  TicketMessageOut,
  TicketOut,
  TicketQueue,
} from '../../../shared/schemas/tickets.ts';
import type { Me } from '../../../shared/schemas/auth.ts';
import { del, get, patch, post, put, qs, uploadForm } from '../../app/api.ts';
import { capable } from '../../app/auth.ts';
import { type KeysetPage, keysetQuery } from '../../app/keyset.tsx';

/**
 * The tickets module's data layer: every query of its pages as a `queryOptions` factory (one key,
 * one URL, the abort signal passed), and every change as a function. Pages never build a URL or a
 * query key themselves; other modules that show tickets use these too.
 */

type Items<T> = { items: T[] };
export type Assignee = { id: string; name: string };
export type UserChoice = { id: string; name: string };

export const ticketKeys = {
  /** Every ticket list (queues, a client's tab): `['tickets', filters]`. */
  lists: ['tickets'] as const,
  list: (filters: Record<string, unknown>) => ['tickets', filters] as const,
  counts: ['ticket-counts'] as const,
  detail: (id: string) => ['ticket', id] as const,
  messages: (id: string) => ['ticket-messages', id] as const,
  assignees: ['ticket-assignees'] as const,
  proposal: (id: string, version: number) => ['ticket-assignment', id, version] as const,
  currentProposal: (id: string) => ['ticket-assignment', id] as const,
  assignmentSettings: ['ticket-assignment-settings'] as const,
  teams: ['teams'] as const,
  userChoices: ['users-picker'] as const,
};

/** The queue the tickets page opens on: « Mes tickets » for who may be assigned them, else all. */
export const firstQueue = (me: Me): TicketQueue => (capable(me, 'assignTickets') ? 'mine' : 'all');

export const ticketQueries = {
  /** A queue: the tickets matching the filters, page by page. */
  list: (filters: Record<string, string | undefined>) =>
    keysetQuery<KeysetPage<TicketOut>>(ticketKeys.list(filters), '/tickets', filters),
  detail: (id: string) =>
    queryOptions({
      queryKey: ticketKeys.detail(id),
      queryFn: ({ signal }) => get<TicketOut>(`/tickets/${id}`, signal),
    }),
  messages: (id: string) =>
    queryOptions({
      queryKey: ticketKeys.messages(id),
      queryFn: ({ signal }) => get<Items<TicketMessageOut>>(`/tickets/${id}/messages`, signal),
    }),
  /** A client's tickets, most recent first (the client's « Tickets » tab). */
  ofClient: (clientId: string) =>
    queryOptions({
      queryKey: ticketKeys.list({ clientId }),
      queryFn: ({ signal }) =>
        get<Items<TicketOut>>(`/tickets${qs({ clientId, sort: 'recent', limit: 100 })}`, signal),
    }),
  counts: () =>
    queryOptions({
      queryKey: ticketKeys.counts,
      queryFn: ({ signal }) => get<TicketCounts>('/tickets/counts', signal),
    }),
  assignees: () =>
    queryOptions({
      queryKey: ticketKeys.assignees,
      staleTime: 60_000,
      queryFn: ({ signal }) => get<Items<Assignee>>('/tickets/assignees', signal),
    }),
  proposal: (id: string, version: number) =>
    queryOptions({
      queryKey: ticketKeys.proposal(id, version),
      queryFn: ({ signal }) => get<AssignmentProposalOut>(`/tickets/${id}/assignment-proposal`, signal),
    }),
  /** The proposal for the ticket as it stands (the map's card, which does not hold its version). */
  currentProposal: (id: string) =>
    queryOptions({
      queryKey: ticketKeys.currentProposal(id),
      queryFn: ({ signal }) => get<AssignmentProposalOut>(`/tickets/${id}/assignment-proposal`, signal),
    }),
  assignmentSettings: () =>
    queryOptions({
      queryKey: ticketKeys.assignmentSettings,
      queryFn: ({ signal }) => get<Items<AssignmentSettingOut>>('/tickets/assignment-settings', signal),
    }),
  teams: () =>
    queryOptions({
      queryKey: ticketKeys.teams,
      queryFn: ({ signal }) => get<Items<TeamOut>>('/teams', signal),
    }),
  /** Users to pick as team members. */
  userChoices: () =>
    queryOptions({
      queryKey: ticketKeys.userChoices,
      queryFn: ({ signal }) => get<Items<UserChoice>>('/users?limit=200', signal),
    }),
};

export const ticketApi = {
  create: (body: Record<string, unknown>) => post<TicketOut>('/tickets', body),
  update: (id: string, version: number, fields: Record<string, unknown>) =>
    patch<TicketOut>(`/tickets/${id}`, { version, ...fields }),
  changeStatus: (id: string, to: string) => post(`/tickets/${id}/status`, { to }),
  escalate: (id: string, reason: string) => post(`/tickets/${id}/escalate`, { reason }),
  sendMessage: (id: string, body: Record<string, unknown>, files: File[]) =>
    post(`/tickets/${id}/messages`, files.length ? uploadForm(body, 'attachments', files) : body),
  bulk: (body: Record<string, unknown>) => post<{ updated: number }>('/tickets/bulk', body),
  setAutoAssign: (ticketType: string, autoAssign: boolean) =>
    put(`/tickets/assignment-settings/${ticketType}`, { autoAssign }),
  saveTeam: (id: string | undefined, body: Record<string, unknown>) =>
    id ? patch(`/teams/${id}`, body) : post('/teams', body),
  deleteTeam: (id: string) => del(`/teams/${id}`),
};

/** After a change to tickets: the queues, their counts and, given an id, that ticket and its thread. */
export function invalidateTickets(qc: QueryClient, id?: string) {
  void qc.invalidateQueries({ queryKey: ticketKeys.lists });
  void qc.invalidateQueries({ queryKey: ticketKeys.counts });
  if (id) {
    void qc.invalidateQueries({ queryKey: ticketKeys.detail(id) });
    void qc.invalidateQueries({ queryKey: ticketKeys.messages(id) });
  }
}
