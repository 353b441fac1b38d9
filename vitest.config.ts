import { configDefaults, defineConfig } from 'vitest/config';

// Minutes of sustained load: `npm run test:stress` (vitest.stress.config.ts).
const EXCLUDE = [...configDefaults.exclude, 'test/stress/**'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts'],
    exclude: EXCLUDE,
    globalSetup: ['contract-tests/support/prism-global-setup.ts', 'test/support/global-setup.ts'],
    // Vitest defaults to cores − 1, one worker on this 2-core machine; most files wait on servers and child
    // processes rather than compute, so three workers keep both cores busy.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    reporters: ['default'],
    // Every file leaves no state behind (no module mocks; timers, spies and environment restored after each test;
    // every server closed in afterAll; heap is measured in a child process), so files share one module graph per
    // worker: importing src/ afresh for each file was most of the suite's CPU. Threads start cheaper than forks.
    isolate: false,
    pool: 'threads',
  },
});
