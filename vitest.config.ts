import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts'],
    // Minutes of sustained load: `npm run test:stress` (vitest.stress.config.ts).
    exclude: [...configDefaults.exclude, 'test/stress/**'],
    globalSetup: ['contract-tests/support/prism-global-setup.ts', 'test/support/cli-global-setup.ts'],
    // Vitest defaults to cores − 1, one worker on this 2-core machine; most files wait on servers and child
    // processes rather than compute, so three workers keep both cores busy.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    reporters: ['default'],
  },
});
