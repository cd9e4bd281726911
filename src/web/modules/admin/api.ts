import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Matrix } from '../../../shared/permissions.ts';
import type { auditOut, companyOut, PartnerOut, tokenOut, UserOut } from '../../../shared/schemas/admin.ts';
import type { MessageOut } from '../../../shared/schemas/notifications.ts';
import type { ClientSegmentOut } from '../../../shared/schemas/clients.ts';
import type { CalendarOut, PolicyOut } from '../../../shared/schemas/sla.ts';
import type {
  TemplateOut,
  TemplatePreviewOut,
  TemplateSummaryOut,
} from '../../../shared/schemas/templates.ts';
import type { z } from '../../../shared/zod.ts';
import { del, get, patch, post, put, qs } from '../../app/api.ts';
import { type KeysetPage, keysetQuery } from '../../app/keyset.tsx';

/**
 * The administration pages' data layer (the pattern: tickets/api.ts): users, partners, tokens,
 * company, rights, audit, outbox, templates and SLA, as `queryOptions` factories and changes.
 */

type Items<T> = { items: T[] };
type Filters = Record<string, string | null | undefined>;
export type AuditEntry = z.infer<typeof auditOut>;
export type Company = z.infer<typeof companyOut>;
export type TokenOut = z.infer<typeof tokenOut>;
export type MatrixOut = { matrix: Matrix; defaults: Matrix; isDefault: boolean };

const templateUrl = (event: string) => `/templates/${encodeURIComponent(event)}`;

export const adminKeys = {
  users: ['users'] as const,
  userList: (filters: Filters) => ['users', filters] as const,
  partners: ['partners'] as const,
  tokens: ['api-tokens'] as const,
  company: ['settings', 'company'] as const,
  matrix: ['permissions', 'matrix'] as const,
  audit: (filters: Filters) => ['audit-log', filters] as const,
  outbox: ['outbox'] as const,
  outboxList: (status: string) => ['outbox', status] as const,
  templates: ['templates'] as const,
  template: (event: string) => ['template', event] as const,
  templatePreview: (event: string, draft: unknown, recordId: string | null) =>
    ['template-preview', event, draft, recordId] as const,
  /** Calendars and policies. */
  sla: ['sla'] as const,
  slaCalendars: ['sla', 'calendars'] as const,
  slaPolicies: ['sla', 'policies'] as const,
};

export const adminQueries = {
  users: (filters: Filters) =>
    keysetQuery<KeysetPage<UserOut>>(adminKeys.userList(filters), '/users', filters),
  partners: () =>
    queryOptions({
      queryKey: adminKeys.partners,
      queryFn: ({ signal }) => get<Items<PartnerOut>>('/partners', signal),
    }),
  tokens: () =>
    queryOptions({
      queryKey: adminKeys.tokens,
      queryFn: ({ signal }) => get<Items<TokenOut>>('/api-tokens', signal),
    }),
  company: () =>
    queryOptions({
      queryKey: adminKeys.company,
      queryFn: ({ signal }) => get<Company>('/settings/company', signal),
    }),
  matrix: () =>
    queryOptions({
      queryKey: adminKeys.matrix,
      queryFn: ({ signal }) => get<MatrixOut>('/permissions/matrix', signal),
    }),
  audit: (filters: Filters) =>
    keysetQuery<KeysetPage<AuditEntry>>(adminKeys.audit(filters), '/audit-log', filters),
  outbox: (status: string) =>
    keysetQuery<KeysetPage<MessageOut>>(adminKeys.outboxList(status), '/outbox', { status }),
  templates: () =>
    queryOptions({
      queryKey: adminKeys.templates,
      queryFn: ({ signal }) => get<Items<TemplateSummaryOut>>('/templates', signal),
    }),
  template: (event: string) =>
    queryOptions({
      queryKey: adminKeys.template(event),
      queryFn: ({ signal }) => get<TemplateOut>(templateUrl(event), signal),
    }),
  /** The rendering of a draft (a record of the user's, or an example). */
  templatePreview: (event: string, draft: Record<string, unknown>, recordId: string | null) =>
    queryOptions({
      queryKey: adminKeys.templatePreview(event, draft, recordId),
      placeholderData: keepPreviousData,
      queryFn: ({ signal }) =>
        post<TemplatePreviewOut>(
          `${templateUrl(event)}/preview`,
          { ...draft, ...(recordId ? { recordId } : {}) },
          signal,
        ),
    }),
  slaCalendars: () =>
    queryOptions({
      queryKey: adminKeys.slaCalendars,
      queryFn: ({ signal }) => get<CalendarOut[]>('/sla/calendars', signal),
    }),
  slaPolicies: () =>
    queryOptions({
      queryKey: adminKeys.slaPolicies,
      queryFn: ({ signal }) => get<PolicyOut[]>('/sla/policies', signal),
    }),
};

export const adminApi = {
  createUser: (body: unknown) => post<UserOut>('/users', body),
  updateUser: (id: string, body: unknown) => patch<UserOut>(`/users/${id}`, body),
  resetTotp: (id: string) => post<void>(`/users/${id}/reset-totp`),
  resetLink: (id: string) => post<{ url: string; expiresAt: string }>(`/users/${id}/reset-link`),
  savePartner: (id: string | undefined, body: unknown) =>
    id ? patch<PartnerOut>(`/partners/${id}`, body) : post<PartnerOut>('/partners', body),
  deletePartner: (id: string) => del<void>(`/partners/${id}`),
  createToken: (body: unknown) => post<TokenOut & { token: string }>('/api-tokens', body),
  revokeToken: (id: string) => del<void>(`/api-tokens/${id}`),
  saveCompany: (body: unknown) => patch<Company>('/settings/company', body),
  saveMatrix: (matrix: Matrix) => put<MatrixOut>('/permissions/matrix', { matrix }),
  resetMatrix: () => post<MatrixOut>('/permissions/matrix/reset'),
  getMessage: (id: string) => get<MessageOut>(`/outbox/${id}`),
  replayMessage: (id: string) => post<MessageOut>(`/outbox/${id}/replay`),
  saveTemplate: (event: string, body: unknown) => put<TemplateOut>(templateUrl(event), body),
  /** Back to the default text; answers the template as it now reads. */
  resetTemplate: async (event: string) => {
    await del(templateUrl(event));
    return get<TemplateOut>(templateUrl(event));
  },
  saveSegment: (id: string | undefined, body: unknown) =>
    id
      ? patch<ClientSegmentOut>(`/client-segments/${id}`, body)
      : post<ClientSegmentOut>('/client-segments', body),
  deleteSegment: (id: string) => del(`/client-segments/${id}`),
  saveCalendar: (id: string | undefined, body: unknown) =>
    id ? patch(`/sla/calendars/${id}`, body) : post('/sla/calendars', body),
  deleteCalendar: (id: string) => del(`/sla/calendars/${id}`),
  savePolicy: (id: string | undefined, body: unknown) =>
    id ? patch(`/sla/policies/${id}`, body) : post('/sla/policies', body),
  deletePolicy: (id: string) => del(`/sla/policies/${id}`),
};

/** Links the browser follows itself (downloads). */
export const adminLinks = {
  auditExport: (filters: Filters) => `/api/v1/audit-log/export${qs(filters)}`,
};
