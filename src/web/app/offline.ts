import type { Me } from '../../shared/schemas/auth.ts';
import { capable } from './auth.ts';

/**
 * The service worker keeps the field app for the technician's phone (sw.ts): registered once a
 * user whose capabilities include the technician's day is signed in — never from the login page,
 * never for the others, whose browser an older build may have given one: it is removed with its
 * copy of the app.
 */
export function offlineFieldApp(me: Me): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  if (capable(me, 'technician')) {
    navigator.serviceWorker.register('/sw.js', { type: 'module', scope: '/' }).catch(() => {
      // No offline mode in this browser; everything else works the same.
    });
    return;
  }
  void (async () => {
    const registrations = await navigator.serviceWorker.getRegistrations();
    if (registrations.length === 0) return;
    await Promise.all(registrations.map((r) => r.unregister()));
    for (const key of await caches.keys()) if (key.startsWith('relais-')) await caches.delete(key);
  })().catch(() => {
    // Nothing to remove, or the browser refuses: the worker only keeps files.
  });
}
