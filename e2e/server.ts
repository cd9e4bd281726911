import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Where the journeys' web build goes: `E2E_WEB_DIST` lets two runs side by side keep apart. */
const webDist = process.env.E2E_WEB_DIST ? path.resolve(process.env.E2E_WEB_DIST) : undefined;
/** The journeys' server build: beside their web build, or `dist/server` as `npm run build` does. */
const serverDist = webDist ? `${webDist}-server` : path.resolve('dist/server');

/** Builds what `npm start` runs: the web app (Vite) and the server bundle (esbuild). */
export function buildWeb(): void {
  const args = ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'];
  if (webDist) args.push('--outDir', webDist, '--emptyOutDir');
  const res = spawnSync(process.execPath, args, {
    stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would give a development build of React.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (res.status !== 0) throw new Error('vite build failed');
  buildServer();
}

function buildServer(): void {
  const res = spawnSync(process.execPath, ['scripts/build-server.mjs', serverDist], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error('server build failed');
}

/**
 * Starts Relais the way a user does (`npm start` runs `node dist/server/main.js`, the build) on an
 * empty embedded database in a temporary directory, and waits for `/api/health`.
 */
export async function startServer(
  env: Record<string, string> = {},
): Promise<{ url: string; stop(): Promise<void>; dataDir: string; process: ChildProcess }> {
  if (!fs.existsSync(path.join(serverDist, 'main.js'))) buildServer();
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-e2e-'));
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(serverDist, 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      // Journeys never call the real address API: an unreachable geocoder leaves sites « Non localisé ».
      GEOCODER_URL: 'http://127.0.0.1:9',
      COMPANY_LOOKUP_URL: 'http://127.0.0.1:9',
      ...(webDist ? { WEB_DIST: webDist } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  // A fresh database: no account is enrolled in two-factor authentication yet.
  fs.rmSync(path.join(os.tmpdir(), `relais-e2e-totp-${port}.json`), { force: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    process: child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
