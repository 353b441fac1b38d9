import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { fuzzSeed } from './support/fuzz-seed.js';
import { describeNegativeFuzz } from './support/negative-fuzz-suite.js';

describeNegativeFuzz({
  suite: 'negative-fuzz',
  seed: fuzzSeed('fixed'),
  providers: PROVIDER_SLUGS,
  casesPerOperation: 100,
  concurrency: 8,
  requestTimeoutMs: 10_000,
  testTimeoutMs: 60_000,
});
