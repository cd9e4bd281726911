/** French wording shared by the map's cards. */

export const dateTimeFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  dateStyle: 'short',
  timeStyle: 'short',
});
export const timeFr = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
});
export const address = (r: {
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
}) =>
  [r.address_line, [r.postal_code, r.city].filter(Boolean).join(' ')].filter((x) => x?.trim()).join(', ') ||
  'Adresse non renseignée';
export type Line = { label: string; value: string };
export const line = (label: string, value: string | null | undefined): Line[] =>
  value?.trim() ? [{ label, value }] : [];
