import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDataDir, backupFileName, restoreDataDir } from './backup.ts';
import { openDatabase, pgliteExtensions } from './infra/db.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const emailsIn = async (dataDir: string) => {
  const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions });
  try {
    return (await pglite.query<{ email: string }>('SELECT email FROM users ORDER BY email')).rows.map(
      (r) => r.email,
    );
  } finally {
    await pglite.close();
  }
};

describe('backup of the embedded database (npm run backup)', () => {
  it('dumps a stopped data directory to a .tar.gz that restores into an empty one, same rows', async () => {
    const dataDir = path.join(tmp, 'data');
    const database = await openDatabase({ dataDir });
    await database.db.execute(
      sql`INSERT INTO users (email, name, role, password_hash) VALUES ('sauvegarde@relais.test', 'Sauvegarde', 'admin', 'x')`,
    );
    await database.close();

    const file = path.join(tmp, 'out', backupFileName(new Date('2026-03-14T10:05:00Z')));
    expect(path.basename(file)).toBe('relais-2026-03-14T10-05-00.tar.gz');
    const size = await backupDataDir(dataDir, file);
    expect(size).toBeGreaterThan(1000);
    expect(fs.readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip

    const restored = path.join(tmp, 'restored');
    await restoreDataDir(file, restored);
    expect(await emailsIn(restored)).toEqual(['sauvegarde@relais.test']);
    await expect(restoreDataDir(file, restored)).rejects.toThrow('n’est pas vide');
    await expect(backupDataDir(path.join(tmp, 'nothing'), file)).rejects.toThrow('Aucune base embarquée');
    // A process holding the directory leaves its postmaster.pid there (see the PGlite check below).
    fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), '-42\n');
    await expect(backupDataDir(dataDir, file)).rejects.toThrow('arrêtez Relais');
    fs.rmSync(path.join(dataDir, 'postmaster.pid'));
  }, 240_000);

  it('PGlite holds postmaster.pid while open and removes it on close (what the backup checks)', async () => {
    const dataDir = path.join(tmp, 'pid');
    const pglite = await PGlite.create(dataDir);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true);
    await pglite.close();
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
  });
});
