// `npm run backup [-- fichier.tar.gz]`: backs up the embedded database (DATA_DIR) while the app is
// stopped; `npm run backup -- --restore fichier.tar.gz`: restores one into an empty DATA_DIR.
import path from 'node:path';
import { backupDataDir, backupFileName, restoreDataDir } from './backup.ts';
import { loadConfig } from './infra/config.ts';

const config = loadConfig();
const args = process.argv.slice(2);
try {
  if (config.databaseUrl) {
    throw new Error(
      'DATABASE_URL est défini : sauvegardez PostgreSQL avec pg_dump (voir README), npm run backup ne sert que la base embarquée.',
    );
  }
  if (args[0] === '--restore') {
    if (!args[1]) throw new Error('Usage : npm run backup -- --restore fichier.tar.gz');
    await restoreDataDir(path.resolve(args[1]), config.dataDir);
    console.log(`Sauvegarde ${args[1]} restaurée dans ${config.dataDir}.`);
  } else {
    const file = path.resolve(args[0] ?? path.join('backups', backupFileName(new Date())));
    const size = await backupDataDir(config.dataDir, file);
    console.log(`Sauvegarde écrite : ${file} (${Math.round(size / 1024)} Kio).`);
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
