import { queryOptions } from '@tanstack/react-query';
import type {
  NotificationOut,
  NotificationPage,
  NotificationPreferenceOut,
} from '../../../shared/schemas/notifications-inbox.ts';
import { get, post, put } from '../../app/api.ts';
import { keysetQuery } from '../../app/keyset.tsx';

/** The in-app notifications' data layer (the pattern: tickets/api.ts): the bell's list, the preferences. */

type Prefs = { items: NotificationPreferenceOut[] };

export const notificationKeys = {
  list: ['notifications'] as const,
  preferences: ['notification-preferences'] as const,
};

export const notificationQueries = {
  /** The user's notifications, 20 a page, with the unread count. */
  list: () => keysetQuery<NotificationPage>(notificationKeys.list, '/notifications', {}, 20),
  preferences: () =>
    queryOptions({
      queryKey: notificationKeys.preferences,
      queryFn: ({ signal }) => get<Prefs>('/notification-preferences', signal),
    }),
};

export const notificationApi = {
  read: (id: string) => post<NotificationOut>(`/notifications/${id}/read`),
  readAll: () => post<{ unreadCount: number }>('/notifications/read-all'),
  savePreferences: (items: NotificationPreferenceOut[]) =>
    put<Prefs>('/notification-preferences', {
      items: items.map(({ type, inApp, email }) => ({ type, inApp, email })),
    }),
};
