import { describe, expect, test } from 'vitest';
import {
  AmountMismatchError,
  type CurrencyCode,
  currencyExponent,
  type DecimalAmount,
  fromMinorUnits,
  minorUnitsToDecimalNumber,
  minorUnitsToNumber,
  toMinorUnits,
  toScaledInteger,
} from '../../src/core/money.js';

describe('toMinorUnits', () => {
  const converts: [string, { given: [DecimalAmount, CurrencyCode]; want: bigint }][] = [
    ['a price with cents', { given: ['1799.00', 'MAD'], want: 179_900n }],
    ['seven centimes, not 7.000000000000001', { given: ['0.07', 'MAD'], want: 7n }],
    ['one decimal', { given: ['12.5', 'EUR'], want: 1250n }],
    ['no decimals', { given: ['15', 'USD'], want: 1500n }],
    ['leading zeros', { given: ['007.50', 'MAD'], want: 750n }],
    ['zero', { given: ['0', 'MAD'], want: 0n }],
    ['negative (a refund delta)', { given: ['-0.07', 'MAD'], want: -7n }],
    ['negative whole', { given: ['-12.30', 'EUR'], want: -1230n }],
    ['XOF has no minor unit', { given: ['300', 'XOF'], want: 300n }],
    ['XOF with zero decimals, as Novasend prints it', { given: ['300.00', 'XOF'], want: 300n }],
    ['trailing zeros past the exponent', { given: ['10.000', 'MAD'], want: 1000n }],
    ['beyond 2^53 minor units, exact', { given: ['90071992547409.93', 'MAD'], want: 9_007_199_254_740_993n }],
    [
      'a very large amount',
      { given: ['123456789012345678901234567890.12', 'USD'], want: 12_345_678_901_234_567_890_123_456_789_012n },
    ],
    ['a bigint of major units', { given: [10n, 'MAD'], want: 1000n }],
    ['a number that is exactly what was typed', { given: [17.99, 'MAD'], want: 1799n }],
    ['the float 0.07', { given: [0.07, 'MAD'], want: 7n }],
    ['an integer number', { given: [1799, 'MAD'], want: 179_900n }],
  ];
  test.each(converts)('%s', (_, { given, want }) => {
    expect(toMinorUnits(...given)).toBe(want);
  });

  const refuses: [string, { given: [DecimalAmount, string]; want: RegExp }][] = [
    [
      '0.1 + 0.2 (float noise is refused, not rounded)',
      { given: [0.1 + 0.2, 'MAD'], want: /0\.30000000000000004 has more decimals than MAD allows \(2\)/ },
    ],
    [
      'too many decimals',
      { given: ['10.001', 'MAD'], want: /10\.001 has more decimals than MAD allows \(2\); round it explicitly/ },
    ],
    ['decimals on XOF', { given: ['300.5', 'XOF'], want: /more decimals than XOF allows \(0\)/ }],
    ['exponent notation', { given: ['1e3', 'MAD'], want: /exponent notation is not accepted/ }],
    ['a comma decimal separator', { given: ['1,5', 'MAD'], want: /use "\." for decimals and no thousands separator/ }],
    ['a thousands separator', { given: ['1,799.00', 'MAD'], want: /no thousands separator/ }],
    ['a bare dot', { given: ['.5', 'MAD'], want: /is not a decimal amount/ }],
    ['a trailing dot', { given: ['5.', 'MAD'], want: /is not a decimal amount/ }],
    ['a plus sign', { given: ['+5', 'MAD'], want: /is not a decimal amount/ }],
    ['spaces', { given: [' 5 ', 'MAD'], want: /is not a decimal amount/ }],
    ['empty', { given: ['', 'MAD'], want: /is not a decimal amount/ }],
    ['a number in exponent form', { given: [1e-7, 'MAD'], want: /exponent notation/ }],
    ['NaN', { given: [Number.NaN, 'MAD'], want: /not a finite amount/ }],
    [
      'a number too large to be exact',
      { given: [2 ** 53, 'MAD'], want: /too large to be exact as a JavaScript number; pass it as a string or bigint/ },
    ],
    [
      'an unknown currency',
      { given: ['1.00', 'GBP'], want: /Unsupported currency "GBP"; use one of MAD, EUR, USD, XOF/ },
    ],
    ['a lower-case currency', { given: ['1.00', 'mad'], want: /Unsupported currency "mad"/ }],
  ];
  test.each(refuses)('refuses %s with a TypeError', (_, { given, want }) => {
    expect(() => toMinorUnits(given[0], given[1] as CurrencyCode)).toThrow(TypeError);
    expect(() => toMinorUnits(given[0], given[1] as CurrencyCode)).toThrow(want);
  });
});

describe('fromMinorUnits', () => {
  const formats: [string, { given: [number | bigint, CurrencyCode]; want: string }][] = [
    ['cents', { given: [179_900, 'MAD'], want: '1799.00' }],
    ['under one unit', { given: [7, 'MAD'], want: '0.07' }],
    ['zero', { given: [0, 'EUR'], want: '0.00' }],
    ['negative under one unit', { given: [-7n, 'EUR'], want: '-0.07' }],
    ['negative', { given: [-1230, 'USD'], want: '-12.30' }],
    ['XOF', { given: [300, 'XOF'], want: '300' }],
    ['a bigint beyond 2^53', { given: [9_007_199_254_740_993n, 'MAD'], want: '90071992547409.93' }],
  ];
  test.each(formats)('%s', (_, { given, want }) => {
    expect(fromMinorUnits(...given)).toBe(want);
  });

  test.each([
    ['a fraction of a minor unit', 0.5],
    ['an unsafe integer', 2 ** 53 + 2],
  ])('refuses %s', (_, minor) => {
    expect(() => fromMinorUnits(minor, 'MAD')).toThrow(
      /must be a whole number within ±2\^53, got .*; pass a bigint for larger amounts/,
    );
  });

  test('round-trips through toMinorUnits for every currency', () => {
    for (const [amount, currency] of [
      ['1799.00', 'MAD'],
      ['0.07', 'EUR'],
      ['-3.10', 'USD'],
      ['300', 'XOF'],
    ] as const) {
      expect(fromMinorUnits(toMinorUnits(amount, currency), currency)).toBe(amount);
    }
  });
});

test('currencyExponent holds the ISO 4217 exponents', () => {
  expect(['MAD', 'EUR', 'USD', 'XOF'].map(currencyExponent)).toEqual([2, 2, 2, 0]);
});

test('toScaledInteger names the unit in its error', () => {
  expect(() => toScaledInteger('300.5', 0, 'a Novasend amount in whole units')).toThrow(
    /300\.5 has more decimals than a Novasend amount in whole units allows \(0\)/,
  );
});

describe('minor units as JSON numbers', () => {
  test('a safe bigint becomes a number; an unsafe one is refused', () => {
    expect(minorUnitsToNumber(179_900n, 'MAD')).toBe(179_900);
    expect(() => minorUnitsToNumber(9_007_199_254_740_993n, 'MAD')).toThrow(
      /90071992547409\.93 MAD is too large to send as a JSON number/,
    );
  });

  test.each([
    [10_050n, 100.5],
    [7n, 0.07],
    [179_900n, 1799],
  ])('%s minor units are the decimal number %s', (minor, want) => {
    expect(minorUnitsToDecimalNumber(minor, 'MAD')).toBe(want);
  });

  test('a decimal that a double cannot print back is refused', () => {
    expect(() => minorUnitsToDecimalNumber(9_007_199_254_740_993n, 'MAD')).toThrow(
      /too many digits to travel exactly as a JSON number/,
    );
  });
});

test('AmountMismatchError says what the total should be', () => {
  const error = new AmountMismatchError('AMOUNT_MISMATCH', '10.00', '9.99', 'MAD');
  expect(error).toBeInstanceOf(TypeError);
  expect(error.code).toBe('AMOUNT_MISMATCH');
  expect(error.message).toBe(
    'The total 10.00 MAD does not equal the sum of the items (9.99 MAD), which the API rejects as AMOUNT_MISMATCH; send total "9.99" or fix the item prices.',
  );
});
