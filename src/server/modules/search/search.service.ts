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
    exactWords: null,
    prefixWords: null,
  };
}

/** How many vocabulary words may stand for one word of the query. */
const candidatesPerWord = 8;

/**
 * The query's words against the vocabulary, as three tsquery texts that every word must satisfy:
 * `fuzzy` (each word by one of its corrections), `exact` (each word as typed) and `prefix` (each word
 * as typed or longer). A source matches `fuzzy` on its index, then ranks a row `exact` or `prefix`
 * when it also matches those (« garnier » in « Crédit Mutuel Garnier » is exact, not approximate).
 */
export type CorrectedWords = { fuzzy: string; exact: string; prefix: string };

/**
 * Corrects each word of the query against the vocabulary (`search_words`, trigram index): the word
 * itself, words it begins (« energi » → « energie ») and close words, the closest 8 (`search_expand`,
 * migrations 0009 and 0015). A word the vocabulary knows keeps only words at similarity ≥ 0.5
 * (« garnier » no longer brings « gare », « gauthier », « fournier »); an unknown word, a typo, keeps
 * those at ≥ 0.3. One query. Null when no word has any candidate. Words without any candidate are
 * left out, unless `everyWord` asks for null then.
 */
export async function correctWords(
  db: Db,
  text: string,
  opts: { everyWord?: boolean } = {},
): Promise<CorrectedWords | null> {
  const res = await db.execute(sql`
    SELECT tok, words,
      (SELECT count(DISTINCT w.lexeme) FROM unnest(search_tsv(${text})) w WHERE length(w.lexeme) >= 2)::int AS n
    FROM search_expand(${text}, ${candidatesPerWord})`);
  const groups = rowsOf<{ tok: string; words: string[]; n: number }>(res);
  if (groups.length === 0) return null;
  // `everyWord`: a word no name has (nor anything close) means no match, rather than being ignored.
  if (opts.everyWord && groups.length < groups[0]!.n) return null;
  const lexeme = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return {
    fuzzy: groups.map((g) => `(${g.words.map(lexeme).join(' | ')})`).join(' & '),
    exact: groups.map((g) => lexeme(g.tok)).join(' & '),
    prefix: groups.map((g) => `${lexeme(g.tok)}:*`).join(' & '),
  };
}

/** The `fuzzy` tsquery of `correctWords`: what the clients list filter matches. */
export async function expandWords(
  db: Db,
  text: string,
  opts: { everyWord?: boolean } = {},
): Promise<string | null> {
  return (await correctWords(db, text, opts))?.fuzzy ?? null;
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

/** Fields whose words are highlighted (the others, identifiers, are highlighted whole). */
const wordFields = new Set(['name', 'city', 'tenant', 'subject', 'client']);

/**
 * The [start, end) ranges of `value` to highlight: each word of the query found (accents folded)
 * in the value; for identifiers (phone, SIRET…) the whole value.
 */
export function highlight(value: string, q: ParsedQuery, field: string): [number, number][] {
  if (!wordFields.has(field)) return value ? [[0, value.length]] : [];
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
  if (q.isText) {
    const words = await correctWords(db, q.text);
    q.fuzzy = words?.fuzzy ?? null;
    q.exactWords = words?.exact ?? null;
    q.prefixWords = words?.prefix ?? null;
  }
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
