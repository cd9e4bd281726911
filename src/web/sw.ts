/// <reference lib="webworker" />
/**
 * The service worker of the technician's phone, registered after login for technicians only
 * (app/offline.ts): keeps index.html and the field app's files (offline-files.ts, listed at build
 * time) so that /terrain opens without network after one visit; other assets are kept when
 * fetched. API calls
 * are never cached here, except the last answer of `/auth/me` (network first) so that the signed-in
 * frame still opens offline; the day's interventions live in IndexedDB (modules/field/store.ts).
 */
export {};
declare const self: ServiceWorkerGlobalScope;

/** Replaced at build time by the files the offline field app needs (vite.config.ts). */
const precache: string[] = (self as unknown as { __PRECACHE__?: string[] }).__PRECACHE__ ?? [];
const version: string = (self as unknown as { __VERSION__?: string }).__VERSION__ ?? 'dev';
const shellCache = `relais-shell-${version}`;
const apiCache = 'relais-api';
const meUrl = '/api/v1/auth/me';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(shellCache);
      await cache.addAll([
        '/index.html',
        '/favicon.svg',
        '/manifest.webmanifest',
        '/icons/icon-192.png',
        ...precache.map((f) => `/${f}`),
      ]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('relais-shell-') && key !== shellCache) await caches.delete(key);
      }
      await self.clients.claim();
      // The page that installed the worker asked /auth/me before the worker controlled it: keep a
      // copy now, or the first offline start would find no signed-in user.
      try {
        const res = await fetch(meUrl, { credentials: 'same-origin' });
        if (res.ok) await (await caches.open(apiCache)).put(meUrl, res);
      } catch {
        // Offline already: the next answer will be kept.
      }
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;

  if (url.pathname === meUrl) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(apiCache);
        try {
          const res = await fetch(req);
          if (res.ok) await cache.put(meUrl, res.clone());
          else if (res.status === 401) await cache.delete(meUrl);
          return res;
        } catch (err) {
          const hit = await cache.match(meUrl);
          if (hit) return hit;
          throw err;
        }
      })(),
    );
    return;
  }
  if (url.pathname.startsWith('/api/')) return;

  // Pages of the app: the network first, the cached shell without network.
  if (req.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          return await fetch(req);
        } catch (err) {
          const hit = await caches.match('/index.html');
          if (hit) return hit;
          throw err;
        }
      })(),
    );
    return;
  }
  // Built assets (hashed names): the cache first.
  event.respondWith(
    (async () => {
      const hit = await caches.match(req);
      if (hit) return hit;
      const res = await fetch(req);
      if (res.ok && url.pathname.startsWith('/assets/')) {
        const cache = await caches.open(shellCache);
        await cache.put(req, res.clone());
      }
      return res;
    })(),
  );
});
