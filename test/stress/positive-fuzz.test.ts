import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { fuzzSeed } from '../reliability/support/fuzz-seed.js';
import { describePositiveFuzz } from '../reliability/support/positive-fuzz-suite.js';

// The `npm test` suite with a fresh seed each run (printed with the counts; replay it with PAYCONTRACTS_FUZZ_SEED)
// and five times the cases. It ends when every operation's cases are sent.
describePositiveFuzz({
  suite: 'positive-fuzz (stress)',
  seed: fuzzSeed('random'),
  providers: PROVIDER_SLUGS,
  casesPerOperation: 150,
  concurrency: 16,
  requestTimeoutMs: 10_000,
  testTimeoutMs: 180_000,
});
