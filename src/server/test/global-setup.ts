import { adminUrl, testBackend } from './harness.ts';
import { buildTemplates, templatesEnv } from './templates.ts';

/** Once per `vitest run`: the migrated and seeded databases that every test file copies. */
export default async function setup() {
  const started = performance.now();
  const { templates, remove } = await buildTemplates(testBackend, adminUrl);
  // The test files run in forks started after this setup: they inherit the environment.
  process.env[templatesEnv] = JSON.stringify(templates);
  console.log(`Bases modèles (${testBackend}) prêtes en ${Math.round(performance.now() - started)} ms`);
  return remove;
}
