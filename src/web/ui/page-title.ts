import { useMatches } from '@tanstack/react-router';
import { useEffect } from 'react';

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** The page's name in the browser tab (« Tickets »), before its record names it. */
    title?: string;
  }
}

/**
 * The browser tab's title: « T-2026-000017 — Coupures d’appels · Relais ». Every route names
 * its page (`staticData.title` in router.tsx, applied by `useRouteTitle` at the root); a record's
 * page names the record once loaded (`usePageTitle`), which wins over the page's name.
 */
const slots: { page: string | null; record: string | null } = { page: null, record: null };

function apply() {
  const title = slots.record ?? slots.page;
  document.title = title ? `${title} · Relais` : 'Relais';
}

function useTitleSlot(slot: keyof typeof slots, title: string | null | undefined) {
  useEffect(() => {
    const own = title?.trim() || null;
    slots[slot] = own;
    apply();
    return () => {
      if (slots[slot] === own) {
        slots[slot] = null;
        apply();
      }
    };
  }, [slot, title]);
}

/** At the root: the title of the deepest matched route names the tab. */
export function useRouteTitle() {
  const title = useMatches({ select: (ms) => ms.findLast((m) => m.staticData?.title)?.staticData.title });
  useTitleSlot('page', title);
}

/** A record's page: « T-2026-000017 — Coupures… », « Pharmacie Garnier » (null while loading). */
export function usePageTitle(title: string | null | undefined) {
  useTitleSlot('record', title);
}

/** « number — title » of a record, its title cut to stay readable in a tab. */
export function recordTitle(number: string | null | undefined, title: string | null | undefined) {
  const t = title && title.length > 60 ? `${title.slice(0, 59)}…` : title;
  return [number, t].filter(Boolean).join(' — ') || null;
}
