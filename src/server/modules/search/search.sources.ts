import { sql, type SQL } from 'drizzle-orm';
import { formatPhone } from '../../../shared/phone.ts';
import { formatRange } from '../../../shared/schemas/client-records.ts';
import { type Db, likeStartsWith as prefixOf, selectRows } from '../../infra/db.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeSql } from '../../policy/scope-sql.ts';
import { matchOfRank, type ParsedQuery, registerSearchSource, type SourceHit } from './search.registry.ts';

/**
 * The sources of the clients module: clients, contacts, sites, telephony platforms and SDA numbers.
 * Each is one query whose every branch is backed by an index (migrations 0007 and 0009): btree for
 * identifiers and exact/prefix names, the full-text index of the name's words for fuzzy names.
 */

/** Row scope on the `clients` table aliased `c` (a partner: its clients only). */
const scopeSqlOf = (scope: RowScope): SQL => scopeSql(scope, { partner: sql`c.partner_id` });

const phonesArray = (q: ParsedQuery) => sql`${`{${q.phones.join(',')}}`}::text[]`;

type Row = Record<string, unknown>;
const rows = (db: Db, query: SQL) => selectRows<Row>(db, query);

/** The rank of a row (see `matchOfRank`) from its conditions. */
const rankCase = (exact: SQL, prefix: SQL, wordsExact: SQL, wordsPrefix: SQL) =>
  sql`CASE WHEN ${exact} THEN 0 WHEN ${prefix} THEN 1 WHEN ${wordsExact} THEN 2 WHEN ${wordsPrefix} THEN 3 ELSE 4 END`;

/**
 * A name condition: exact and prefix on the folded name (btree), fuzzy through the full-text index
 * of the name's words (`tsv`: search_tsv(…), migration 0009) with the query's words corrected
 * against the vocabulary (`q.fuzzy`, see search.service.ts `expandWords`).
 */
function nameMatch(expr: SQL, tsv: SQL, q: ParsedQuery) {
  const no = sql`false`;
  if (!q.isText) return { exact: no, prefix: no, fuzzy: no, score: sql`0`, wordsExact: no, wordsPrefix: no };
  const t = q.text;
  const exact = sql`${expr} = f_unaccent(${t})`;
  const prefix = sql`${expr} LIKE f_unaccent(${prefixOf(t)})`;
  // For the rank only: every word found as typed (or as typed and longer) is no approximation either.
  const words = (w: string | null) => (w ? sql`${tsv} @@ ${w}::tsquery` : no);
  return {
    exact,
    prefix,
    wordsExact: words(q.exactWords),
    wordsPrefix: words(q.prefixWords),
    fuzzy: q.fuzzy ? sql`${tsv} @@ ${q.fuzzy}::tsquery` : sql`false`,
    score: sql`word_similarity(f_unaccent(${t}), ${expr})`,
  };
}

/** Rows kept per branch before ranking: a common word must not make a query rank 100 000 rows. */
const branchCap = 200;

/**
 * The ids matching any branch, each branch capped and answered by its own index: identifiers,
 * exact name, name prefix, corrected words.
 */
function matchingIds(table: SQL, alias: SQL, join: SQL, scope: SQL, branches: SQL[]): SQL {
  const parts = branches.map(
    (b) =>
      sql`(SELECT ${alias}.id FROM ${table} ${alias} ${join} WHERE (${b}) AND ${scope} LIMIT ${branchCap})`,
  );
  return sql.join(parts, sql` UNION `);
}

const labels: Record<string, string> = {
  name: 'Nom',
  siren: 'SIREN',
  siret: 'SIRET',
  email: 'E-mail',
  phone: 'Téléphone',
  mobile: 'Mobile',
  postal_code: 'Code postal',
  city: 'Ville',
  tenant: 'Identifiant de tenant',
  provider: 'Opérateur',
  range: 'Plage SDA',
};

/** Fields holding a phone number: shown the French way (« 04 78 12 34 57 »), not as typed. */
const phoneFields = new Set(['phone', 'mobile']);

function hit(r: Row, title: string, subtitle: string | null, url: string): SourceHit {
  const field = String(r.field);
  const value = String(r.value ?? title);
  return {
    id: String(r.id),
    title,
    subtitle,
    url,
    match: matchOfRank(Number(r.rank)),
    score: Number(r.rank) === 0 ? 1 : Math.round(Number(r.score ?? 0) * 1000) / 1000,
    field,
    fieldLabel: labels[field] ?? field,
    value: phoneFields.has(field) ? formatPhone(value) : value,
  };
}

registerSearchSource({
  type: 'clients',
  label: 'Clients',
  module: 'clients',
  order: 10,
  async search(db, q, scope, limit) {
    // Each word in the name, city, postal code, a contact or a site (`search_doc`, migration 0015).
    const name = nameMatch(sql`f_unaccent(lower(c.name))`, sql`c.search_doc`, q);
    const ids: SQL[] = [];
    const field: SQL[] = [];
    if (q.siren) {
      ids.push(sql`c.siren = ${q.siren}`);
      field.push(sql`WHEN c.siren = ${q.siren} THEN 'siren'`);
    }
    if (q.siret) {
      ids.push(sql`c.siret = ${q.siret}`);
      field.push(sql`WHEN c.siret = ${q.siret} THEN 'siret'`);
    }
    if (q.email) {
      ids.push(sql`lower(c.email) = ${q.email}`);
      field.push(sql`WHEN lower(c.email) = ${q.email} THEN 'email'`);
    }
    if (q.phones.length > 0) {
      ids.push(sql`c.phone_e164 = ANY(${phonesArray(q)})`);
      field.push(sql`WHEN c.phone_e164 = ANY(${phonesArray(q)}) THEN 'phone'`);
    }
    if (q.postalCode) {
      ids.push(sql`c.postal_code = ${q.postalCode}`);
      field.push(sql`WHEN c.postal_code = ${q.postalCode} THEN 'postal_code'`);
    }
    if (q.isText) {
      ids.push(sql`f_unaccent(lower(c.city)) = f_unaccent(${q.text})`);
      field.push(sql`WHEN f_unaccent(lower(c.city)) = f_unaccent(${q.text}) THEN 'city'`);
    }
    const exact = ids.length ? sql.join(ids, sql` OR `) : sql`false`;
    const fieldCase = sql`CASE ${sql.join([...field], sql` `)} ELSE 'name' END`;
    const list = await rows(
      db,
      sql`SELECT id, name, city, postal_code, field, rank, score,
            CASE field WHEN 'siren' THEN siren WHEN 'siret' THEN siret WHEN 'email' THEN email
              WHEN 'phone' THEN phone WHEN 'postal_code' THEN postal_code WHEN 'city' THEN city ELSE name END AS value
          FROM (
            SELECT c.id, c.name, c.city, c.postal_code, c.siren, c.siret, c.email, c.phone,
              ${field.length ? fieldCase : sql`'name'`} AS field,
              ${rankCase(sql`(${exact}) OR ${name.exact}`, name.prefix, name.wordsExact, name.wordsPrefix)} AS rank,
              ${q.isText ? sql`word_similarity(f_unaccent(${q.text}), f_unaccent(lower(c.name || ' ' || coalesce(c.city, ''))))` : sql`0`} AS score
            FROM clients c
            WHERE c.id IN (${matchingIds(sql`clients`, sql`c`, sql``, scopeSqlOf(scope), [exact, name.exact, name.prefix, name.fuzzy])})
          ) x
          ORDER BY rank, score DESC, name
          LIMIT ${limit}`,
    );
    return list.map((r) =>
      hit(
        r,
        String(r.name),
        [r.postal_code, r.city].filter(Boolean).join(' ') || null,
        `/clients/${String(r.id)}`,
      ),
    );
  },
});

registerSearchSource({
  type: 'contacts',
  label: 'Contacts',
  module: 'clients',
  order: 20,
  async search(db, q, scope, limit) {
    const full = sql`f_unaccent(lower(k.first_name || ' ' || k.last_name))`;
    const name = nameMatch(full, sql`search_tsv(k.first_name || ' ' || k.last_name)`, q);
    const ids: SQL[] = [];
    const field: SQL[] = [];
    if (q.email) {
      ids.push(sql`lower(k.email) = ${q.email}`);
      field.push(sql`WHEN lower(k.email) = ${q.email} THEN 'email'`);
    }
    if (q.phones.length > 0) {
      ids.push(sql`k.phone_e164 = ANY(${phonesArray(q)})`, sql`k.mobile_e164 = ANY(${phonesArray(q)})`);
      field.push(
        sql`WHEN k.phone_e164 = ANY(${phonesArray(q)}) THEN 'phone'`,
        sql`WHEN k.mobile_e164 = ANY(${phonesArray(q)}) THEN 'mobile'`,
      );
    }
    // "Dupont Marie" as well as "Marie Dupont".
    let reversed = sql`false`;
    if (q.isText && q.text.includes(' ')) {
      const parts = q.text.split(/\s+/);
      const rev = `${parts.slice(1).join(' ')} ${parts[0]}`;
      reversed = sql`${full} = f_unaccent(${rev})`;
    }
    const exact = ids.length ? sql.join(ids, sql` OR `) : sql`false`;
    const list = await rows(
      db,
      sql`SELECT k.id, k.client_id, k.first_name, k.last_name, k.job_title, c.name AS client_name,
            ${field.length ? sql`CASE ${sql.join(field, sql` `)} ELSE 'name' END` : sql`'name'`} AS field,
            ${rankCase(sql`(${exact}) OR ${name.exact} OR ${reversed}`, name.prefix, name.wordsExact, name.wordsPrefix)} AS rank,
            ${name.score} AS score,
            k.email, k.phone, k.mobile
          FROM contacts k JOIN clients c ON c.id = k.client_id
          WHERE k.id IN (${matchingIds(
            sql`contacts`,
            sql`k`,
            sql`JOIN clients c ON c.id = k.client_id`,
            scopeSqlOf(scope),
            [exact, reversed, name.exact, name.prefix, name.fuzzy],
          )})
          ORDER BY rank, score DESC, k.last_name, k.first_name
          LIMIT ${limit}`,
    );
    return list.map((r) => {
      const title = `${String(r.first_name)} ${String(r.last_name)}`;
      const f = String(r.field);
      const value = f === 'email' ? r.email : f === 'phone' ? r.phone : f === 'mobile' ? r.mobile : title;
      return hit(
        { ...r, value },
        title,
        [r.job_title, r.client_name].filter(Boolean).join(' · ') || null,
        `/clients/${String(r.client_id)}`,
      );
    });
  },
});

registerSearchSource({
  type: 'sites',
  label: 'Sites',
  module: 'clients',
  order: 30,
  async search(db, q, scope, limit) {
    const expr = sql`f_unaccent(lower(s.name || ' ' || coalesce(s.city, '')))`;
    const name = nameMatch(expr, sql`search_tsv(s.name || ' ' || coalesce(s.city, ''))`, q);
    const ids: SQL[] = [];
    const field: SQL[] = [];
    if (q.postalCode) {
      ids.push(sql`s.postal_code = ${q.postalCode}`);
      field.push(sql`WHEN s.postal_code = ${q.postalCode} THEN 'postal_code'`);
    }
    if (q.phones.length > 0) {
      ids.push(sql`s.phone_e164 = ANY(${phonesArray(q)})`);
      field.push(sql`WHEN s.phone_e164 = ANY(${phonesArray(q)}) THEN 'phone'`);
    }
    const exact = ids.length ? sql.join(ids, sql` OR `) : sql`false`;
    const list = await rows(
      db,
      sql`SELECT s.id, s.client_id, s.name, s.city, s.postal_code, s.phone, c.name AS client_name,
            ${field.length ? sql`CASE ${sql.join(field, sql` `)} ELSE 'name' END` : sql`'name'`} AS field,
            ${rankCase(sql`(${exact}) OR ${name.exact}`, name.prefix, name.wordsExact, name.wordsPrefix)} AS rank,
            ${name.score} AS score
          FROM sites s JOIN clients c ON c.id = s.client_id
          WHERE s.id IN (${matchingIds(
            sql`sites`,
            sql`s`,
            sql`JOIN clients c ON c.id = s.client_id`,
            scopeSqlOf(scope),
            [exact, name.exact, name.prefix, name.fuzzy],
          )})
          ORDER BY rank, score DESC, s.name
          LIMIT ${limit}`,
    );
    return list.map((r) => {
      const f = String(r.field);
      const title = String(r.name);
      const place = [r.postal_code, r.city].filter(Boolean).join(' ');
      const value = f === 'postal_code' ? r.postal_code : f === 'phone' ? r.phone : title;
      return hit(
        { ...r, value },
        title,
        [place, r.client_name].filter(Boolean).join(' · ') || null,
        `/clients/${String(r.client_id)}`,
      );
    });
  },
});

registerSearchSource({
  type: 'platforms',
  label: 'Plateformes téléphoniques',
  module: 'clients',
  order: 40,
  accepts: (q) => q.raw.length >= 3,
  async search(db, q, scope, limit) {
    const t = q.raw.trim().toLowerCase();
    const list = await rows(
      db,
      sql`SELECT p.id, p.client_id, p.kind, p.provider, p.tenant_id, c.name AS client_name,
            'tenant' AS field,
            CASE WHEN lower(p.tenant_id) = ${t} THEN 0 ELSE 1 END AS rank, 1 AS score
          FROM telephony_platforms p JOIN clients c ON c.id = p.client_id
          WHERE lower(p.tenant_id) LIKE ${prefixOf(t)} AND ${scopeSqlOf(scope)}
          ORDER BY rank, p.tenant_id
          LIMIT ${limit}`,
    );
    return list.map((r) =>
      hit(
        { ...r, value: r.tenant_id },
        `${String(r.provider ?? r.kind)} · ${String(r.tenant_id)}`,
        String(r.client_name),
        `/clients/${String(r.client_id)}`,
      ),
    );
  },
});

registerSearchSource({
  type: 'numbers',
  label: 'Numéros (SDA)',
  module: 'clients',
  order: 50,
  accepts: (q) => q.phones.length > 0,
  async search(db, q, scope, limit) {
    const nums = q.phones.map((p) => p.slice(1));
    const list = await rows(
      db,
      sql`SELECT r.id, r.client_id, r.start_e164, r.end_e164, r.label, c.name AS client_name,
            p.provider, 'range' AS field, 0 AS rank, 1 AS score
          FROM unnest(${`{${nums.join(',')}}`}::bigint[]) AS n(num)
          CROSS JOIN LATERAL (
            SELECT * FROM number_ranges nr WHERE nr.start_num <= n.num
            ORDER BY nr.start_num DESC LIMIT 20
          ) r
          JOIN clients c ON c.id = r.client_id
          JOIN telephony_platforms p ON p.id = r.platform_id
          WHERE r.end_num >= n.num AND ${scopeSqlOf(scope)}
          LIMIT ${limit}`,
    );
    return list.map((r) =>
      hit(
        { ...r, value: formatRange(String(r.start_e164), String(r.end_e164)) },
        String(r.client_name),
        [r.label, r.provider].filter(Boolean).join(' · ') || null,
        `/clients/${String(r.client_id)}`,
      ),
    );
  },
});
