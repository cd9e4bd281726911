import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** Countries of the French numbering plan, dialled from France with a leading 0 (0262…, 0590…). */
const frenchPlan = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF']);

/**
 * A phone number as it is written in France, whatever was typed or stored: `0478123457`,
 * `+33478123457` → « 04 78 12 34 57 »; a foreign number in international form (« +44 20 7946 0958 »).
 * What cannot be read as a number stays as typed. The one phone formatter of server and web.
 */
export function formatPhone(value: string): string;
export function formatPhone(value: string | null | undefined): string | null;
export function formatPhone(value: string | null | undefined): string | null {
  if (value == null) return null;
  const n = parsePhoneNumberFromString(value.trim(), 'FR');
  if (!n?.isValid()) return value;
  return n.country && frenchPlan.has(n.country) ? n.formatNational() : n.formatInternational();
}
