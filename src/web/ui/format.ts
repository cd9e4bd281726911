const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** « 02/12/2026 14:30 » in Paris time, « — » when there is no date. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—';
}

/** A text field's value for the API: trimmed, `null` when blank. */
export const blankToNull = (v: string): string | null => (v.trim() === '' ? null : v.trim());
