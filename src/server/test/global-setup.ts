import { adminUrl, testBackend } from './harness.ts';
import { dropRun, newRunTag, removeOrphanTemplateDirs, runTagEnv } from './run.ts';
import { buildTemplates, templatesEnv } from './templates.ts';

/**
 * Once per `vitest run`: the migrated and seeded databases that every test file copies; at the end,
 * the run's PostgreSQL databases and roles are dropped together (`run.ts`).
 */
export default async function setup() {
  const started = performance.now();
  const tag = newRunTag();
  const { templates, remove } = await buildTemplates(testBackend, adminUrl, tag);
  // The test files run in forks started after this setup: they inherit the environment.
  process.env[runTagEnv] = tag;
  process.env[templatesEnv] = JSON.stringify(templates);
  console.log(`Bases modèles (${testBackend}) prêtes en ${Math.round(performance.now() - started)} ms`);
  return async () => {
    await remove();
    removeOrphanTemplateDirs();
    if (testBackend !== 'postgresql') return;
    const dropping = performance.now();
    const count = await dropRun(adminUrl, tag);
    console.log(`Bases de la série supprimées (${count}) en ${Math.round(performance.now() - dropping)} ms`);
  };
}
