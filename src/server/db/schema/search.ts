import { index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The vocabulary of searchable names (clients, contacts, sites, with cities and postal codes) and
 * ticket subjects (migration 0015): every word once, folded (lower
 * case, no accents). A typo in the search box is corrected against it with a trigram index, then
 * the corrected words are looked up in each table's full-text index (migration 0009). Statement
 * triggers on those tables add new words; a word never removed is harmless.
 */
export const searchWords = pgTable(
  'search_words',
  {
    word: text('word').primaryKey(),
  },
  // Words are added rarely once the base is warm: no pending list, so the index is always usable.
  (t) => [index('search_words_trgm_idx').using('gin', t.word.op('gin_trgm_ops')).with({ fastupdate: false })],
);
