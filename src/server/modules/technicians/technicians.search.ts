import { likeStartsWith as prefixOf, rowsOf } from '../../infra/db.ts';
import { sql, type SQL } from 'drizzle-orm';
import { roleLabels, technicianRoleOfKind } from '../../../shared/permissions.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeSql } from '../../policy/scope-sql.ts';
import { registerSearchSource, type SourceHit } from '../search/search.registry.ts';
import { kindOfRole } from './technicians.repo.ts';

/**
 * Global search source `technicians` (module planning): name (exact, prefix of the name or of a
 * word, fuzzy) and phone (E.164). Scope: staff see every technician, a field technician himself, a
 * partner none.
 */
const scopeSqlOf = (scope: RowScope): SQL => scopeSql(scope, { technician: sql`t.user_id` });

registerSearchSource({
  type: 'technicians',
  label: 'Techniciens',
  module: 'planning',
  order: 40,
  async search(db, q, scope, limit) {
    if (scope.kind === 'none' || scope.kind === 'partner') return [];
    const name = sql`f_unaccent(lower(u.name))`;
    const text = q.isText ? q.text : null;
    const phones = `{${q.phones.join(',')}}`;
    const res = await db.execute(sql`
      SELECT t.id, u.name, u.role, t.home_city, t.phone,
             CASE WHEN t.phone_e164 = ANY(${phones}::text[]) THEN 'phone' ELSE 'name' END AS field,
             CASE WHEN t.phone_e164 = ANY(${phones}::text[]) OR ${name} = f_unaccent(${text ?? ''}) THEN 0
                  WHEN ${text !== null} AND (${name} LIKE f_unaccent(${prefixOf(text ?? '')})
                    OR ${name} LIKE f_unaccent(${`% ${prefixOf(text ?? '')}`})) THEN 1 ELSE 2 END AS rank,
             ${text !== null ? sql`word_similarity(f_unaccent(${text}), ${name})` : sql`0`} AS score
        FROM technicians t JOIN users u ON u.id = t.user_id
       WHERE ${scopeSqlOf(scope)}
         AND (t.phone_e164 = ANY(${phones}::text[])
           ${
             text !== null
               ? sql`OR ${name} LIKE f_unaccent(${`%${prefixOf(text)}`}) OR f_unaccent(${text}) <% ${name}`
               : sql``
           })
       ORDER BY rank, score DESC, u.name
       LIMIT ${limit}`);
    const rows = rowsOf<Record<string, unknown>>(res);
    return rows.map(
      (r): SourceHit => ({
        id: String(r.id),
        title: String(r.name),
        subtitle: [roleLabels[technicianRoleOfKind[kindOfRole(String(r.role))]], r.home_city]
          .filter(Boolean)
          .join(' · '),
        url: `/techniciens/${r.id}`,
        match: Number(r.rank) === 0 ? 'exact' : Number(r.rank) === 1 ? 'prefix' : 'fuzzy',
        score: Number(r.rank) === 0 ? 1 : Math.round(Number(r.score ?? 0) * 1000) / 1000,
        field: String(r.field),
        fieldLabel: r.field === 'phone' ? 'Téléphone' : 'Nom',
        value: String(r.field === 'phone' ? r.phone : r.name),
      }),
    );
  },
});
