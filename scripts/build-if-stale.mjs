// Runs before `npm start`, `npm run worker`, `npm run demo:seed` and `npm run backup`: builds
// (`npm run build`) when dist/ is missing or older than the sources, so that a fresh clone works
// with `npm install && npm start`. Where there are no sources (a production image holding only
// dist/), or nothing changed, it does nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const outputs = ['dist/server/main.js', 'dist/web/index.html'];
const inputs = ['src', 'package-lock.json', 'vite.config.ts', 'scripts/build-server.mjs'];

function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, entry)));
  return max;
}

if (!fs.existsSync('src/server')) process.exit(0);
const built = Math.min(...outputs.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
const changed = newest('src') > built || inputs.slice(1).some((f) => newest(f) > built);
if (!changed) process.exit(0);

if (!fs.existsSync('node_modules/vite') || !fs.existsSync('node_modules/esbuild')) {
  console.error(
    built === 0
      ? 'Relais n’est pas construit (dist/ manque) et les outils de construction ne sont pas installés : lancez `npm install` puis `npm run build`.'
      : 'Les sources ont changé depuis la dernière construction, mais les outils de construction ne sont pas installés : dist/ est utilisé tel quel.',
  );
  process.exit(built === 0 ? 1 : 0);
}
console.log(
  built === 0 ? 'Première construction de Relais…' : 'Sources modifiées : reconstruction de Relais…',
);
// Under npm, npm_execpath is npm's own script: the build runs with the npm that started us.
const npm = process.env.npm_execpath;
const res = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(res.status ?? 1);
