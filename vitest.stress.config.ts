import { defineConfig } from 'vitest/config';

/** Long-running load tests, outside `npm test`: `npm run test:stress` (PAYCONTRACTS_LOAD_SECONDS shortens them). */
export default defineConfig({
  test: {
    include: ['test/stress/**/*.test.ts'],
    // One sandbox under load at a time, so one run's load does not skew another's peak.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 90_000,
  },
});
