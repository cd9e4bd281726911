import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roles } from '../../shared/permissions.ts';

/**
 * Every rule about roles lives in `src/server/policy/` (and the role list, label maps and
 * `roleNeedsPartner` of `src/shared/permissions.ts`): anywhere else, a role compared by name is a
 * rule the editable matrix no longer governs. Services, presenters and pages ask the policy
 * (`policy.isStaff()`, `policy.staffCan(…)`, `audienceRoles(…)`) or read `capabilities` and
 * `abilities`. This test reads the sources and fails on such a comparison.
 */
const root = join(import.meta.dirname, '../..');

/** Where roles may be named: the policy itself and the shared role list with its labels. */
const allowed = (path: string) =>
  path.startsWith('server/policy/') ||
  path === 'shared/permissions.ts' ||
  // Tests log in as roles, the demo seed creates one account per role and the test harness
  // enrols them: data, not decisions.
  /\.test\.tsx?$/.test(path) ||
  path.startsWith('server/demo/') ||
  path.startsWith('server/test/');

const roleName = `['"](?:${roles.join('|')})['"]`;
const rules: { name: string; pattern: RegExp }[] = [
  {
    name: 'a role compared with a role name',
    pattern: new RegExp(
      `[\\w.?]*role\\s*[!=]==?\\s*${roleName}|${roleName}\\s*[!=]==?\\s*[\\w.?]*role\\b`,
      'gi',
    ),
  },
  { name: 'a role looked up in a list', pattern: /\.includes\(\s*[\w.?]*role\b/gi },
  {
    name: 'a list of role names',
    pattern: new RegExp(`\\w*roles?\\w*\\s*(?:[:(,]|=(?!=))[^\\[\\];=]{0,40}\\[[^\\]]*?${roleName}`, 'gi'),
  },
  {
    name: 'a query by role name',
    pattern: new RegExp(`(?:eq|ne|inArray)\\(\\s*[\\w.]*role\\s*,\\s*${roleName}`, 'gi'),
  },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** `file:line: text` of every role comparison outside the policy. */
export function roleComparisons(): string[] {
  const found: string[] = [];
  for (const file of sources(root)) {
    const path = relative(root, file).split('\\').join('/');
    if (allowed(path)) continue;
    found.push(...comparisonsIn(readFileSync(file, 'utf8')).map((c) => `src/${path}:${c}`));
  }
  return found;
}

/** `line: rule: text` of every role comparison in a source text. */
function comparisonsIn(text: string): string[] {
  return rules.flatMap(({ name, pattern }) =>
    [...text.matchAll(pattern)].map(
      (m) => `${text.slice(0, m.index).split('\n').length}: ${name}: ${m[0].trim()}`,
    ),
  );
}

describe('roles are compared only in the policy', () => {
  it('finds no role comparison outside src/server/policy and the shared role list', () => {
    expect(roleComparisons()).toEqual([]);
  });

  it('catches a role compared by name, looked up in a list or listed', () => {
    const probe = [
      "if (me.user.role === 'partenaire') return null;",
      "const techs = ['tech_terrain', 'tech_interne'].includes(actor.role);",
      "const item = { to: '/planning', roles: ['admin', 'adv'] };",
      "await db.select().from(users).where(eq(users.role, 'admin'));",
    ].join('\n');
    expect(comparisonsIn(probe).map((c) => c.split(':')[0])).toEqual(['1', '2', '3', '4']);
  });
});
