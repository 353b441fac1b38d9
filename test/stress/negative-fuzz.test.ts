import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { fuzzSeed } from '../reliability/support/fuzz-seed.js';
import { describeNegativeFuzz } from '../reliability/support/negative-fuzz-suite.js';

// The `npm test` suite with a fresh seed each run (printed with the counts; replay it with PAYCONTRACTS_FUZZ_SEED)
// and five times the cases. It ends when every operation's cases are sent.
describeNegativeFuzz({
  suite: 'negative-fuzz (stress)',
  seed: fuzzSeed('random'),
  providers: PROVIDER_SLUGS,
  casesPerOperation: 500,
  concurrency: 16,
  requestTimeoutMs: 10_000,
  testTimeoutMs: 180_000,
});
