import { expect, test } from 'vitest';
import { validators } from '../../../generated/chari-pay/validators.js';
import { fromChariPayAmount, toChariPayAmount } from '../../../src/providers/chari-pay/index.js';

test.each([
  ['150.00', 15_000, '150.00'],
  ['0.07', 7, '0.07'],
  ['1799', 179_900, '1799.00'],
])('%s MAD is %i centimes, a valid spec Amount', (given, want, back) => {
  const wire = toChariPayAmount(given, 'MAD');
  expect(wire).toBe(want);
  expect(validators.schemas.Amount!(wire)).toBe(true);
  expect(fromChariPayAmount(wire, 'MAD')).toBe(back);
});

test.each([
  ['zero, which the spec Amount excludes', '0', /greater than 0/],
  ['a negative amount', '-5.00', /greater than 0/],
  ['a third decimal', '10.001', /more decimals than MAD allows/],
  ['float noise', 0.1 + 0.2, /more decimals than MAD allows/],
])('refuses %s', (_, given, want) => {
  expect(() => toChariPayAmount(given, 'MAD')).toThrow(want);
});

test('refuses a currency the spec does not list', () => {
  expect(() => toChariPayAmount('10.00', 'EUR' as 'MAD')).toThrow('Chari Pay does not accept currency "EUR"; use MAD.');
});
