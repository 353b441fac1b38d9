import { expect, test } from 'vitest';
import { validators } from '../../../generated/chari-money/validators.js';
import { fromChariMoneyAmount, toChariMoneyAmount } from '../../../src/providers/chari-money/index.js';

test.each([
  ['100.50', 100.5, '100.50'],
  ['0.07', 0.07, '0.07'],
  ['25000.00', 25_000, '25000.00'],
  ['0.30', 0.3, '0.30'],
])('%s MAD goes on the wire as the decimal number %s', (given, want, back) => {
  const wire = toChariMoneyAmount(given);
  expect(wire).toBe(want);
  expect(JSON.stringify({ Amount: wire })).toBe(`{"Amount":${String(want)}}`);
  expect(validators.schemas.Amount!(wire)).toBe(true);
  expect(fromChariMoneyAmount(wire)).toBe(back);
});

test.each([
  ['a third decimal', '10.001', /more decimals than MAD allows/],
  ['zero, which the spec Amount excludes', '0', /greater than 0/],
  ['more digits than a double prints back', '90071992547409.93', /too many digits to travel exactly as a JSON number/],
])('refuses %s', (_, given, want) => {
  expect(() => toChariMoneyAmount(given)).toThrow(want);
});

test('reading 0.1 + 0.2 off the wire is refused instead of silently rounded', () => {
  expect(() => fromChariMoneyAmount(0.1 + 0.2)).toThrow(/0\.30000000000000004 has more decimals than MAD allows/);
});
