import { randomInt } from 'node:crypto';

/** The seed `npm test` fuzzes with, so a failure there is reproducible as it stands. */
export const FIXED_FUZZ_SEED = 20_261_123;

/**
 * `PAYCONTRACTS_FUZZ_SEED` when set (to replay a run), else the fixed seed for `npm test` or a fresh random one for
 * the stress run. The seed is printed with the suite's counts.
 */
export function fuzzSeed(mode: 'fixed' | 'random'): number {
  const fromEnv = process.env.PAYCONTRACTS_FUZZ_SEED;
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isSafeInteger(seed)) throw new Error(`PAYCONTRACTS_FUZZ_SEED must be an integer, got "${fromEnv}".`);
    return seed | 0;
  }
  return mode === 'fixed' ? FIXED_FUZZ_SEED : randomInt(0, 2 ** 31 - 1);
}
