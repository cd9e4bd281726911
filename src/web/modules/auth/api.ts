import { queryOptions } from '@tanstack/react-query';
import type { Me } from '../../../shared/schemas/auth.ts';
import { get, post } from '../../app/api.ts';

/**
 * Sign-in, password and two-factor changes (the pattern: tickets/api.ts). The signed-in user
 * himself is `meQuery` (app/auth.ts).
 */

export type TotpSetup = { secret: string; uri: string; qrCode: string };

export const authKeys = {
  resetCheck: (token: string) => ['password-reset', token] as const,
};

export const authQueries = {
  /** Whether a reset link's token is still valid, and for which address. */
  resetCheck: (token: string) =>
    queryOptions({
      queryKey: authKeys.resetCheck(token),
      queryFn: ({ signal }) => post<{ email: string }>('/auth/password-reset/check', { token }, signal),
    }),
};

export const authApi = {
  /** The signed-in user (401 once the session is gone). */
  me: (signal?: AbortSignal) => get<Me>('/auth/me', signal),
  logout: () => post('/auth/logout'),
  login: (body: Record<string, unknown>) => post<Me>('/auth/login', body),
  /** « Mot de passe oublié »: the same answer whether the address has an account or not. */
  requestResetLink: (email: string) => post('/auth/password-reset/request', { email }),
  resetPassword: (token: string, newPassword: string) => post('/auth/password-reset', { token, newPassword }),
  changePassword: (currentPassword: string, newPassword: string) =>
    post('/auth/password', { currentPassword, newPassword }),
  startTotp: () => post<TotpSetup>('/auth/totp/setup'),
  confirmTotp: (code: string) => post('/auth/totp/confirm', { code }),
  disableTotp: (password: string) => post('/auth/totp/disable', { password }),
};
