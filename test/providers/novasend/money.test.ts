import { expect, test } from 'vitest';
import { toNovasendAmount } from '../../../src/providers/novasend/index.js';

test.each([
  ['300', 300],
  ['300.00', 300],
  [300, 300],
  [1_000_000n, 1_000_000],
] as const)('%s is %i whole units', (given, want) => {
  expect(toNovasendAmount(given)).toBe(want);
});

test.each([
  ['a fraction', '300.50', /300\.50 has more decimals than a Novasend amount in whole units allows \(0\)/],
  ['a fractional number', 300.5, /more decimals than a Novasend amount in whole units allows/],
  ['zero, below the spec minimum', '0', /A Novasend amount of 0 is not accepted: the spec requires at least 1/],
  ['a negative amount', '-300', /the spec requires at least 1/],
  ['a comma', '1,5', /use "\." for decimals/],
  ['exponent notation', '1e3', /exponent notation/],
  ['more than a JSON number holds', '9007199254740993', /too large to send as a JSON number/],
])('refuses %s', (_, given, want) => {
  expect(() => toNovasendAmount(given)).toThrow(want);
});
