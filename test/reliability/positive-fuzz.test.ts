import { PROVIDER_SLUGS } from '../../src/core/providers.js';
import { fuzzSeed } from './support/fuzz-seed.js';
import { describePositiveFuzz } from './support/positive-fuzz-suite.js';

describePositiveFuzz({
  suite: 'positive-fuzz',
  seed: fuzzSeed('fixed'),
  providers: PROVIDER_SLUGS,
  casesPerOperation: 30,
  concurrency: 8,
  requestTimeoutMs: 10_000,
  testTimeoutMs: 60_000,
});
