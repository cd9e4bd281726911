import { createHash, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import {
  type ClientImportPreviewOut,
  type DuplicateOut,
  type ImportField,
  type ImportLineOut,
  importFieldLabel,
  importMaxBytes,
} from '../../../shared/schemas/client-import.ts';
import { clientSegments, clients, contacts, partners, sites } from '../../db/schema/index.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, rowsOf } from '../../infra/db.ts';
import { insertMany } from '../../infra/bulk.ts';
import { unescapeCsvFormula } from '../../infra/csv.ts';
import { AppError, conflict, validationFailed } from '../../infra/errors.ts';
import type { UploadedFile } from '../../infra/uploads.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Candidate, changedClientsSince, findDuplicates } from './duplicates.service.ts';
import {
  decodeCsv,
  detectSeparator,
  fold,
  guessMapping,
  type ImportBody,
  type Prepared,
  prepareLine,
} from './import.parse.ts';
import { plural } from '../../../shared/plural.ts';

/** The client import: analyse a CSV file (a preview, nothing written), then confirm it in one transaction. */

/** Up to this many lines, names are compared by trigram similarity; beyond, by folded equality. */
export const fuzzyNameLimit = 5000;

type Analysis = { preview: ClientImportPreviewOut; rows: Prepared[]; partnerId: string | null };

/**
 * The duplicate check of a preview, kept for its confirm (issue 16 item 8: at 1M clients it took
 * 2.7 s, twice). Keyed by the file's hash and what decides the check (separator, mapping, partner,
 * the actor and his scope); the lines skipped or accepted may change between the two, they are
 * applied afterwards. In this instance's memory: a confirm reaching another instance checks again.
 */
type KeptCheck = { duplicates: Map<number, DuplicateOut[]>; since: string; expires: number };
const keptChecks = new Map<string, KeptCheck>();
const keptCheckMs = 30 * 60_000;
const keptCheckMax = 20;

function checkKey(ctx: RequestContext, body: ImportBody, file: UploadedFile, partnerId: string | null) {
  const h = createHash('sha256').update(file.content);
  const scope = ctx.policy.scopeFor('clients');
  h.update(
    JSON.stringify([body.separator, body.mapping, partnerId, ctx.actor.userId, ctx.actor.tokenId, scope]),
  );
  return h.digest('hex');
}

/**
 * The likely duplicates of the file's lines against existing clients: the preview checks them all
 * and keeps the result; the confirm of the same file reuses it and checks only what may differ.
 *
 * Why this gives what a full check would: the preview's check reads after its mark `since`, the
 * oldest transaction then running, so it saw every row version written before the mark. A row
 * version is never modified (an UPDATE writes a new one), so any client, contact or site that can
 * match now and was not seen then was written from the mark on: its client is among
 * `changedClientsSince`, and comparing every line with those clients (and their contacts and
 * sites) finds every new match. A match can also disappear (a client deleted or changed): the lines
 * that had one are checked again in full. The other lines had none and can only gain one.
 */
async function checkDuplicates(
  db: Db,
  ctx: RequestContext,
  key: string,
  candidates: Candidate[],
  fuzzyNames: boolean,
  reuse: boolean,
): Promise<Map<number, DuplicateOut[]>> {
  const scope = ctx.policy.scopeFor('clients');
  const nowMs = Date.now();
  for (const [k, v] of keptChecks) if (v.expires < nowMs) keptChecks.delete(k);
  const kept = reuse ? keptChecks.get(key) : undefined;
  if (!kept) {
    let since = '';
    const duplicates = await findDuplicates(db, scope, candidates, {
      fuzzyNames,
      mark: (x) => {
        since = x;
      },
    });
    if (keptChecks.size >= keptCheckMax) keptChecks.delete(keptChecks.keys().next().value!);
    keptChecks.set(key, { duplicates, since, expires: nowMs + keptCheckMs });
    return duplicates;
  }
  const changed = await changedClientsSince(db, kept.since);
  const had = candidates.filter((c) => kept.duplicates.has(c.i));
  const out = new Map<number, DuplicateOut[]>();
  if (had.length) for (const [i, d] of await findDuplicates(db, scope, had, { fuzzyNames })) out.set(i, d);
  if (changed.length) {
    const rest = candidates.filter((c) => !kept.duplicates.has(c.i));
    for (const [i, d] of await findDuplicates(db, scope, rest, { fuzzyNames, among: changed })) out.set(i, d);
  }
  return out;
}

/** Reads, maps and checks the whole file; writes nothing. */
export async function analyseImport(
  db: Db,
  ctx: RequestContext,
  body: ImportBody,
  file: UploadedFile,
  /** The confirm: reuse the duplicate check of this file's preview (`checkDuplicates`). */
  reuse = false,
): Promise<Analysis> {
  ctx.policy.authorizeOrThrow('clients', 'create');
  const scope = ctx.policy.scopeFor('clients');
  let partnerId: string | null = null;
  if (scope.kind === 'partner') partnerId = scope.partnerId;
  else if (body.partnerId) {
    const [p] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, body.partnerId));
    if (!p) throw validationFailed([{ path: 'partnerId', message: 'Partenaire inconnu.' }]);
    partnerId = body.partnerId;
  }
  const bytes = file.content;
  if (bytes.length > importMaxBytes) {
    throw new AppError('payload_too_large', 'Fichier trop volumineux : 10 Mo au plus.');
  }
  const { text, encoding } = decodeCsv(bytes);
  const separator = body.separator ?? detectSeparator(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      cast: unescapeCsvFormula,
    }) as string[][];
  } catch (e) {
    throw validationFailed(
      [{ path: 'file', message: `Fichier CSV illisible : ${(e as Error).message}` }],
      'Fichier CSV illisible.',
    );
  }
  const [headers = [], ...data] = records;
  if (!data.length) {
    throw validationFailed([{ path: 'file', message: 'Le fichier ne contient aucune ligne de données.' }]);
  }
  const mapping = body.mapping ?? guessMapping(headers);
  if (mapping.name == null) {
    throw validationFailed([{ path: 'mapping.name', message: 'Indiquez la colonne de la raison sociale.' }]);
  }
  const segments = new Map(
    (await db.select({ id: clientSegments.id, name: clientSegments.name }).from(clientSegments)).map((s) => [
      s.name.toLowerCase(),
      s.id,
    ]),
  );
  const skip = new Set(body.skipLines);
  const accept = new Set(body.importAnywayLines);
  const rows = data.map((rec, k) =>
    prepareLine(
      k + 2,
      (f) => {
        const col = mapping[f];
        return col == null ? '' : (rec[col] ?? '').trim();
      },
      segments,
      partnerId,
    ),
  );

  // Duplicates inside the file: a later line repeating an earlier one is an error.
  const seen = new Map<string, number>();
  for (const r of rows) {
    if (skip.has(r.line)) continue;
    const c = r.client;
    const keys: [string, string, ImportField][] = [];
    if (c?.siret) keys.push([`siret:${c.siret}`, 'même SIRET', 'siret']);
    if (c?.phoneE164) keys.push([`tel:${c.phoneE164}`, 'même téléphone', 'phone']);
    if (c?.email) keys.push([`mail:${c.email}`, 'même e-mail', 'email']);
    if (r.name) keys.push([`nom:${fold(r.name)}|${c?.postalCode ?? ''}`, 'même nom et code postal', 'name']);
    for (const [key, why, field] of keys) {
      const first = seen.get(key);
      if (first !== undefined) {
        r.errors.push({ field, message: `Doublon de la ligne ${first} du fichier (${why}).` });
        break;
      }
    }
    for (const [key] of keys) if (!seen.has(key)) seen.set(key, r.line);
  }

  // Likely duplicates of existing clients (in the actor's scope), for every line with a client (the
  // lines skipped are left out below, so that the check does not depend on them).
  const dups = await checkDuplicates(
    db,
    ctx,
    checkKey(ctx, body, file, partnerId),
    rows
      .filter((r) => r.client)
      .map((r) => ({
        i: r.line,
        name: r.client!.name,
        siret: r.client!.siret,
        siren: r.client!.siret ? null : r.client!.siren,
        phones: r.phones,
        emails: r.emails,
        postalCode: r.client!.postalCode,
      })),
    // Trigram similarity line by line is for files a person reviews; beyond, the same folded name.
    rows.length <= fuzzyNameLimit,
    reuse,
  );

  const counts = { lines: rows.length, ok: 0, errors: 0, duplicates: 0, skipped: 0, toImport: 0 };
  const lines: ImportLineOut[] = [];
  const showAll = rows.length <= 200;
  let problems = 0;
  for (const r of rows) {
    const duplicates = skip.has(r.line) ? [] : (dups.get(r.line) ?? []);
    let status: ImportLineOut['status'];
    if (skip.has(r.line)) status = 'skipped';
    else if (r.errors.length) status = 'error';
    else if (duplicates.length && !accept.has(r.line) && body.duplicates !== 'import')
      status = body.duplicates === 'skip' ? 'skipped' : 'duplicate';
    else status = 'ok';
    if (status === 'ok') counts.toImport++;
    counts[
      status === 'ok'
        ? 'ok'
        : status === 'error'
          ? 'errors'
          : status === 'duplicate'
            ? 'duplicates'
            : 'skipped'
    ]++;
    const problem = status !== 'ok' || duplicates.length > 0;
    if (problem) problems++;
    if (showAll || (problem && problems <= 1000)) {
      lines.push({
        line: r.line,
        name: r.name,
        status,
        errors: r.errors.map((e) => ({ field: importFieldLabel(e.field), message: e.message })),
        duplicates,
      });
    }
    if (status !== 'ok') r.client = undefined;
  }
  return {
    rows,
    partnerId,
    preview: {
      encoding,
      separator,
      headers,
      mapping,
      counts,
      lines,
      truncated: !showAll && problems > 1000,
      ready: counts.errors === 0 && counts.duplicates === 0 && counts.toImport > 0,
    },
  };
}

/**
 * Writes the whole file in one transaction, audited once — only when no line is in error and every
 * likely duplicate was decided (skipped or accepted). Otherwise nothing is written.
 */
export async function confirmImport(db: Db, ctx: RequestContext, body: ImportBody, file: UploadedFile) {
  const { preview, rows, partnerId } = await analyseImport(db, ctx, body, file, true);
  if (preview.counts.errors > 0) {
    throw validationFailed(
      preview.lines
        .filter((l) => l.status === 'error')
        .slice(0, 100)
        .map((l) => ({
          path: `lines.${l.line}`,
          message: `Ligne ${l.line} : ${l.errors.map((e) => e.message).join(' ')}`,
        })),
      `${plural(preview.counts.errors, 'ligne', 'lignes')} en erreur : rien n’a été importé. Corrigez-les ou ignorez-les.`,
    );
  }
  if (preview.counts.duplicates > 0) {
    throw conflict(
      `${plural(preview.counts.duplicates, 'ligne ressemble', 'lignes ressemblent')} à des clients existants : ignorez-les ou importez-les quand même. Rien n’a été importé.`,
      preview.lines
        .filter((l) => l.status === 'duplicate')
        .slice(0, 100)
        .map((l) => ({
          path: `lines.${l.line}`,
          message: `Ligne ${l.line} : ${l.duplicates.map((d) => `${d.name} (${d.reasons.join(', ')})`).join(' ; ')}`,
        })),
    );
  }
  const todo = rows.filter((r) => r.client);
  if (!todo.length) {
    throw validationFailed(
      [{ path: 'lines', message: 'Aucune ligne à importer.' }],
      'Aucune ligne à importer.',
    );
  }
  return db.transaction(async (tx) => {
    // Ids are chosen here so that sites and contacts point at their client without a round trip.
    const ids = todo.map(() => randomUUID());
    const siteRows = todo.flatMap((r, j) => (r.site ? [{ ...r.site, clientId: ids[j]! }] : []));
    const contactRows = todo.flatMap((r, j) => (r.contact ? [{ ...r.contact, clientId: ids[j]! }] : []));
    await insertMany(
      tx,
      clients,
      todo.map((r, j) => ({ ...r.client!, id: ids[j]! })),
    );
    await insertMany(tx, sites, siteRows);
    await insertMany(tx, contacts, contactRows);
    const siteCount = siteRows.length;
    const contactCount = contactRows.length;
    const result = {
      clients: todo.length,
      sites: siteCount,
      contacts: contactCount,
      skipped: preview.counts.lines - todo.length,
    };
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'import',
      entityType: 'client',
      partnerId,
      after: {
        fileName: file.filename || null,
        ...result,
        skippedLines: rows
          .filter((r) => !r.client)
          .map((r) => r.line)
          .slice(0, 1000),
        acceptedDuplicateLines: body.importAnywayLines.slice(0, 1000),
      },
    });
    return result;
  });
}

/** For the benchmark and tests: the number of clients of a partner (or all). */
export async function countClients(db: Db): Promise<number> {
  const r = await db.execute(sql`SELECT count(*)::int AS n FROM clients`);
  return rowsOf<{ n: number }>(r)[0]!.n;
}
