/**
 * Type-level tests, checked by `tsc --noEmit -p .`: each `@ts-expect-error` must meet an error. Nothing here runs.
 */
import { fromMinorUnits, toMinorUnits } from '../../src/core/money.js';

export const minor: bigint = toMinorUnits('1799.00', 'MAD');
export const text: string = fromMinorUnits(179_900n, 'MAD');
// @ts-expect-error GBP has no exponent here
toMinorUnits('1.00', 'GBP');
// @ts-expect-error amounts are not objects
toMinorUnits({ value: 1 }, 'MAD');
