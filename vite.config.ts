import { createHash } from 'node:crypto';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The technician's phone works offline: `src/web/sw.ts` is built as `/sw.js` with the list of the
 * build's files to keep (the app shell), and index.html links the PWA manifest.
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
      const sw = bundle['sw.js'];
      if (sw?.type === 'chunk') {
        sw.code = `self.__PRECACHE__=${JSON.stringify(files)};self.__VERSION__=${JSON.stringify(version)};\n${sw.code}`;
      }
    },
    transformIndexHtml: () => [
      { tag: 'link', attrs: { rel: 'manifest', href: '/manifest.webmanifest' }, injectTo: 'head' },
      { tag: 'link', attrs: { rel: 'apple-touch-icon', href: '/icons/icon-192.png' }, injectTo: 'head' },
    ],
  };
}

export default defineConfig({
  root: 'src/web',
  plugins: [react(), serviceWorker()],
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: false, manifest: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
