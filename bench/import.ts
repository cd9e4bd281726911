// CSV import figures on the backend named by TEST_DB (pglite | postgresql): N generated clients read,
// checked (duplicates in the file and against the database included) and written in one
// transaction, through HTTP: 10 000 with a site and a contact each, then 100 000 more
// (target ≤ 20 s for 100 000). Run:
//   node --import tsx bench/import.ts            (PGlite)
//   TEST_DB=postgresql node --import tsx bench/import.ts
import { withLuhnKey } from '../src/shared/schemas/common.ts';
import { createTestApp, formOf, loginAs, type Session, testBackend } from '../src/server/test/harness.ts';

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

const t = await createTestApp({ seed: true });
const s = await loginAs(t.app, 'commercial@relais.test');
for (const [n, offset, full] of [
  [10_000, 0, true],
  [100_000, 10_000, false],
] as const) {
  const r = await importGenerated(s, n, offset, full);
  console.log(
    `[${testBackend}] import CSV ${n.toLocaleString('fr-FR')} clients (${r.megabytes.toFixed(1)} Mo${full ? ', avec site et contact' : ', avec contact'}) : aperçu ${r.preview.toFixed(1)} s · confirmation (analyse + écriture) ${r.confirm.toFixed(1)} s · ${JSON.stringify(r.result)}`,
  );
}
await t.close();
process.exit(0);
