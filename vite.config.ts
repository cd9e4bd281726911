import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { offlineFiles } from './src/web/offline-files.ts';

/**
 * The technician's phone works offline: `src/web/sw.ts` is built as `/sw.js` with the list of the
 * files the field app needs offline (`src/web/offline-files.ts`), and index.html links the PWA
 * manifest. The version names the build: a new build replaces the kept files.
 */
function serviceWorker(): Plugin {
  return {
    name: 'relais-service-worker',
    apply: 'build',
    buildStart() {
      this.emitFile({ type: 'chunk', id: path.resolve('src/web/sw.ts'), fileName: 'sw.js' });
    },
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => f !== 'sw.js' && f !== 'index.html' && !f.endsWith('.map') && !f.startsWith('.vite/'))
        .sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const offline = offlineFiles(bundle as unknown as Parameters<typeof offlineFiles>[0]);
      const sw = bundle['sw.js'];
      if (sw?.type === 'chunk') {
        sw.code = `self.__PRECACHE__=${JSON.stringify(offline)};self.__VERSION__=${JSON.stringify(version)};\n${sw.code}`;
      }
    },
    transformIndexHtml: () => [
      { tag: 'link', attrs: { rel: 'manifest', href: '/manifest.webmanifest' }, injectTo: 'head' },
      { tag: 'link', attrs: { rel: 'apple-touch-icon', href: '/icons/icon-192.png' }, injectTo: 'head' },
    ],
  };
}

/**
 * Every text file of the build is also written compressed, beside it (`x.js.br`, `x.js.gz`, at the
 * highest levels, once at build time): the server sends these to a browser that accepts them
 * (`@fastify/static` with `preCompressed`), without compressing anything per request.
 */
function precompress(): Plugin {
  let outDir = '';
  const compressible = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  return {
    name: 'relais-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!compressible.test(file) || file.includes(`${path.sep}.vite${path.sep}`)) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        const br = brotliCompressSync(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        });
        const gz = gzipSync(data, { level: 9 });
        if (br.length < data.length) fs.writeFileSync(`${file}.br`, br);
        if (gz.length < data.length) fs.writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

export default defineConfig({
  root: 'src/web',
  plugins: [react(), serviceWorker(), precompress()],
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: false, manifest: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
