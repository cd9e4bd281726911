import { useEffect, useRef, useState } from 'react';
import { authApi } from '../auth/api.ts';

/** One event of `/api/v1/events`, already filtered by the server for this user. */
export type LiveEvent = { id: number; type: string; payload: Record<string, unknown>; createdAt: string };
type Listener = (ev: LiveEvent) => void;

const listeners = new Set<Listener>();
const openListeners = new Set<() => void>();

/** Calls `fn` for each live event of `type` (or every event with `*`) while the component is mounted. */
export function useLiveEvent(type: string, fn: Listener) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const l: Listener = (ev) => {
      if (type === '*' || ev.type === type) ref.current(ev);
    };
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, [type]);
}

/** Calls `fn` each time the stream (re)connects: the moment to refetch what may have been missed. */
export function useLiveEventsOpen(fn: () => void) {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const l = () => ref.current();
    openListeners.add(l);
    return () => {
      openListeners.delete(l);
    };
  }, []);
}

/**
 * Keeps one EventSource on `/api/v1/events` open for the signed-in shell. The browser reconnects
 * by itself after a network error and sends Last-Event-ID, so the server replays what was missed;
 * when the server refuses or ends the stream (session over), we check the session (a 401 sends the
 * app to the login page) and try again later, more and more slowly.
 */
export function useLiveEventsConnection(enabled: boolean): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let delay = 2_000;
    let stopped = false;
    let lastId: string | null = null;

    const connect = () => {
      if (stopped) return;
      // A fresh EventSource does not carry Last-Event-ID: pass it in the query instead.
      source = new EventSource(`/api/v1/events${lastId ? `?lastEventId=${encodeURIComponent(lastId)}` : ''}`);
      source.onopen = () => {
        delay = 2_000;
        setConnected(true);
        for (const l of openListeners) l();
      };
      source.onmessage = (e: MessageEvent<string>) => {
        if (e.lastEventId) lastId = e.lastEventId;
        let ev: LiveEvent;
        try {
          ev = JSON.parse(e.data);
        } catch {
          return;
        }
        for (const l of listeners) l(ev);
      };
      source.addEventListener('session-ended', () => retryLater());
      source.onerror = () => {
        setConnected(false);
        // CONNECTING: the browser retries by itself. CLOSED: refused (401, 403…), we take over.
        if (source?.readyState === EventSource.CLOSED) retryLater();
      };
    };
    const retryLater = () => {
      setConnected(false);
      source?.close();
      source = null;
      if (stopped) return;
      void authApi.me().catch(() => {});
      retryTimer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 60_000);
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [enabled]);
  return connected;
}
