import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Module boundaries: a module's tables are used only by that module (`architecture.md`, « Module
 * boundaries »). A crossing is a file of `modules/<m>/` that imports a table of another module's
 * schema, or names another module's table in raw SQL (`FROM`, `JOIN`, `UPDATE`, `INTO`).
 * `npm run boundaries` prints today's crossings.
 */

const here = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = path.join(here, 'db/schema');
const modulesDir = path.join(here, 'modules');

/** Which modules own the tables of each schema file (`policy/` and `infra/` are not modules). */
const owners: Record<string, readonly string[]> = {
  'audit.ts': ['audit'],
  'auth.ts': ['auth', 'users'],
  'clients.ts': ['clients'],
  'contracts.ts': ['contracts'],
  'files.ts': [],
  'rate-limits.ts': [],
  'interventions.ts': ['interventions'],
  'notifications.ts': ['notifications'],
  'orders.ts': ['orders'],
  'partners.ts': ['partners'],
  'policy.ts': ['permissions'],
  'search.ts': ['search'],
  'settings.ts': ['settings'],
  'technicians.ts': ['technicians'],
  'tickets.ts': ['tickets'],
};

type Table = { variable: string; sqlName: string; owners: readonly string[]; schema: string };

export function readTables(): Table[] {
  const tables: Table[] = [];
  for (const file of fs.readdirSync(schemaDir)) {
    if (file === 'index.ts') continue;
    const own = owners[file];
    if (!own) throw new Error(`db/schema/${file}: say which module owns it in module-boundaries.test.ts`);
    const text = fs.readFileSync(path.join(schemaDir, file), 'utf8');
    for (const m of text.matchAll(/export const (\w+) = pgTable\(\s*'(\w+)'/g))
      tables.push({ variable: m[1]!, sqlName: m[2]!, owners: own, schema: file });
  }
  return tables;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    // Tests and their shared setups (`x.fixture.ts`) may read any table.
    return e.name.endsWith('.ts') && !/\.(test|fixture)\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Every crossing of the tree, as `modules/<m>/<file> → <table>` lines, sorted. */
export function findCrossings(tables = readTables(), files = sourceFiles(modulesDir)): string[] {
  const byVariable = new Map(tables.map((t) => [t.variable, t]));
  const bySqlName = new Map(tables.map((t) => [t.sqlName, t]));
  const found = new Set<string>();
  for (const file of files) {
    const rel = path.relative(here, file).split(path.sep).join('/');
    const module = rel.split('/')[1]!;
    const text = fs.readFileSync(file, 'utf8');
    const foreign = (t: Table | undefined) => t && !t.owners.includes(module);
    for (const imp of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'[./]*db\/schema\/[\w.]+'/g)) {
      for (const name of imp[1]!.split(',').map((s) =>
        s
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)[0]!
          .trim(),
      )) {
        const t = byVariable.get(name);
        if (foreign(t)) found.add(`${rel} → ${t!.sqlName}`);
      }
    }
    for (const m of text.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+"?([a-z_]+)"?/g)) {
      const t = bySqlName.get(m[1]!);
      if (foreign(t)) found.add(`${rel} → ${t!.sqlName}`);
    }
  }
  return [...found].sort();
}

/**
 * The same crossings by module: `map → tickets` (what the known list holds, so that splitting a
 * file neither adds nor removes a line), each with the files that make it.
 */
export function moduleCrossings(fileCrossings = findCrossings()): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of fileCrossings) {
    const [file, table] = c.split(' → ') as [string, string];
    const key = `${file.split('/')[1]} → ${table}`;
    out.set(key, [...(out.get(key) ?? []), file]);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  for (const [c, files] of moduleCrossings()) console.log(`${c}  (${files.join(', ')})`);
