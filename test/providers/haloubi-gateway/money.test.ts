import { expect, test } from 'vitest';
import { validators } from '../../../generated/haloubi-gateway/validators.js';
import {
  fromHaloubiAmount,
  type HaloubiCurrency,
  toHaloubiAmount,
} from '../../../src/providers/haloubi-gateway/index.js';

test.each([
  ['99.99', 'USD', 9999],
  ['0.01', 'EUR', 1],
  ['1799.00', 'MAD', 179_900],
] as const)('%s %s is %i cents, a valid spec AmountCents', (given, currency, want) => {
  const wire = toHaloubiAmount(given, currency);
  expect(wire).toBe(want);
  expect(validators.schemas.AmountCents!(wire)).toBe(true);
  expect(fromHaloubiAmount(wire, currency)).toBe(given);
});

test.each([
  ['zero, below the spec minimum of 1 cent', '0.00', /at least 1/],
  ['a fraction of a cent', '0.005', /more decimals than USD allows/],
  ['exponent notation', '1e3', /exponent notation/],
])('refuses %s', (_, given, want) => {
  expect(() => toHaloubiAmount(given, 'USD')).toThrow(want);
});

test.each(['XOF', 'GBP'])('refuses %s, which the spec Currency does not list', (currency) => {
  expect(() => toHaloubiAmount('10.00', currency as HaloubiCurrency)).toThrow(
    `Haloubi does not accept currency "${currency}"; use USD, EUR, MAD.`,
  );
});
