import { likeContains as likeOf, rowsOf } from '../../infra/db.ts';
import { sql, type SQL } from 'drizzle-orm';
import {
  interventionStatusLabels,
  isInterventionNumber,
  type InterventionStatus,
} from '../../../shared/interventions.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeSql } from '../../policy/scope-sql.ts';
import { registerSearchSource } from '../search/search.registry.ts';

/** Row scope on interventions `i` joined to clients `c`. */
const scopeSqlOf = (scope: RowScope): SQL =>
  scopeSql(scope, {
    partner: sql`c.partner_id`,
    technician: (
      userId,
    ) => sql`EXISTS (SELECT 1 FROM intervention_technicians it JOIN technicians t ON t.id = it.technician_id
        WHERE it.intervention_id = i.id AND t.user_id = ${userId}::uuid)`,
  });

/**
 * Interventions in the search box: by number (`INT-2026-000012`, unique index) or by words of the
 * title (accents folded).
 */
registerSearchSource({
  type: 'interventions',
  label: 'Interventions',
  module: 'interventions',
  order: 40,
  accepts: (q) =>
    (q.recordNumber ? isInterventionNumber(q.recordNumber) : false) || (q.isText && q.text.length >= 3),
  async search(db, q, scope, limit) {
    const byNumber = q.recordNumber && isInterventionNumber(q.recordNumber) ? q.recordNumber : null;
    const match = byNumber
      ? sql`i.number = ${byNumber}`
      : sql`f_unaccent(lower(i.title)) LIKE f_unaccent(${likeOf(q.text)})`;
    const res = await db.execute(
      sql`SELECT i.id, i.number, i.title, i.status, c.name AS client_name
          FROM interventions i JOIN clients c ON c.id = i.client_id
          WHERE ${match} AND ${scopeSqlOf(scope)}
          ORDER BY i.created_at DESC LIMIT ${limit}`,
    );
    const rows = rowsOf<Record<string, string>>(res);
    return rows.map((r) => ({
      id: r.id!,
      title: `${r.number} — ${r.title}`,
      subtitle: `${r.client_name} · ${interventionStatusLabels[r.status as InterventionStatus] ?? r.status}`,
      url: `/interventions/${r.id}`,
      match: byNumber ? ('exact' as const) : ('fuzzy' as const),
      score: byNumber ? 1 : 0.5,
      field: byNumber ? 'number' : 'title',
      fieldLabel: byNumber ? 'Numéro' : 'Titre',
      value: byNumber ? r.number! : r.title!,
    }));
  },
});
