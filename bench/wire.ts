// Bytes on the wire of the login page (issue 16 item 6): index.html, what it links (entry script,
// style sheets, module preloads, manifest, icons) and the login route's chunks with their imports,
// fetched from the built server (`npm start`) as a browser would, three times: accepting no
// encoding (what every browser got before the build was pre-compressed), gzip, and brotli + gzip.
// Nothing is asserted.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { buildWeb, startServer } from '../e2e/server.ts';

const dist = path.resolve(process.env.E2E_WEB_DIST ?? 'dist/web');
const manifestFile = path.join(dist, '.vite/manifest.json');
const built =
  fs.existsSync(manifestFile) && fs.readdirSync(path.join(dist, 'assets')).some((f) => f.endsWith('.br'));
if (!built) buildWeb();

type Chunk = { file: string; css?: string[]; imports?: string[]; isEntry?: boolean };
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, Chunk>;
const files = new Set<string>();
const visit = (key: string) => {
  const chunk = manifest[key];
  if (!chunk || files.has(`/${chunk.file}`)) return;
  files.add(`/${chunk.file}`);
  for (const c of chunk.css ?? []) files.add(`/${c}`);
  for (const i of chunk.imports ?? []) visit(i);
};
visit(Object.keys(manifest).find((k) => k.endsWith('modules/auth/login-page.tsx'))!);

const server = await startServer({ LOGIN_RATE_LIMIT_PER_MINUTE: '100000' });
try {
  const port = Number(new URL(server.url).port);
  const get = (url: string, encoding: string) =>
    new Promise<{ bytes: number; encoding: string; body: Buffer }>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port, path: url, headers: { 'accept-encoding': encoding } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`${url} : ${res.statusCode}`));
            const body = Buffer.concat(parts);
            resolve({
              bytes: body.length,
              encoding: String(res.headers['content-encoding'] ?? 'identity'),
              body,
            });
          });
        },
      );
      req.on('error', reject);
    });
  const html = (await get('/login', 'identity')).body.toString('utf8');
  for (const m of html.matchAll(/(?:src|href)="(\/[^"]+)"/g)) files.add(m[1]!);
  const urls = ['/login', ...files];
  const kb = (n: number) => `${(n / 1024).toFixed(1)} Ko`;
  const totals: string[] = [];
  for (const [label, encoding] of [
    ['sans compression (avant)', 'identity'],
    ['gzip', 'gzip'],
    ['brotli', 'br, gzip, deflate'],
  ] as const) {
    let bytes = 0;
    const seen = new Set<string>();
    for (const u of urls) {
      const r = await get(u, encoding);
      bytes += r.bytes;
      seen.add(r.encoding);
    }
    totals.push(`${label} ${kb(bytes)} [${[...seen].join(', ')}]`);
  }
  console.log(`Page de connexion sur le fil (${urls.length} fichiers) : ${totals.join(' · ')}`);
} finally {
  await server.stop();
}
