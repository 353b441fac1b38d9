import { defineConfig } from 'vitest/config';

/** The live target: behaviour scenarios only, against `<SLUG>_BASE_URL` through `prism proxy --errors`. */
export default defineConfig({
  test: {
    include: ['contract-tests/**/behaviour*.test.ts'],
    env: { PAYCONTRACTS_TARGET: 'live' },
    globalSetup: ['contract-tests/support/live-global-setup.ts'],
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
