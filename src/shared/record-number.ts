/**
 * The human number of a record as the API conventions give it: a prefix, the year of its creation
 * (Paris time) and its rank on six digits — `INT-2026-000310`, `D-2026-000123`.
 */
export function recordNumber(prefix: string, year: number | string, rank: number): string {
  return `${prefix}-${year}-${String(rank).padStart(6, '0')}`;
}
