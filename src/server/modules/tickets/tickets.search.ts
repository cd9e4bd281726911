import { sql, type SQL } from 'drizzle-orm';
import { type TicketStatus, ticketStatusLabels, unqualifiedClientLabel } from '../../../shared/tickets.ts';
import { likeStartsWith, rowsOf } from '../../infra/db.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeSql } from '../../policy/scope-sql.ts';
import { matchOfRank, type ParsedQuery, registerSearchSource } from '../search/search.registry.ts';

/**
 * Row scope on tickets `t` left-joined to clients `c`: a ticket « à qualifier » (no client) has no
 * partner, so a partner never finds one; staff who read every ticket do.
 */
const scopeSqlOf = (scope: RowScope): SQL => scopeSql(scope, { partner: sql`c.partner_id` });

/** Rows kept per branch before ranking. */
const branchCap = 200;

/** `T-2026-38` and `t-2026-000038` both stand for `T-2026-000038`. */
function numbersOf(q: ParsedQuery): string[] {
  const m = q.recordNumber?.match(/^T-(\d{4})-(\d+)$/);
  if (!m) return [];
  return [...new Set([q.recordNumber!, `T-${m[1]}-${m[2]!.padStart(6, '0')}`])];
}

/**
 * The requester's address typed whole or begun (`inconnu@ailleurs.fr`, `inconnu@`, `inconnu`): the
 * sender of a ticket « à qualifier », found among the tickets without client (`tickets_client_idx`).
 */
function requesterOf(q: ParsedQuery): string | null {
  if (q.email) return q.email;
  return q.isText && q.text.length >= 3 && !/\s/.test(q.text) ? q.text : null;
}

/**
 * Tickets in the search box (issue 15 item 14): by number (`T-2026-000123`, unique index), by the
 * words of the subject (`tickets_subject_words_idx`) or by those of the client (its name, city,
 * contacts, sites: `clients_search_doc_idx`), each word corrected against the vocabulary, which
 * learns the subjects' words (migration 0015) — the same accent and typo tolerance as client names.
 * Every word must match the subject, or every word the client. Ranked: number, subject words as
 * typed, begun, corrected; then open before closed, newest first. Scope applied: a partner finds only
 * the tickets of its own clients. Tickets « à qualifier » (no client yet) are found by number, subject
 * and requester's address, by staff only (issue 15 follow-up).
 */
registerSearchSource({
  type: 'tickets',
  label: 'Tickets',
  module: 'tickets',
  order: 30,
  accepts: (q) => numbersOf(q).length > 0 || (q.isText && q.fuzzy !== null) || requesterOf(q) !== null,
  async search(db, q, scope, limit) {
    const numbers = numbersOf(q);
    const requester = requesterOf(q);
    const scoped = scopeSqlOf(scope);
    const from = sql`FROM tickets t LEFT JOIN clients c ON c.id = t.client_id`;
    const branch = (where: SQL) => sql`(SELECT t.id ${from} WHERE ${where} AND ${scoped} LIMIT ${branchCap})`;
    const subject = sql`search_tsv(t.subject)`;
    const branches: SQL[] = [];
    if (numbers.length > 0) branches.push(branch(sql`t.number IN (${sql.join(numbers, sql`, `)})`));
    const byRequester = requester
      ? sql`(t.client_id IS NULL AND lower(t.requester_email) LIKE ${likeStartsWith(requester)})`
      : sql`false`;
    if (requester) branches.push(branch(byRequester));
    if (q.fuzzy) {
      branches.push(branch(sql`${subject} @@ ${q.fuzzy}::tsquery`));
      // The client's tickets, newest first: through the client's index, then its tickets.
      branches.push(
        sql`(SELECT t.id FROM (SELECT c.id FROM clients c WHERE c.search_doc @@ ${q.fuzzy}::tsquery AND ${scoped}
              LIMIT ${branchCap}) m
            CROSS JOIN LATERAL (SELECT t.id FROM tickets t WHERE t.client_id = m.id
              ORDER BY t.created_at DESC LIMIT 20) t LIMIT ${branchCap})`,
      );
    }
    if (branches.length === 0) return [];
    const words = (w: string | null, doc: SQL) => (w ? sql`${doc} @@ ${w}::tsquery` : sql`false`);
    const bySubject = q.fuzzy ? sql`${subject} @@ ${q.fuzzy}::tsquery` : sql`false`;
    const byNumber = numbers.length ? sql`t.number IN (${sql.join(numbers, sql`, `)})` : sql`false`;
    const res = await db.execute(
      sql`SELECT t.id, t.number, t.subject, t.status, t.requester_email,
            coalesce(c.name, ${unqualifiedClientLabel}) AS client_name,
            CASE WHEN ${byNumber} THEN 'number' WHEN ${byRequester} THEN 'requester'
              WHEN ${bySubject} THEN 'subject' ELSE 'client' END AS field,
            CASE WHEN ${byNumber} THEN 0
              WHEN ${byRequester} THEN (CASE WHEN lower(t.requester_email) = ${requester ?? ''} THEN 0 ELSE 1 END)
              WHEN ${words(q.exactWords, subject)} THEN 2 WHEN ${words(q.prefixWords, subject)} THEN 3
              WHEN ${bySubject} THEN 4
              WHEN ${words(q.exactWords, sql`c.search_doc`)} THEN 2
              WHEN ${words(q.prefixWords, sql`c.search_doc`)} THEN 3 ELSE 4 END AS rank
          ${from}
          WHERE t.id IN (${sql.join(branches, sql` UNION `)})
          ORDER BY rank, (t.status IN ('resolu', 'clos')), t.created_at DESC LIMIT ${limit}`,
    );
    const labels = { number: 'Numéro', subject: 'Objet', requester: 'Demandeur', client: 'Client' } as const;
    return rowsOf<Record<string, string>>(res).map((r) => {
      const field = r.field as keyof typeof labels;
      // Found through its client: never a better match than the client itself, whose group comes
      // first (a partner typing its client's name opens the client with Entrée, not an old ticket).
      const rank = field === 'client' ? Math.max(Number(r.rank), 3) : Number(r.rank);
      const status = ticketStatusLabels[r.status as TicketStatus] ?? r.status;
      return {
        id: r.id!,
        title: `${r.number} — ${r.subject}`,
        // Found by its client: the client is the matched value already, not repeated.
        subtitle: field === 'client' ? (status ?? null) : `${r.client_name} · ${status}`,
        url: `/tickets/${r.id}`,
        match: matchOfRank(rank),
        // A ticket found through its client ranks after the client itself (clients score > 0).
        score: field === 'client' ? 0 : rank === 4 ? 0.5 : 1,
        field,
        fieldLabel: labels[field],
        value: {
          number: r.number!,
          subject: r.subject!,
          requester: r.requester_email!,
          client: r.client_name!,
        }[field],
      };
    });
  },
});
