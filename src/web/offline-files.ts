/**
 * The files the service worker keeps for the technician's offline day (vite.config.ts, at build
 * time): the entry with what it imports statically (the signed-in frame), and the field module's
 * chunks with everything they import, statically or lazily, with their CSS. Other pages are not
 * kept: a technician who opens one online gets it from the network (and the worker keeps it then).
 */

/** What this needs of a chunk of the build (Rollup's and Rolldown's output chunks have it). */
export type BuiltChunk = {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  moduleIds: string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
};
type Bundle = Record<string, BuiltChunk | { type: 'asset'; fileName: string }>;

/** A module of the offline field app: its source lives under this folder. */
const fieldModule = /[\\/]src[\\/]web[\\/]modules[\\/]field[\\/]/;

export function offlineFiles(bundle: Bundle, serviceWorker = 'sw.js'): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (fileName: string) => {
    const chunk = bundle[fileName];
    if (!chunk || chunk.type !== 'chunk' || seen.has(fileName)) return;
    seen.add(fileName);
    out.add(fileName);
    for (const f of chunk.viteMetadata?.importedCss ?? []) out.add(f);
    for (const f of chunk.viteMetadata?.importedAssets ?? []) out.add(f);
    for (const f of chunk.imports) visit(f);
    // The field module's lazy parts (its offline store, the detail page's sections) go too; the
    // entry's lazy imports (every other page) do not.
    if (!chunk.isEntry && chunk.moduleIds.some((id) => fieldModule.test(id)))
      for (const f of chunk.dynamicImports) visit(f);
  };
  for (const chunk of Object.values(bundle))
    if (chunk.type === 'chunk' && chunk.isEntry && chunk.fileName !== serviceWorker) visit(chunk.fileName);
  for (const chunk of Object.values(bundle))
    if (chunk.type === 'chunk' && chunk.moduleIds.some((id) => fieldModule.test(id))) visit(chunk.fileName);
  return [...out].sort();
}
