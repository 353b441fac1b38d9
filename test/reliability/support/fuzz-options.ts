import type { ProviderSlug } from '../../../src/core/providers.js';

/** How a fuzz suite runs: the same suites run in `npm test` (fixed seed) and `npm run test:stress` (random seed, more cases). */
export interface FuzzRunOptions {
  /** the name printed with the counts */
  suite: string;
  seed: number;
  providers: readonly ProviderSlug[];
  casesPerOperation: number;
  /** requests in flight at once, over keep-alive connections */
  concurrency: number;
  /** a response slower than this is recorded as a hang */
  requestTimeoutMs: number;
  /** vitest's limit for one operation's batch */
  testTimeoutMs: number;
}
