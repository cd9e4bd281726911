import { sql } from 'drizzle-orm';

/** French wording shared by the map's cards, and the client and site each card names. */

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
export const address = (r: Pick<CardPlace, 'address_line' | 'postal_code' | 'city'>) =>
  [r.address_line, [r.postal_code, r.city].filter(Boolean).join(' ')].filter((x) => x?.trim()).join(', ') ||
  'Adresse non renseignée';
export type Line = { label: string; value: string };
export const line = (label: string, value: string | null | undefined): Line[] =>
  value?.trim() ? [{ label, value }] : [];

/** The client and site a record's card stands for, as `cardPlaceColumns` (map.sql.ts) selects them. */
export type CardPlace = {
  client_id: string;
  client_name: string;
  site_name: string | null;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
};
/** The « Client » and « Site » lines of a record's card; `noSite` when the record names none. */
export const placeLines = (r: CardPlace, noSite: string): Line[] => [
  { label: 'Client', value: r.client_name },
  { label: 'Site', value: r.site_name ? `${r.site_name} — ${address(r)}` : noSite },
];
/** The `CardPlace` columns of a record's card: its client joined as `clients`, its site as `s`. */
export const cardPlaceColumns = sql.raw(
  'clients.id AS client_id, clients.name AS client_name, s.name AS site_name, s.address_line, s.postal_code, s.city',
);
