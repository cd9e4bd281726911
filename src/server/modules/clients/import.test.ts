import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLuhnKey } from '../../../shared/schemas/common.ts';
import { createTestApp, formOf, loginAs, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let commercial: Session;
let partnerA: Session;
let partnerB: Session;
let seq = 500;
function makeSiret(n = seq++): string {
  const siren = withLuhnKey(String(82000000 + n).padStart(8, '0'));
  return withLuhnKey(`${siren}0001`);
}
const bytes = (text: string, encoding: 'utf8' | 'latin1' = 'utf8') => Buffer.from(text, encoding);
/** The import form: the choices in `data`, the CSV file in `file`. */
const csvForm = (file: Buffer, choices: Record<string, unknown> = {}, name = 'clients.csv') =>
  formOf(choices, 'file', [{ name, content: file, type: 'text/csv' }]);
const rows = async (q: ReturnType<typeof sql>) =>
  ((await t.database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
const count = async (where = sql`true`) =>
  Number((await rows(sql`SELECT count(*)::int AS n FROM clients WHERE ${where}`))[0]!.n);
const importAudits = async () =>
  Number(
    (
      await rows(
        sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import' AND entity_type = 'client'`,
      )
    )[0]!.n,
  );

type Line = {
  line: number;
  status: string;
  errors: { field: string; message: string }[];
  duplicates: { id: string; reasons: string[] }[];
};

beforeAll(async () => {
  t = await createTestApp();
  commercial = await loginAs(t.app, 'commercial@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
});
afterAll(() => t.close());

describe('CSV import', () => {
  const good1 = makeSiret();
  const good2 = makeSiret();
  const existingSiret = makeSiret();
  let existingId: string;
  const header =
    'Raison sociale;SIRET;N° TVA;Téléphone;Code postal;Ville;Segment;Prénom du contact;Nom du contact;Téléphone du contact';
  const csv = [
    header,
    `Pharmacie des Lilas;${good1};;01 42 00 00 01;75019;Paris;Pharmacie;Anne;Martin;06 11 22 33 44`, // 2 ok
    'Garage Dupont;12345678901234;;;69001;Lyon;;;;', // 3 bad SIRET
    'Boulangerie Ange;;;12 34;69002;Lyon;;;;', // 4 bad phone
    'Cabinet Vétérinaire du Parc;;FR00123456789;;69003;Lyon;;;;', // 5 bad VAT
    'Assurances Rhône;;;;69004;Lyon;Vendeurs de lune;;;', // 6 unknown segment
    `Pharmacie des Lilas bis;${good1};;;75019;Paris;;;;`, // 7 duplicate of line 2 in the file
    `Opticien Central;${existingSiret};;;69005;Lyon;;;;`, // 8 duplicate of an existing client
    `Clinique Saint-Jean;${good2};;04 72 00 00 02;69006;Lyon;;Paul;Durand;`, // 9 ok
  ].join('\r\n');

  beforeAll(async () => {
    const res = await commercial.post('/api/v1/clients', { name: 'Opticien Central', siret: existingSiret });
    expect(res.statusCode, res.body).toBe(201);
    existingId = res.json().id;
  });

  it('previews with guessed mapping and French errors per line, writing nothing', async () => {
    const before = await count();
    const res = await commercial.post('/api/v1/clients/import/preview', csvForm(bytes(`\uFEFF${csv}`)));
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ encoding: 'UTF-8', separator: ';', ready: false });
    expect(p.mapping).toMatchObject({
      name: 0,
      siret: 1,
      vatNumber: 2,
      phone: 3,
      postalCode: 4,
      city: 5,
      segment: 6,
      contactFirstName: 7,
      contactLastName: 8,
      contactPhone: 9,
    });
    const byLine = new Map<number, Line>(p.lines.map((l: Line) => [l.line, l]));
    const msg = (n: number) =>
      byLine
        .get(n)!
        .errors.map((e) => `${e.field}: ${e.message}`)
        .join(' | ');
    expect(byLine.get(2)!.status).toBe('ok');
    expect(msg(3)).toMatch(/^SIRET: SIRET invalide/);
    expect(msg(4)).toMatch(/^Téléphone: Téléphone invalide : « 12 34 »/);
    expect(msg(5)).toMatch(/^N° de TVA: /);
    expect(msg(6)).toBe('Segment: Segment inconnu : « Vendeurs de lune ».');
    expect(msg(7)).toBe('SIRET: Doublon de la ligne 2 du fichier (même SIRET).');
    expect(byLine.get(8)).toMatchObject({
      status: 'duplicate',
      errors: [],
      duplicates: [{ id: existingId, reasons: ['Même SIRET'] }],
    });
    expect(byLine.get(9)!.status).toBe('ok');
    expect(p.counts).toEqual({ lines: 8, ok: 2, errors: 5, duplicates: 1, skipped: 0, toImport: 2 });
    expect(await count()).toBe(before);
  });

  it('imports nothing while a line is in error, then everything at once when skipped', async () => {
    const before = await count();
    const audits = await importAudits();
    const withErrors = await commercial.post('/api/v1/clients/import/confirm', csvForm(bytes(csv)));
    expect(withErrors.statusCode).toBe(400);
    expect(withErrors.json().error.message).toContain('rien n’a été importé');
    expect(withErrors.json().error.details[0]).toEqual({
      path: 'lines.3',
      message: expect.stringMatching(/^Ligne 3 : SIRET invalide/),
    });
    // Errors skipped, but the duplicate of an existing client is not decided yet: still nothing.
    const undecided = await commercial.post(
      '/api/v1/clients/import/confirm',
      csvForm(bytes(csv), {
        skipLines: [3, 4, 5, 6, 7],
      }),
    );
    expect(undecided.statusCode).toBe(409);
    expect(undecided.json().error.details).toEqual([
      { path: 'lines.8', message: expect.stringContaining('Opticien Central (Même SIRET)') },
    ]);
    expect(await count()).toBe(before);
    expect(await importAudits()).toBe(audits);

    const preview = await commercial.post(
      '/api/v1/clients/import/preview',
      csvForm(bytes(csv), {
        skipLines: [3, 4, 5, 6, 7],
        duplicates: 'skip',
      }),
    );
    expect(preview.json()).toMatchObject({ ready: true, counts: { toImport: 2, skipped: 6, errors: 0 } });
    const done = await commercial.post(
      '/api/v1/clients/import/confirm',
      csvForm(bytes(csv), {
        skipLines: [3, 4, 5, 6, 7],
        duplicates: 'skip',
      }),
    );
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toEqual({ clients: 2, sites: 0, contacts: 2, skipped: 6 });
    expect(await count()).toBe(before + 2);
    expect(await importAudits()).toBe(audits + 1);
    const [lilas] = await rows(
      sql`SELECT c.phone_e164, c.department, c.siren, c.partner_id, s.name AS segment, ct.phone_e164 AS contact_phone
          FROM clients c LEFT JOIN client_segments s ON s.id = c.segment_id
          LEFT JOIN contacts ct ON ct.client_id = c.id WHERE c.siret = ${good1}`,
    );
    expect(lilas).toEqual({
      phone_e164: '+33142000001',
      department: '75',
      siren: good1.slice(0, 9),
      partner_id: null,
      segment: 'Pharmacie',
      contact_phone: '+33611223344',
    });
    // The contact's phone now feeds the duplicate guard.
    const dup = await commercial.post('/api/v1/clients/duplicates', {
      name: 'X',
      phone: '+33 6 11 22 33 44',
    });
    expect(dup.json().items[0].reasons).toEqual(['Même téléphone que le contact Anne Martin']);
  });

  it('imports an accepted duplicate when the user says so', async () => {
    const siret = makeSiret();
    await commercial.post('/api/v1/clients', { name: 'Plomberie Morel', siret });
    const file = bytes(`Raison sociale;SIRET\nPlomberie Morel (agence);${siret}\n`);
    const preview = (await commercial.post('/api/v1/clients/import/preview', csvForm(file))).json();
    expect(preview.lines[0].status).toBe('duplicate');
    const res = await commercial.post(
      '/api/v1/clients/import/confirm',
      csvForm(file, {
        importAnywayLines: [2],
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(await count(sql`siret = ${siret}`)).toBe(2);
  });

  it('confirms with the preview’s check, yet sees the clients written or removed since', async () => {
    const [sA, sB, sD] = [makeSiret(), makeSiret(), makeSiret()];
    const gone = (await commercial.post('/api/v1/clients', { name: 'Serrurerie Vidal', siret: sD })).json()
      .id;
    const holder = (await commercial.post('/api/v1/clients', { name: 'Fleurs Rivière', siret: sB })).json()
      .id;
    const file = bytes(
      [
        'Raison sociale;SIRET;Téléphone;Code postal',
        `Opticien Nadal;${sA};;13001`, // 2: a client with this SIRET is created after the preview
        'Traiteur Lopez;;06 98 76 54 32;13002', // 3: a contact with this mobile is added after the preview
        'Librairie Ombre;;;13003', // 4: never a duplicate
        `Serrurerie Vidal (agence);${sD};;13004`, // 5: its duplicate is removed after the preview
      ].join('\n'),
    );
    const status = (p: { lines: Line[] }) => p.lines.map((l) => l.status);
    const preview = (await commercial.post('/api/v1/clients/import/preview', csvForm(file))).json();
    expect(status(preview)).toEqual(['ok', 'ok', 'ok', 'duplicate']);
    await commercial.post('/api/v1/clients', { name: 'Opticien Nadal', siret: sA });
    await t.database.db.execute(
      sql`INSERT INTO contacts (client_id, first_name, last_name, mobile, mobile_e164) VALUES (${holder}, 'Paul', 'Lopez', '06 98 76 54 32', '+33698765432')`,
    );
    await t.database.db.execute(sql`DELETE FROM clients WHERE id = ${gone}`);
    const refused = await commercial.post('/api/v1/clients/import/confirm', csvForm(file));
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error.details.map((d: { path: string }) => d.path)).toEqual(['lines.2', 'lines.3']);
    const ok = await commercial.post('/api/v1/clients/import/confirm', csvForm(file, { skipLines: [2, 3] }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(await count(sql`siret = ${sD}`)).toBe(1);
  });

  it('reads Windows-1252 with a comma separator and columns mapped by hand', async () => {
    const text = 'Société,Code postal,Commune\r\n"Crèche Les Étoiles, Lyon",69007,Lyon\r\n';
    const res = await commercial.post(
      '/api/v1/clients/import/preview',
      csvForm(bytes(text, 'latin1'), {
        mapping: { name: 0, postalCode: 1, city: 2 },
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      encoding: 'Windows-1252',
      separator: ',',
      headers: ['Société', 'Code postal', 'Commune'],
      lines: [{ line: 2, name: 'Crèche Les Étoiles, Lyon', status: 'ok' }],
      ready: true,
    });
  });

  it('takes the file in a multipart form only: one CSV, 10 MB at most', async () => {
    const url = '/api/v1/clients/import/preview';
    const json = await commercial.post(url, { skipLines: [] });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.message).toBe('Envoyez le fichier dans un formulaire multipart/form-data.');
    const none = await commercial.post(url, formOf({}, 'file', []));
    expect(none.statusCode).toBe(400);
    expect(none.json().error.details).toEqual([
      { path: 'file', message: 'Joignez le fichier CSV (champ file).' },
    ]);
    const csvFile = { name: 'a.csv', content: 'Raison sociale\nA\n', type: 'text/csv' };
    const two = await commercial.post(url, formOf({}, 'file', [csvFile, csvFile]));
    expect(two.statusCode).toBe(413);
    expect(two.json().error.message).toBe('Trop de fichiers : 1 au plus.');
    const big = await commercial.post(url, csvForm(Buffer.alloc(10 * 1024 * 1024 + 1, 'a'), {}, 'gros.csv'));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toBe('Le fichier « gros.csv » dépasse la taille maximale de 10 Mo.');
  });

  it('imports a partner’s file into its own partner only, invisible to another partner', async () => {
    const me = (await partnerA.get('/api/v1/auth/me')).json();
    const other = (await partnerB.get('/api/v1/auth/me')).json();
    const file = bytes('Raison sociale;Code postal\nTabac de la Gare Partenaire;33000\n');
    const res = await partnerA.post(
      '/api/v1/clients/import/confirm',
      csvForm(file, {
        partnerId: other.user.partnerId,
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await rows(
      sql`SELECT id, partner_id FROM clients WHERE name = 'Tabac de la Gare Partenaire'`,
    );
    expect(row!.partner_id).toBe(me.user.partnerId);
    expect((await partnerB.get(`/api/v1/clients/${row!.id}`)).statusCode).toBe(404);
    // B importing the same name sees no duplicate of A's client.
    const preview = (await partnerB.post('/api/v1/clients/import/preview', csvForm(file))).json();
    expect(preview.lines[0]).toMatchObject({ status: 'ok', duplicates: [] });
    // Read-only roles cannot import.
    const support = await loginAs(t.app, 'support@relais.test');
    expect((await support.post('/api/v1/clients/import/preview', csvForm(file))).statusCode).toBe(403);
  });
});

describe('CSV export', () => {
  it('exports what the user sees, UTF-8 with BOM and ; for French Excel', async () => {
    const a = await partnerA.post('/api/v1/clients', { name: 'Export « A » ; Test', postalCode: '69001' });
    expect(a.statusCode, a.body).toBe(201);
    const resA = await partnerA.get('/api/v1/clients/export.csv');
    expect(resA.statusCode).toBe(200);
    expect(resA.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(resA.headers['content-disposition']).toMatch(
      /^attachment; filename="clients-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const textA = resA.body;
    expect(textA.startsWith('\uFEFFRaison sociale;SIREN;SIRET;')).toBe(true);
    expect(textA).toContain('"Export « A » ; Test";');
    const linesA = textA.trim().split('\r\n');
    const visibleToA = (
      await rows(sql`SELECT count(*)::int AS n FROM clients c JOIN users u ON u.partner_id = c.partner_id
        WHERE u.email = 'partenaire@relais.test'`)
    )[0]!.n;
    expect(linesA.length - 1).toBe(visibleToA);

    const textB = (await partnerB.get('/api/v1/clients/export.csv')).body;
    expect(textB).not.toContain('Export « A »');
    expect(textB).not.toContain('Tabac de la Gare Partenaire');
    const staff = (await commercial.get('/api/v1/clients/export.csv?q=Export')).body.trim().split('\r\n');
    expect(staff).toHaveLength(2);
    expect(staff[1]).toMatch(/^"Export « A » ; Test";/);
    expect((await commercial.get('/api/v1/clients/export.csv')).body.trim().split('\r\n').length - 1).toBe(
      await count(),
    );
  });

  it('exports the first site and contact under the import’s column names, and imports back', async () => {
    const file = Buffer.from(
      'Raison sociale;Code postal;Nom du site;Adresse du site;Code postal du site;Ville du site;Prénom du contact;Nom du contact;E-mail du contact\n' +
        'Aller-Retour SARL;69002;Atelier;4 quai Perrache;69002;Lyon;Léa;Roux;lea.roux@aller-retour.test\n',
    );
    expect((await commercial.post('/api/v1/clients/import/confirm', csvForm(file))).statusCode).toBe(201);
    const lines = (await commercial.get('/api/v1/clients/export.csv?q=Aller-Retour')).body
      .trim()
      .split('\r\n');
    const [head, line] = lines.map((l) => l.replace(/^\uFEFF/, '').split(';'));
    const row = Object.fromEntries(head!.map((h, k) => [h, line![k]]));
    expect(row).toMatchObject({
      'Nom du site': 'Atelier',
      'Adresse du site': '4 quai Perrache',
      'Ville du site': 'Lyon',
      'Prénom du contact': 'Léa',
      'Nom du contact': 'Roux',
      'E-mail du contact': 'lea.roux@aller-retour.test',
      'Nombre de sites': '1',
      'Nombre de contacts': '1',
    });
    // The export reads back through the import's column guess: same client, seen as a duplicate.
    const again = Buffer.from(lines.join('\n').replace(/^\uFEFF/, ''));
    const preview = (await commercial.post('/api/v1/clients/import/preview', csvForm(again))).json();
    expect(preview.mapping).toMatchObject({ name: 0, siteName: head!.indexOf('Nom du site') });
    expect(preview.counts).toMatchObject({ lines: 1, duplicates: 1 });
  });

  it('escapes a name a spreadsheet would run, and reads it back unescaped', async () => {
    const created = await commercial.post('/api/v1/clients', { name: '+Formule SARL', postalCode: '69003' });
    expect(created.statusCode, created.body).toBe(201);
    const text = (await commercial.get('/api/v1/clients/export.csv?q=Formule')).body;
    const line = text.trim().split('\r\n')[1]!;
    expect(line.startsWith("'+Formule SARL;")).toBe(true);
    const again = Buffer.from(text);
    const preview = (await commercial.post('/api/v1/clients/import/preview', csvForm(again))).json();
    expect(preview.lines.map((l: { name: string }) => l.name)).toContain('+Formule SARL');
  });
});
