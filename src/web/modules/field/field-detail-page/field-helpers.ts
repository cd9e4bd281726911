import type { FieldIntervention } from '../../../../shared/schemas/field.ts';

/** Runs one action of the page: clears the error, shows the buttons busy meanwhile. */
export type Run = (fn: () => Promise<void>) => Promise<void>;

/** What the sections of the detail page get from it. */
export type SectionProps = { it: FieldIntervention; canEdit: boolean; busy: boolean; run: Run };

export type Part = { label: string; quantity: number; serial: string };

export function mapsUrl(i: FieldIntervention): string | null {
  const s = i.site;
  if (!s) return null;
  const destination =
    s.latitude != null && s.longitude != null
      ? `${s.latitude},${s.longitude}`
      : [s.addressLine, s.postalCode, s.city].filter(Boolean).join(' ');
  return destination
    ? `https://www.google.com/maps/dir/?api=1&destination=${encodeURIComponent(destination)}`
    : null;
}

/** Position for the check-in when the technician allows it (never blocks for more than 5 s). */
export function currentPosition(): Promise<{ latitude: number; longitude: number } | undefined> {
  if (!('geolocation' in navigator)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 5000);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        clearTimeout(timer);
        resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude });
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
      { enableHighAccuracy: true, timeout: 5000, maximumAge: 60_000 },
    );
  });
}
