// CSV import figures on the backend named by TEST_DB (pglite | postgresql): N generated clients read,
// checked (duplicates in the file and against the database included) and written in one
// transaction, through HTTP: 10 000 with a site and a contact each, then 100 000 more
// (target ≤ 20 s for 100 000), with the RSS of the process (on PGlite, the embedded database's);
// then on PostgreSQL the confirm of 20 000 lines into 100 000 clients with and without the reuse of
// the preview's check. Run:
//   node --import tsx bench/import.ts            (PGlite)
//   TEST_DB=postgresql node --import tsx bench/import.ts
import { sql } from 'drizzle-orm';
import { withLuhnKey } from '../src/shared/schemas/common.ts';
import { createTestApp, formOf, loginAs, type Session, testBackend } from '../src/server/test/harness.ts';
import { generateDataset } from './dataset.ts';

const towns = [
  ['69003', 'Lyon'],
  ['75011', 'Paris'],
  ['13001', 'Marseille'],
  ['33000', 'Bordeaux'],
  ['31000', 'Toulouse'],
  ['44000', 'Nantes'],
];
const trades = ['Pharmacie', 'Cabinet médical', 'Boulangerie', 'Garage', 'Assurances', 'Crèche', 'Notaire'];

/**
 * A CSV of n distinct clients (unique SIRET, phone, name). `full`: with a site and a contact each
 * (~120 bytes a line); otherwise the client and its contact's mobile (~70 bytes a line, so that
 * 100 000 clients stay under the 10 MB limit of a file).
 */
export function generateClientsCsv(n: number, offset = 0, full = true): string {
  const out = [
    full
      ? 'Raison sociale;SIRET;Téléphone;Code postal;Ville;Segment;Adresse du site;Prénom du contact;Nom du contact;Mobile du contact'
      : 'Raison sociale;SIRET;Téléphone;Code postal;Ville;Nom du contact;Mobile du contact',
  ];
  for (let k = offset; k < offset + n; k++) {
    const siren = withLuhnKey(String(30000000 + k).padStart(8, '0'));
    const siret = withLuhnKey(`${siren}0001`);
    const [pc, city] = towns[k % towns.length]!;
    const phone = `01${String(40000000 + k).padStart(8, '0')}`;
    const mobile = `06${String(10000000 + k).padStart(8, '0')}`;
    const name = `${trades[k % trades.length]} ${k}`;
    out.push(
      full
        ? `${name};${siret};${phone};${pc};${city};Pharmacie;${k % 90} rue Centrale;Anne;Martin${k};${mobile}`
        : `${name};${siret};${phone};${pc};${city};M${k};${mobile}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/**
 * Imports n generated clients through HTTP as the web page does (preview, then confirm) and
 * returns the seconds each step took.
 */
export async function importGenerated(s: Session, n: number, offset: number, full: boolean) {
  const file = Buffer.from(generateClientsCsv(n, offset, full));
  const form = () => formOf({}, 'file', [{ name: 'clients.csv', content: file, type: 'text/csv' }]);
  const t0 = performance.now();
  const p = await s.post('/api/v1/clients/import/preview', form());
  const t1 = performance.now();
  const c = await s.post('/api/v1/clients/import/confirm', form());
  const t2 = performance.now();
  if (p.statusCode !== 200 || c.statusCode !== 201)
    throw new Error(`${p.statusCode} ${c.statusCode} ${c.body}`);
  return {
    megabytes: (file.length * 3) / 4 / 1e6,
    preview: (t1 - t0) / 1000,
    confirm: (t2 - t1) / 1000,
    result: c.json(),
  };
}

const mb = (n: number) => `${Math.round(n / 2 ** 20)} Mo`;
const rss = () => mb(process.memoryUsage().rss);
const t = await createTestApp({ seed: true });
const s = await loginAs(t.app, 'commercial@relais.test');
// RSS of this process: on PGlite it holds the embedded database (its WASM heap) beside the app.
console.log(`[${testBackend}] import : RSS au repos ${rss()}`);
for (const [n, offset, full] of [
  [10_000, 0, true],
  [100_000, 10_000, false],
] as const) {
  const r = await importGenerated(s, n, offset, full);
  console.log(
    `[${testBackend}] import CSV ${n.toLocaleString('fr-FR')} clients (${r.megabytes.toFixed(1)} Mo${full ? ', avec site et contact' : ', avec contact'}) : aperçu ${r.preview.toFixed(1)} s · confirmation (analyse + écriture) ${r.confirm.toFixed(1)} s · ${JSON.stringify(r.result)} · RSS ${rss()}`,
  );
}
globalThis.gc?.();
await new Promise((r) => setTimeout(r, 2000));
console.log(`[${testBackend}] import : RSS après les imports${globalThis.gc ? ' et un GC' : ''} ${rss()}`);
await t.close();

// Issue 16 item 8: the confirm reuses the preview's duplicate check when the file has not changed.
// 20 000 lines into BENCH_IMPORT_BASE (100 000) generated clients, on PostgreSQL: the confirm of the
// same file (reused, then only the clients written since are compared) beside the confirm of a file
// one byte longer (the same lines, checked again in full: what every confirm did before).
if (testBackend === 'postgresql') {
  const base = Number(process.env.BENCH_IMPORT_BASE ?? 100_000);
  const lines = Number(process.env.BENCH_IMPORT_LINES ?? 20_000);
  const b = await createTestApp({ seed: true, workers: false });
  const t0 = performance.now();
  await generateDataset(b.database.db, base);
  console.log(
    `[postgresql] import dans une base de ${base.toLocaleString('fr-FR')} clients (générée en ${((performance.now() - t0) / 1000).toFixed(0)} s) :`,
  );
  const bs = await loginAs(b.app, 'commercial@relais.test');
  const file = Buffer.from(generateClientsCsv(lines, 200_000, true));
  const form = (f: Buffer) => formOf({}, 'file', [{ name: 'clients.csv', content: f, type: 'text/csv' }]);
  for (const [label, confirmFile] of [
    ['analyse refaite (fichier modifié)', Buffer.concat([file, Buffer.from('\n')])],
    ['analyse de l’aperçu réutilisée', file],
  ] as const) {
    const now = (
      (await b.database.db.execute(sql`SELECT now()::text AS now`)) as unknown as { rows: { now: string }[] }
    ).rows[0]!.now;
    const p0 = performance.now();
    const p = await bs.post('/api/v1/clients/import/preview', form(file));
    const p1 = performance.now();
    const c = await bs.post('/api/v1/clients/import/confirm', form(confirmFile));
    const p2 = performance.now();
    if (p.statusCode !== 200 || c.statusCode !== 201)
      throw new Error(`${p.statusCode} ${c.statusCode} ${c.body}`);
    console.log(
      `[postgresql] import CSV ${lines.toLocaleString('fr-FR')} lignes dans ${base.toLocaleString('fr-FR')} clients, ${label.padEnd(34)} : aperçu ${((p1 - p0) / 1000).toFixed(1)} s · confirmation ${((p2 - p1) / 1000).toFixed(1)} s`,
    );
    await b.database.db.execute(sql`DELETE FROM clients WHERE created_at > ${now}::timestamptz`);
  }
  await b.close();
}
process.exit(0);
