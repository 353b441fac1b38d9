import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts'],
    // Minutes of sustained load: `npm run test:stress` (vitest.stress.config.ts).
    exclude: [...configDefaults.exclude, 'test/stress/**'],
    globalSetup: ['contract-tests/support/prism-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    reporters: ['default'],
  },
});
