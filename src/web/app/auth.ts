import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Capabilities, Me } from '../../shared/schemas/auth.ts';
import type { Action, Module } from '../../shared/permissions.ts';
import { authApi } from '../modules/auth/api.ts';
import { ApiError } from './api.ts';

/** The signed-in user and effective permissions; `null` when nobody is signed in. */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      return await authApi.me(signal);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 60_000,
});

export function useMe(): Me {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error('useMe outside the signed-in layout');
  return data;
}

/** Whether the effective permissions allow an action; for navigation only — records carry `abilities`. */
export function can(me: Me | null | undefined, module: Module, action: Action = 'read'): boolean {
  return Boolean(me?.permissions[module]?.includes(action));
}

/** A capability the server's policy grants (`capabilities` of `/auth/me`); false when unknown. */
export function capable(me: Me | null | undefined, capability: keyof Capabilities): boolean {
  return Boolean(me?.capabilities?.[capability]);
}

/**
 * At logout: drops the service worker's copy of `/auth/me` (or an offline start would open the
 * signed-in frame of the previous user) and the technician's offline day. Returns how many of the
 * user's phone actions are still waiting to be sent (they are kept).
 */
export async function forgetOfflineData(userId: string): Promise<number> {
  if ('caches' in window) await caches.delete('relais-api').catch(() => false);
  try {
    const { forgetDays } = await import('../modules/field/store.ts');
    return await forgetDays(userId);
  } catch {
    return 0; // IndexedDB unavailable (private browsing): nothing was kept.
  }
}
