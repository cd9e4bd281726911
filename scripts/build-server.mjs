// `npm run build` (second half): bundles the server's entry points into dist/server as plain
// JavaScript that `node` runs without tsx; packages stay in node_modules (`npm ci --omit=dev`).
// The SQL migrations are copied beside the bundle, where `infra/db.ts` looks for them.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

// An other folder may be given (the browser journeys build their own beside their web build).
const outdir = path.resolve(process.argv[2] ?? 'dist/server');
fs.rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: {
    main: 'src/server/main.ts',
    worker: 'src/server/worker.ts',
    'demo-seed': 'src/server/demo/seed.cli.ts',
    backup: 'src/server/backup.cli.ts',
    // A worker thread's script, loaded by `new URL('./password-strength.worker.js', import.meta.url)`.
    'password-strength.worker': 'src/server/modules/auth/password-strength.worker.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

fs.cpSync('src/server/db/migrations', path.join(outdir, 'migrations'), { recursive: true });
fs.writeFileSync(path.join(outdir, 'package.json'), '{ "type": "module" }\n');
