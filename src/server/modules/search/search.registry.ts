import type { Module } from '../../../shared/permissions.ts';
import type { MatchKind } from '../../../shared/schemas/search.ts';
import type { Db } from '../../infra/db.ts';
import type { RowScope } from '../../policy/policy.ts';

/** What the search box holds, read once and handed to every source. */
export type ParsedQuery = {
  raw: string;
  /** Lower-case text, for names (accents are folded in SQL by f_unaccent). */
  text: string;
  /** Digits only, when the query is made of digits, spaces, dots, dashes, + and parentheses. */
  digits: string | null;
  /** E.164 candidates of a phone-like query (06…, +33…, 0033…, 9 digits → +33…). */
  phones: string[];
  siren: string | null;
  siret: string | null;
  postalCode: string | null;
  email: string | null;
  /** A record number such as `T-2026-00042` (tickets, orders, invoices register their own prefix). */
  recordNumber: string | null;
  /** Whether the query is text worth a fuzzy name search (not only digits). */
  isText: boolean;
  /**
   * The query's words corrected against the vocabulary, as a tsquery text: every word must match one
   * of its candidates, e.g. `('societe') & ('generale' | 'generali') & ('energie')`. Null when no word
   * has a candidate. Sources match it with `search_tsv(name) @@ q.fuzzy::tsquery`.
   */
  fuzzy: string | null;
  /** Every word as typed (`'pharmacie' & 'grenoble'`), and as typed or longer (`'pharmacie':* & …`). */
  exactWords: string | null;
  prefixWords: string | null;
};

/** A row a source found, before highlighting. */
export type SourceHit = {
  id: string;
  title: string;
  subtitle: string | null;
  url: string;
  match: MatchKind;
  score: number;
  field: string;
  fieldLabel: string;
  value: string;
};

/**
 * A searchable kind of record. A module registers its source once (`registerSearchSource`) from its
 * own files; the search module never needs to know it. `search` must run ONE indexed query, apply
 * `scope` (rows outside it never appear) and return at most `limit` hits, best first.
 */
export type SearchSource = {
  type: string;
  /** French label of the group, plural ("Clients", "Tickets"…). */
  label: string;
  /** The module whose `read` right and row scope govern this source. */
  module: Module;
  /** Order of the groups when ranks tie. */
  order: number;
  /** Quick check: skip the query when it cannot match (e.g. a ticket source without a T- number). */
  accepts?(q: ParsedQuery): boolean;
  search(db: Db, q: ParsedQuery, scope: RowScope, limit: number): Promise<SourceHit[]>;
};

/**
 * The kind of a hit from its rank: 0 identifier or whole name, 1 name begun, 2 every word as typed,
 * 3 every word begun, 4 corrected words. Words as typed are exact matches, never « approché ».
 */
export const matchOfRank = (rank: number): MatchKind =>
  (['exact', 'prefix', 'exact', 'prefix'] as const)[rank] ?? 'fuzzy';

const sources = new Map<string, SearchSource>();

export function registerSearchSource(source: SearchSource): void {
  sources.set(source.type, source);
}

export function searchSources(): SearchSource[] {
  return [...sources.values()].sort((a, b) => a.order - b.order);
}
