import { defineConfig } from 'vitest/config';

/** Browser tests: Playwright (playwright-core) driving Debian's Chromium against the built app. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time, each with its own server and Chromium: on two cores the suite takes two
    // thirds of the time of one at a time (462 s against 692 s), and every wait allows for the load.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
