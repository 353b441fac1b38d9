import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that leave no state behind (no module mocks, timers and spies restored after each test, every server
 * closed in afterAll) and so can share one module graph per worker: importing src/ afresh for each of them was
 * most of their CPU time. Worker threads start cheaper than forked processes. The rest (heap measurements,
 * process-wide fault injection) keep a fresh worker per file.
 */
const SHARED_MODULES = [
  'test/core/**/*.test.ts',
  'test/providers/**/*.test.ts',
  'test/pipeline/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/diff/**/*.test.ts',
  'test/trigger/**/*.test.ts',
  'test/postman/**/*.test.ts',
  'test/docs/**/*.test.ts',
  'test/browser/**/*.test.ts',
  'test/ci/**/*.test.ts',
  'test/package/**/*.test.ts',
  'test/examples.test.ts',
  'test/devtools/**/*.test.ts',
  'contract-tests/**/*.test.ts',
];

// Minutes of sustained load: `npm run test:stress` (vitest.stress.config.ts).
const EXCLUDE = [...configDefaults.exclude, 'test/stress/**'];

export default defineConfig({
  test: {
    exclude: EXCLUDE,
    // Each project runs these; the setups start their servers once and share them (see the files).
    globalSetup: ['contract-tests/support/prism-global-setup.ts', 'test/support/global-setup.ts'],
    // Vitest defaults to cores − 1, one worker on this 2-core machine; most files wait on servers and child
    // processes rather than compute, so three workers keep both cores busy.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: SHARED_MODULES, isolate: false, pool: 'threads' },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts'],
          exclude: [...EXCLUDE, ...SHARED_MODULES],
        },
      },
    ],
  },
});
