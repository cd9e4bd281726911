import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Migrates and seeds once per run; each test file copies the result (src/server/test/templates.ts).
    // Its teardown drops the run's PostgreSQL databases together (src/server/test/run.ts).
    globalSetup: ['src/server/test/global-setup.ts'],
    // The files of a worker share its modules: the app is imported once per worker, not once per
    // file. What a file leaves in module state is reset before the next (src/server/test/per-file.ts).
    isolate: false,
    setupFiles: ['src/server/test/per-file.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
