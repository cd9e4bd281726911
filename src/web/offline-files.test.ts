import { describe, expect, it } from 'vitest';
import { type BuiltChunk, offlineFiles } from './offline-files.ts';

// The service worker keeps only what the technician's offline day needs (issue 16 item 6).
const chunk = (fileName: string, over: Partial<BuiltChunk> = {}): BuiltChunk => ({
  type: 'chunk',
  fileName,
  isEntry: false,
  imports: [],
  dynamicImports: [],
  moduleIds: [`/app/src/web/modules/${fileName.replace('.js', '')}.tsx`],
  viteMetadata: { importedCss: new Set(), importedAssets: new Set() },
  ...over,
});

describe('offlineFiles', () => {
  const bundle = Object.fromEntries(
    [
      chunk('index.js', {
        isEntry: true,
        imports: ['react.js'],
        dynamicImports: ['field-page.js', 'clients-page.js', 'store.js'],
        moduleIds: ['/app/src/web/app/main.tsx'],
        viteMetadata: { importedCss: new Set(['index.css']), importedAssets: new Set() },
      }),
      chunk('react.js', { moduleIds: ['/app/node_modules/react/index.js'] }),
      chunk('field-page.js', {
        imports: ['data-list.js'],
        moduleIds: ['/app/src/web/modules/field/field-page.tsx'],
      }),
      chunk('field-detail-page.js', {
        dynamicImports: ['signature.js'],
        moduleIds: ['/app/src/web/modules/field/field-detail-page/index.tsx'],
      }),
      chunk('signature.js', { moduleIds: ['/app/node_modules/signature-pad/index.js'] }),
      chunk('store.js', { moduleIds: ['/app/src/web/modules/field/store.ts'] }),
      chunk('data-list.js', {
        dynamicImports: ['clients-page.js'],
        moduleIds: ['/app/src/web/ui/data-list.tsx'],
      }),
      chunk('clients-page.js', {
        imports: ['data-list.js'],
        viteMetadata: { importedCss: new Set(['clients.css']), importedAssets: new Set() },
      }),
      chunk('map-page.js'),
      chunk('sw.js', { isEntry: true, moduleIds: ['/app/src/web/sw.ts'] }),
      { type: 'asset' as const, fileName: 'index.css' },
    ].map((c) => [c.fileName, c]),
  );

  it('keeps the entry, its static imports and CSS, and the field module with what it loads lazily', () => {
    expect(offlineFiles(bundle)).toEqual([
      'data-list.js',
      'field-detail-page.js',
      'field-page.js',
      'index.css',
      'index.js',
      'react.js',
      'signature.js',
      'store.js',
    ]);
  });

  it('follows no lazy import of the entry or of a chunk outside the field module: other pages stay out', () => {
    const files = offlineFiles(bundle);
    expect(files).not.toContain('clients-page.js');
    expect(files).not.toContain('clients.css');
    expect(files).not.toContain('map-page.js');
    expect(files).not.toContain('sw.js');
  });
});
