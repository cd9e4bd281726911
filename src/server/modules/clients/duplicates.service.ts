import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { isValidSiren, isValidSiret } from '../../../shared/schemas/common.ts';
import type { DuplicateOut, duplicatesBody } from '../../../shared/schemas/client-import.ts';
import { toE164 } from '../../../shared/sms.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { conflict } from '../../infra/errors.ts';
import type { RowScope } from '../../policy/policy.ts';
import { scopeSql } from '../../policy/scope-sql.ts';

/** What a would-be client is compared on. `i` ties the answers to the candidate. */
export type Candidate = {
  i: number;
  name?: string | null | undefined;
  siret?: string | null | undefined;
  siren?: string | null | undefined;
  /** Phones in E.164 (the client's, its site's, its contact's). */
  phones?: (string | null | undefined)[];
  /** E-mails (any case). */
  emails?: (string | null | undefined)[];
  postalCode?: string | null | undefined;
};

/** Similarity (pg_trgm, accents and case ignored) from which two names in one postal code look alike. */
export const similarNameThreshold = 0.6;

const scopeSqlOf = (scope: RowScope): SQL => scopeSql(scope, { partner: sql`c.partner_id` });

const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

type Hit = {
  i: number;
  id: string;
  name: string;
  postal_code: string | null;
  city: string | null;
  reason: string;
  exact: boolean;
};

/**
 * Likely duplicates of each candidate among the clients the scope lets one see: same SIRET (or
 * SIREN without SIRET), same phone on a client, a site or a contact, same e-mail on a client or a
 * contact, or a very similar name in the same postal code. Batched: one query for all candidates.
 */
export async function findDuplicates(
  db: Db,
  scope: RowScope,
  candidates: Candidate[],
  opts: {
    fuzzyNames?: boolean;
    /** Only these clients (with their contacts and sites) are compared: what changed since a check. */
    among?: string[];
    /** Receives the check's `since` mark (see `changedClientsSince`), taken before it reads. */
    mark?: (since: string) => void;
  } = {},
): Promise<Map<number, DuplicateOut[]>> {
  const sirets: { i: number; v: string }[] = [];
  const sirens: { i: number; v: string }[] = [];
  const phones: { i: number; v: string }[] = [];
  const emails: { i: number; v: string }[] = [];
  const names: { i: number; n: string; p: string }[] = [];
  for (const c of candidates) {
    if (c.siret) sirets.push({ i: c.i, v: c.siret });
    else if (c.siren) sirens.push({ i: c.i, v: c.siren });
    for (const p of new Set(c.phones ?? [])) if (p) phones.push({ i: c.i, v: p });
    for (const e of new Set((c.emails ?? []).map((x) => x?.trim().toLowerCase()))) {
      if (e) emails.push({ i: c.i, v: e });
    }
    if (c.name && c.name.trim().length >= 2 && c.postalCode) {
      names.push({ i: c.i, n: c.name.trim(), p: c.postalCode.trim() });
    }
  }
  const scoped = scopeSqlOf(scope);
  const cols = sql`c.id, c.name, c.postal_code, c.city`;
  // `among`: each table read only for those clients (OFFSET 0 keeps the subquery apart, and nested
  // loops are off, so that the few rows are hashed against the candidates rather than each
  // candidate looked up in the indexes).
  const ids = opts.among ? sql`${`{${opts.among.join(',')}}`}::uuid[]` : null;
  const clientsT = ids ? sql`(SELECT * FROM clients WHERE id = ANY(${ids}) OFFSET 0)` : sql`clients`;
  const contactsT = ids
    ? sql`(SELECT * FROM contacts WHERE client_id = ANY(${ids}) OFFSET 0)`
    : sql`contacts`;
  const sitesT = ids ? sql`(SELECT * FROM sites WHERE client_id = ANY(${ids}) OFFSET 0)` : sql`sites`;
  const parts: SQL[] = [];
  if (sirets.length)
    parts.push(sql`SELECT x.i, ${cols}, 'Même SIRET' AS reason, true AS exact
      FROM jsonb_to_recordset(${json(sirets)}) AS x(i int, v text) JOIN ${clientsT} c ON c.siret = x.v WHERE ${scoped}`);
  if (sirens.length)
    parts.push(sql`SELECT x.i, ${cols}, 'Même SIREN' AS reason, false AS exact
      FROM jsonb_to_recordset(${json(sirens)}) AS x(i int, v text) JOIN ${clientsT} c ON c.siren = x.v WHERE ${scoped}`);
  if (phones.length) {
    const x = sql`jsonb_to_recordset(${json(phones)}) AS x(i int, v text)`;
    parts.push(sql`SELECT x.i, ${cols}, 'Même téléphone' AS reason, true AS exact
      FROM ${x} JOIN ${clientsT} c ON c.phone_e164 = x.v WHERE ${scoped}`);
    parts.push(sql`SELECT x.i, ${cols}, 'Même téléphone que le site « ' || s.name || ' »' AS reason, true AS exact
      FROM ${x} JOIN ${sitesT} s ON s.phone_e164 = x.v JOIN ${clientsT} c ON c.id = s.client_id WHERE ${scoped}`);
    parts.push(sql`SELECT x.i, ${cols}, 'Même téléphone que le contact ' || ct.first_name || ' ' || ct.last_name AS reason, true AS exact
      FROM ${x} JOIN ${contactsT} ct ON ct.phone_e164 = x.v JOIN ${clientsT} c ON c.id = ct.client_id WHERE ${scoped}`);
    parts.push(sql`SELECT x.i, ${cols}, 'Même téléphone que le mobile du contact ' || ct.first_name || ' ' || ct.last_name AS reason, true AS exact
      FROM ${x} JOIN ${contactsT} ct ON ct.mobile_e164 = x.v JOIN ${clientsT} c ON c.id = ct.client_id WHERE ${scoped}`);
  }
  if (emails.length) {
    const x = sql`jsonb_to_recordset(${json(emails)}) AS x(i int, v text)`;
    parts.push(sql`SELECT x.i, ${cols}, 'Même e-mail' AS reason, true AS exact
      FROM ${x} JOIN ${clientsT} c ON lower(c.email) = x.v WHERE ${scoped}`);
    parts.push(sql`SELECT x.i, ${cols}, 'Même e-mail que le contact ' || ct.first_name || ' ' || ct.last_name AS reason, true AS exact
      FROM ${x} JOIN ${contactsT} ct ON lower(ct.email) = x.v JOIN ${clientsT} c ON c.id = ct.client_id WHERE ${scoped}`);
  }
  // The postal code is compared through coalesce() on purpose: an index on it would be ANDed with the
  // name index for every candidate, which costs far more than filtering the few name matches.
  if (names.length && opts.fuzzyNames !== false)
    // `%` lets the trigram index (clients_name_trgm_idx) find the candidates; similarity() decides.
    parts.push(sql`SELECT x.i, ${cols}, 'Nom très proche dans le même code postal' AS reason, false AS exact
      FROM jsonb_to_recordset(${json(names)}) AS x(i int, n text, p text)
      JOIN ${clientsT} c ON f_unaccent(lower(c.name)) % f_unaccent(lower(x.n)) AND coalesce(c.postal_code, '') = x.p
        AND similarity(f_unaccent(lower(c.name)), f_unaccent(lower(x.n))) >= ${similarNameThreshold}
      WHERE ${scoped}`);
  else if (names.length)
    // Large files: the same name (accents and case ignored) in the same postal code, by index.
    parts.push(sql`SELECT x.i, ${cols}, 'Même nom dans le même code postal' AS reason, false AS exact
      FROM jsonb_to_recordset(${json(names)}) AS x(i int, n text, p text)
      JOIN ${clientsT} c ON f_unaccent(lower(c.name)) = f_unaccent(lower(x.n)) AND coalesce(c.postal_code, '') = x.p
      WHERE ${scoped}`);
  const out = new Map<number, DuplicateOut[]>();
  if (!parts.length) {
    if (opts.mark) opts.mark(await sinceMark(db));
    return out;
  }
  const res = await db.transaction(async (tx) => {
    await tx.execute(
      sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(similarNameThreshold)}, true)`,
    );
    if (ids) await tx.execute(sql`SELECT set_config('enable_nestloop', 'off', true)`);
    if (opts.mark) opts.mark(await sinceMark(tx));
    return tx.execute(sql.join(parts, sql` UNION ALL `));
  });
  const byCandidate = new Map<number, Map<string, DuplicateOut>>();
  for (const h of rowsOf<Hit>(res)) {
    let m = byCandidate.get(h.i);
    if (!m) {
      m = new Map();
      byCandidate.set(h.i, m);
    }
    let d = m.get(h.id);
    if (!d) {
      d = { id: h.id, name: h.name, postalCode: h.postal_code, city: h.city, reasons: [], exact: false };
      m.set(h.id, d);
    }
    if (!d.reasons.includes(h.reason)) d.reasons.push(h.reason);
    d.exact ||= h.exact;
  }
  for (const [i, m] of byCandidate) {
    out.set(
      i,
      [...m.values()].sort((a, b) => Number(b.exact) - Number(a.exact) || a.name.localeCompare(b.name, 'fr')),
    );
  }
  return out;
}

/**
 * The oldest transaction still running (`pg_snapshot_xmin`): every transaction before it has ended,
 * so a check reading after this mark sees every row version written before it. A row version it
 * does not see was written by a transaction from the mark on (its `xmin`).
 */
async function sinceMark(db: Db): Promise<string> {
  const r = await db.execute(sql`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x`);
  return rowsOf<{ x: string }>(r)[0]!.x;
}

/**
 * The clients that may have changed since a check marked `since` (`findDuplicates`' `mark`): the
 * client row, one of its contacts or one of its sites written by a transaction from the mark on.
 * `xmin` is compared on 32 bits, in the circular order PostgreSQL uses: a row written since is less
 * than 2^31 transactions after the mark; a frozen row older than 2^31 transactions may be counted
 * too, which costs a comparison, never a missed duplicate.
 */
export async function changedClientsSince(db: Db, since: string): Promise<string[]> {
  const mark = BigInt(since) % 4294967296n;
  const isNew = sql.raw(`((xmin::text::bigint - ${mark} + 4294967296) % 4294967296) < 2147483648`);
  const r = await db.execute(sql`SELECT id::text FROM clients WHERE ${isNew}
    UNION SELECT client_id::text FROM contacts WHERE ${isNew}
    UNION SELECT client_id::text FROM sites WHERE ${isNew}`);
  return rowsOf<{ id: string }>(r).map((x) => x.id);
}

const digits = (s: string | null | undefined) => (s ?? '').replace(/\s/g, '');

/** The likely duplicates of one client being typed in, within the actor's scope. */
export async function duplicatesOf(
  db: Db,
  ctx: RequestContext,
  q: z.infer<typeof duplicatesBody>,
): Promise<DuplicateOut[]> {
  const siret = digits(q.siret);
  const siren = digits(q.siren);
  const found = await findDuplicates(db, ctx.policy.scopeFor('clients'), [
    {
      i: 0,
      name: q.name,
      siret: isValidSiret(siret) ? siret : null,
      siren: isValidSiren(siren) ? siren : null,
      phones: [q.phone ? toE164(q.phone) : null],
      emails: [q.email],
      postalCode: q.postalCode,
    },
  ]);
  return found.get(0) ?? [];
}

/**
 * Creation guard: a client with the same SIRET, phone or e-mail as one the actor can see is refused
 * (409, one detail per duplicate: path `duplicates.<id>`) unless the user confirmed it.
 */
export async function assertNoExactDuplicate(
  db: Db,
  ctx: RequestContext,
  input: { name: string; siret?: string | null; phone?: string | null; email?: string | null },
) {
  const found = await findDuplicates(db, ctx.policy.scopeFor('clients'), [
    {
      i: 0,
      siret: input.siret ?? null,
      phones: [input.phone ? toE164(input.phone) : null],
      emails: [input.email],
    },
  ]);
  const exact = (found.get(0) ?? []).filter((d) => d.exact);
  if (!exact.length) return;
  throw conflict(
    'Ce client existe peut-être déjà. Vérifiez les clients proposés ou confirmez la création.',
    exact.map((d) => ({ path: `duplicates.${d.id}`, message: `${d.name} : ${d.reasons.join(', ')}` })),
  );
}
