import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteExtensions } from './infra/db.ts';

/**
 * Backup of the embedded database (`npm run backup`): a gzipped tar of the PGlite data directory,
 * taken through PGlite's `dumpDataDir` so that the copy is consistent. PGlite serves one process:
 * stop the app first. PostgreSQL is backed up with its own tools (`pg_dump`, see README).
 */
export async function backupDataDir(dataDir: string, file: string): Promise<number> {
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new Error(`Aucune base embarquée dans ${dataDir}.`);
  }
  // PGlite writes this file while a process holds the directory, and removes it on a clean stop.
  if (fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
    throw new Error(
      `La base de ${dataDir} est ouverte (postmaster.pid) : arrêtez Relais avant de sauvegarder. Après un arrêt brutal, démarrez-le puis arrêtez-le normalement.`,
    );
  }
  const pglite = await PGlite.create(dataDir, { extensions: pgliteExtensions });
  try {
    const dump = await pglite.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    return bytes.length;
  } finally {
    await pglite.close();
  }
}

/** Restores a backup into `dataDir`, which must not hold a database yet (never overwrites one). */
export async function restoreDataDir(file: string, dataDir: string): Promise<void> {
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new Error(
      `${dataDir} n’est pas vide : restaurez dans un dossier vide, puis pointez DATA_DIR dessus.`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    extensions: pgliteExtensions,
    loadDataDir: new Blob([fs.readFileSync(file)]),
  });
  await pglite.close();
}

/** `relais-2026-03-14T10-05-00.tar.gz`: sorts by date, no character a file system refuses. */
export function backupFileName(now: Date): string {
  return `relais-${now.toISOString().slice(0, 19).replaceAll(':', '-')}.tar.gz`;
}
