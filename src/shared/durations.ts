/**
 * A duration in minutes as a person reads it: « 45 min », « 1 h », « 14 h », « 2 h 05 », and beyond
 * a day « 1 j 3 h » (never « 840 min »). Rounded to the minute; negative counts as 0.
 */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  if (total < 60) return `${total} min`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return hours > 0 ? `${days} j ${hours} h` : `${days} j`;
  return mins > 0 ? `${hours} h ${String(mins).padStart(2, '0')}` : `${hours} h`;
}
