import { rowsOf } from '../../infra/db.ts';
import { sql, type SQL } from 'drizzle-orm';
import { type TicketStatus, ticketStatusLabels } from '../../../shared/tickets.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeSql } from '../../policy/scope-sql.ts';
import { registerSearchSource } from '../search/search.registry.ts';

/** Row scope on tickets `t` joined to clients `c`. */
const scopeSqlOf = (scope: RowScope): SQL => scopeSql(scope, { partner: sql`c.partner_id` });

/**
 * Tickets in the search box: by number (`T-2026-000123`, unique index) or by the words of the
 * subject, corrected against the vocabulary (`q.fuzzy`). Scope applied: a partner finds only the
 * tickets of its own clients.
 */
registerSearchSource({
  type: 'tickets',
  label: 'Tickets',
  module: 'tickets',
  order: 30,
  accepts: (q) => (q.recordNumber?.startsWith('T-') ?? false) || (q.isText && q.fuzzy !== null),
  async search(db, q, scope, limit) {
    const byNumber = q.recordNumber?.startsWith('T-') ? q.recordNumber : null;
    const match = byNumber
      ? sql`t.number = ${byNumber}`
      : q.fuzzy
        ? sql`search_tsv(t.subject) @@ ${q.fuzzy}::tsquery`
        : sql`false`;
    const res = await db.execute(
      sql`SELECT t.id, t.number, t.subject, t.status, c.name AS client_name
          FROM tickets t JOIN clients c ON c.id = t.client_id
          WHERE ${match} AND ${scopeSqlOf(scope)}
          ORDER BY (t.status IN ('resolu', 'clos')), t.created_at DESC LIMIT ${limit}`,
    );
    const rows = rowsOf<Record<string, string>>(res);
    return rows.map((r) => ({
      id: r.id!,
      title: `${r.number} — ${r.subject}`,
      subtitle: `${r.client_name} · ${ticketStatusLabels[r.status as TicketStatus] ?? r.status}`,
      url: `/tickets/${r.id}`,
      match: byNumber ? ('exact' as const) : ('fuzzy' as const),
      score: byNumber ? 1 : 0.5,
      field: byNumber ? 'number' : 'subject',
      fieldLabel: byNumber ? 'Numéro' : 'Objet',
      value: byNumber ? r.number! : r.subject!,
    }));
  },
});
