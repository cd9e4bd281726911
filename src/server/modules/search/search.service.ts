import { sql } from 'drizzle-orm';
import type { SearchGroup, SearchHit, SearchOut } from '../../../shared/schemas/search.ts';
import { toE164 } from '../../../shared/sms.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { type ParsedQuery, searchSources } from './search.registry.ts';
import './search.sources.ts';

/** Reads the search box once: phone candidates, identifiers, text. */
export function parseQuery(raw: string): ParsedQuery {
  const trimmed = raw.trim().replace(/\s+/g, ' ');
  const text = trimmed.toLowerCase();
  const phoneLike = /^[\d\s.+()/-]+$/.test(trimmed) && /\d.*\d/.test(trimmed);
  const digits = phoneLike ? trimmed.replace(/\D/g, '') : null;
  const phones = new Set<string>();
  if (digits && digits.length >= 9) {
    const add = (s: string) => {
      const e = toE164(s);
      if (e) phones.add(e);
    };
    add(trimmed);
    if (digits.startsWith('00')) add(`+${digits.slice(2)}`);
    if (digits.length === 9) add(`+33${digits}`);
    if (trimmed.startsWith('+')) add(`+${digits}`);
    else add(digits);
  }
  const email = /^[^\s@]+@[^\s@]+$/.test(trimmed) ? text : null;
  const record = /^[a-z]{1,4}-\d{4}-\d+$/i.test(trimmed) ? trimmed.toUpperCase() : null;
  return {
    raw: trimmed,
    text,
    digits,
    phones: [...phones],
    siren: digits?.length === 9 ? digits : null,
    siret: digits?.length === 14 ? digits : null,
    postalCode: digits?.length === 5 && /^\d{5}$/.test(trimmed) ? digits : null,
    email,
    recordNumber: record,
    isText: /\p{L}/u.test(trimmed) && !email,
    fuzzy: null,
  };
}

/** How many vocabulary words may stand for one word of the query. */
const candidatesPerWord = 8;

/**
 * Corrects each word of the query against the vocabulary (`search_words`, trigram index): the word
 * itself, words at pg_trgm similarity ≥ 0.3, and words it begins (« energi » → « energie »), the
 * closest 8 (`search_expand`, migration 0009). One query. Returns the tsquery text that every
 * searchable name must match (each query word by one of its candidates), or null when no word has
 * any. Words without any candidate are left out, unless `everyWord` asks for null then.
 */
export async function expandWords(
  db: Db,
  text: string,
  opts: { everyWord?: boolean } = {},
): Promise<string | null> {
  const res = await db.execute(sql`
    SELECT tok, words,
      (SELECT count(DISTINCT w.lexeme) FROM unnest(search_tsv(${text})) w WHERE length(w.lexeme) >= 2)::int AS n
    FROM search_expand(${text}, ${candidatesPerWord})`);
  const groups = rowsOf<{ tok: string; words: string[]; n: number }>(res);
  if (groups.length === 0) return null;
  // `everyWord`: a word no name has (nor anything close) means no match, rather than being ignored.
  if (opts.everyWord && groups.length < groups[0]!.n) return null;
  const lexeme = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return groups.map((g) => `(${g.words.map(lexeme).join(' | ')})`).join(' & ');
}

/** Lower case without diacritics, one output character per input UTF-16 unit (for highlighting). */
function fold(s: string): string {
  let out = '';
  for (const ch of s) {
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    out += base.length === ch.length ? base : ch.toLowerCase().padEnd(ch.length, ' ').slice(0, ch.length);
  }
  return out;
}

/**
 * The [start, end) ranges of `value` to highlight: each word of the query found (accents folded)
 * in the value; for identifiers (phone, SIRET…) the whole value.
 */
export function highlight(value: string, q: ParsedQuery, field: string): [number, number][] {
  if (field !== 'name' && field !== 'city' && field !== 'tenant') return value ? [[0, value.length]] : [];
  const v = fold(value);
  const ranges: [number, number][] = [];
  for (const word of fold(q.text).split(/[\s,;]+/)) {
    if (word.length < 2) continue;
    // The longest prefix of the word found in the value (tolerates a typo at the end).
    for (let len = word.length; len >= Math.min(3, word.length); len--) {
      const at = v.indexOf(word.slice(0, len));
      if (at >= 0) {
        ranges.push([at, at + len]);
        break;
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

const rankValue = { exact: 0, prefix: 1, fuzzy: 2 } as const;

/**
 * The global search: every registered source the user may read, each with its row scope, grouped
 * by type; groups with an exact hit come first, then prefixes, then fuzzy ones.
 */
export async function search(
  db: Db,
  ctx: RequestContext,
  input: { q: string; types?: string | undefined; limit: number },
): Promise<SearchOut> {
  const q = parseQuery(input.q);
  if (q.isText) q.fuzzy = await expandWords(db, q.text);
  const wanted = input.types ? new Set(input.types.split(',').map((s) => s.trim())) : null;
  const sources = searchSources().filter(
    (s) =>
      (!wanted || wanted.has(s.type)) &&
      ctx.policy.can(s.module, 'read') &&
      ctx.policy.scopeFor(s.module).kind !== 'none' &&
      (s.accepts?.(q) ?? true),
  );
  const one = async (conn: Db, s: (typeof sources)[number]) => {
    const hits = await s.search(conn, q, ctx.policy.scopeFor(s.module), input.limit);
    const items: SearchHit[] = hits.map((h) => ({
      ...h,
      type: s.type,
      ranges: highlight(h.value, q, h.field),
    }));
    return { source: s, items };
  };
  // In parallel on the pool (PGlite runs them one after the other on its single connection).
  const found = await Promise.all(sources.map((s) => one(db, s)));
  const groups: (SearchGroup & { best: number; order: number })[] = found
    .filter((f) => f.items.length > 0)
    .map((f) => ({
      type: f.source.type,
      label: f.source.label,
      items: f.items,
      best: Math.min(...f.items.map((i) => rankValue[i.match] - i.score / 10)),
      order: f.source.order,
    }));
  groups.sort((a, b) => a.best - b.best || a.order - b.order);
  return {
    q: q.raw,
    groups: groups.map(({ type, label, items }) => ({ type, label, items })),
    total: groups.reduce((n, g) => n + g.items.length, 0),
  };
}
