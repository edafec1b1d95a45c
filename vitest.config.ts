import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two cores: two worker processes, each running many files in turn.
    maxWorkers: 2,
    // A worker keeps its loaded modules from one file to the next, so the application's modules
    // load once per worker and files share the app booted there (test/helpers/shared-app.ts).
    isolate: false,
    reporters: ['default'],
  },
});
