import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // A page answers within a second on a quiet machine, in several on CI's busy two cores: a poll
    // that gives up after vitest's default second fails journeys at random lines (tickets, planning).
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
