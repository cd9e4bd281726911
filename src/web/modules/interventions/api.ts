import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  BoardOut,
  InterventionOut,
  PlanningCandidatesOut,
  PlanningCheckOut,
} from '../../../shared/schemas/interventions.ts';
import { addDays, parisDate, parisInstant } from '../../../shared/paris-time.ts';
import { del, get, patch, post, put, qs } from '../../app/api.ts';
import { type KeysetPage, keysetQuery } from '../../app/keyset.tsx';

/**
 * The interventions module's data layer (the pattern: tickets/api.ts): interventions, their slot
 * and the planning board, as `queryOptions` factories and change functions.
 */

type Items<T> = { items: T[] };

/** Monday of the week of `day`. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

/**
 * The planning board's view (a phone shows a day), its day (today by default), its days — the day,
 * or its week from Monday — and their window of instants.
 */
export function boardWindow(search: { view?: string; day?: string }, phone: boolean) {
  const view: 'day' | 'week' = search.view === 'day' || phone ? 'day' : 'week';
  const day = search.day ?? parisDate(new Date());
  const days = view === 'day' ? [day] : Array.from({ length: 7 }, (_, i) => addDays(mondayOf(day), i));
  const from = parisInstant(days[0]!, 0).toISOString();
  const to = parisInstant(addDays(days[days.length - 1]!, 1), 0).toISOString();
  return { view, day, days, from, to };
}
export type InterventionFilters = Record<string, string | undefined>;
/** The board's window and filters (instants as ISO strings). */
export type BoardRange = { from: string; to: string; department?: string; skillId?: string };

export const interventionKeys = {
  /** Every intervention list (the list page, a client's tab). */
  lists: ['interventions'] as const,
  list: (filters: InterventionFilters) => ['interventions', filters] as const,
  detail: (id: string) => ['intervention', id] as const,
  /** Every window of the planning board. */
  boards: ['planning-board'] as const,
  board: (r: BoardRange) => ['planning-board', r.from, r.to, r.department ?? '', r.skillId ?? ''] as const,
  planningTechnicians: ['planning-technicians'] as const,
};

export const interventionQueries = {
  list: (filters: InterventionFilters) =>
    keysetQuery<KeysetPage<InterventionOut>>(interventionKeys.list(filters), '/interventions', filters),
  /** A client's interventions (the client's « Interventions » tab). */
  ofClient: (clientId: string) =>
    queryOptions({
      queryKey: interventionKeys.list({ clientId }),
      queryFn: ({ signal }) =>
        get<Items<InterventionOut>>(`/interventions${qs({ clientId, limit: 100 })}`, signal),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: interventionKeys.detail(id),
      queryFn: ({ signal }) => get<InterventionOut>(`/interventions/${id}`, signal),
    }),
  board: (r: BoardRange) =>
    queryOptions({
      queryKey: interventionKeys.board(r),
      queryFn: ({ signal }) =>
        get<BoardOut>(
          `/planning/board${qs({ from: r.from, to: r.to, department: r.department || undefined, skillId: r.skillId || undefined })}`,
          signal,
        ),
    }),
  /** The technicians of the board (one day is enough): the list filter's choices. */
  planningTechnicians: (from: string, to: string) =>
    queryOptions({
      queryKey: interventionKeys.planningTechnicians,
      staleTime: 60_000,
      queryFn: ({ signal }) => get<BoardOut>(`/planning/board${qs({ from, to })}`, signal),
    }),
};

export const interventionApi = {
  create: (body: unknown) => post<InterventionOut>('/interventions', body),
  update: (id: string, body: unknown) => patch<InterventionOut>(`/interventions/${id}`, body),
  remove: (id: string) => del(`/interventions/${id}`),
  changeStatus: (id: string, body: { to: string; reason?: string }) =>
    post<InterventionOut>(`/interventions/${id}/status`, body),
  rate: (id: string, rating: number) => post<InterventionOut>(`/interventions/${id}/rating`, { rating }),
  schedule: (id: string, body: unknown) => put<InterventionOut>(`/interventions/${id}/schedule`, body),
  unschedule: (id: string) => del<InterventionOut>(`/interventions/${id}/schedule`),
  /** The conflicts and notices of a slot before it is chosen (the board's drag). */
  check: (body: unknown) => post<PlanningCheckOut>('/planning/check', body),
  /** Technicians ranked for an intervention being written, with their conflicts at its start. */
  candidates: (body: unknown) => post<PlanningCandidatesOut>('/planning/candidates', body),
};

/** Links the browser follows itself (downloads). */
export const interventionLinks = {
  pv: (id: string) => `/api/v1/interventions/${id}/pv.pdf`,
};

/** After a change to interventions: the board. */
export function invalidateBoard(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: interventionKeys.boards });
}
