import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts'],
    globalSetup: ['contract-tests/support/prism-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    reporters: ['default'],
  },
});
