import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knownCrossings } from './module-boundaries.known.ts';
import { findCrossings, moduleCrossings, readTables } from './test/boundaries.ts';

/**
 * Module boundaries, enforced (see `test/boundaries.ts` for what a crossing is). Another module reads
 * through the owner's service or a read model the owner registers (search sources, timeline
 * entries, map layers). The crossings that predate this check are listed in
 * `module-boundaries.known.ts`, a list that may only shrink: a new crossing fails, and so does a
 * listed one that is gone (remove it from the list).
 */

const here = path.dirname(fileURLToPath(import.meta.url));

describe('module boundaries', () => {
  it('finds a crossing when a module imports or queries another module’s table', () => {
    const tables = readTables();
    const dir = fs.mkdtempSync(path.join(here, 'modules/zz-boundary-'));
    try {
      const file = path.join(dir, 'probe.ts');
      fs.writeFileSync(
        file,
        "import { tickets } from '../../db/schema/index.ts';\nconst q = sql`SELECT 1 FROM technicians`;\n",
      );
      const name = path.basename(dir);
      expect(findCrossings(tables, [file])).toEqual([
        `modules/${name}/probe.ts → technicians`,
        `modules/${name}/probe.ts → tickets`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('adds no crossing to those that predate the check, and the list only shrinks', () => {
    const crossings = moduleCrossings();
    expect(
      [...crossings]
        .filter(([c]) => !knownCrossings.includes(c))
        .map(([c, files]) => `${c} (${files.join(', ')})`),
      'new crossings',
    ).toEqual([]);
    expect(
      knownCrossings.filter((c) => !crossings.has(c)),
      'gone: remove them from the list',
    ).toEqual([]);
  });
});
