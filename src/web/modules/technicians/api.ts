import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type {
  AbsenceOut,
  RatingsOut,
  SkillOut,
  TechnicianDetailOut,
  TechnicianKind,
  TechnicianListQuery,
  TechnicianOut,
} from '../../../shared/schemas/technicians.ts';
import { del, get, patch, post, put, qs } from '../../app/api.ts';
import { type KeysetPage, keysetQuery } from '../../app/keyset.tsx';

/**
 * The technicians module's data layer (the pattern: tickets/api.ts): profiles, skills, absences,
 * ratings and positions, as `queryOptions` factories and change functions. Every key under
 * `['technicians']` is refreshed by `invalidateTechnicians`.
 */

type Items<T> = { items: T[] };
export type TechnicianFilters = Partial<Record<keyof TechnicianListQuery, string>>;
export type TechnicianCandidate = { id: string; name: string; email: string; kind: TechnicianKind };

export const technicianKeys = {
  all: ['technicians'] as const,
  list: (filters: TechnicianFilters) => ['technicians', 'list', filters] as const,
  detail: (id: string) => ['technicians', id] as const,
  me: ['technicians', 'me'] as const,
  candidates: ['technicians', 'candidates'] as const,
  picker: ['technicians', 'picker'] as const,
  ratings: (id: string) => ['technicians', id, 'ratings'] as const,
  skills: ['skills'] as const,
  absences: ['absences'] as const,
  absencesOf: (technicianId: string) => ['absences', technicianId] as const,
};

export const technicianQueries = {
  /** Active technicians unless the filters say otherwise. */
  list: (filters: TechnicianFilters) =>
    keysetQuery<KeysetPage<TechnicianOut>>(technicianKeys.list(filters), '/technicians', {
      ...filters,
      active: filters.active ?? 'true',
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: technicianKeys.detail(id),
      queryFn: ({ signal }) => get<TechnicianDetailOut>(`/technicians/${id}`, signal),
    }),
  /** The signed-in technician's own profile (404 without one). */
  me: () =>
    queryOptions({
      queryKey: technicianKeys.me,
      queryFn: ({ signal }) => get<TechnicianDetailOut>('/technicians/me', signal),
    }),
  /** Technician users without a profile yet. */
  candidates: () =>
    queryOptions({
      queryKey: technicianKeys.candidates,
      queryFn: ({ signal }) => get<Items<TechnicianCandidate>>('/technicians/candidates', signal),
    }),
  /** Technicians to choose from in a form (200 at most). */
  picker: () =>
    queryOptions({
      queryKey: technicianKeys.picker,
      queryFn: ({ signal }) => get<Items<TechnicianOut>>('/technicians?limit=200', signal),
    }),
  ratings: (id: string) =>
    queryOptions({
      queryKey: technicianKeys.ratings(id),
      queryFn: ({ signal }) => get<RatingsOut>(`/technicians/${id}/ratings`, signal),
    }),
  /** The skills catalogue (forms, filters, the planning board). */
  skills: () =>
    queryOptions({
      queryKey: technicianKeys.skills,
      staleTime: 60_000,
      queryFn: ({ signal }) => get<Items<SkillOut>>('/skills', signal),
    }),
  absencesOf: (technicianId: string) =>
    queryOptions({
      queryKey: technicianKeys.absencesOf(technicianId),
      queryFn: ({ signal }) => get<Items<AbsenceOut>>(`/absences${qs({ technicianId })}`, signal),
    }),
};

export const technicianApi = {
  create: (body: unknown) => post<TechnicianDetailOut>('/technicians', body),
  update: (id: string, body: unknown) => patch<TechnicianDetailOut>(`/technicians/${id}`, body),
  setSkills: (id: string, body: unknown) => put(`/technicians/${id}/skills`, body),
  setPositionSharing: (enabled: boolean) =>
    put<{ positionSharing: boolean }>('/technicians/me/position-sharing', { enabled }),
  sendPosition: (body: { latitude: number; longitude: number; accuracy: number }) =>
    post('/technicians/me/positions', body),
  saveSkill: (id: string | undefined, body: unknown) =>
    id ? patch<SkillOut>(`/skills/${id}`, body) : post<SkillOut>('/skills', body),
  deleteSkill: (id: string) => del(`/skills/${id}`),
  requestAbsence: (body: unknown) => post<AbsenceOut>('/absences', body),
  decideAbsence: (id: string, action: 'approve' | 'cancel' | 'refuse', note?: string) =>
    post(`/absences/${id}/${action}`, note === undefined ? {} : { note }),
};

/** After a change to a technician: every list and profile under `['technicians']`. */
export function invalidateTechnicians(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: technicianKeys.all });
}
