import { describe, expect, test } from 'vitest';
import { validators } from '../../../generated/alyapay/validators.js';
import {
  type AlyaPaySessionRequest,
  AmountMismatchError,
  buildAlyaPayOrder,
  checkAlyaPayOrder,
} from '../../../src/providers/alyapay/index.js';

describe('buildAlyaPayOrder', () => {
  test('the document example: one pair of headphones at 1799', () => {
    const body = buildAlyaPayOrder('MAD', [
      { id: 'PRODUCT_123', name: 'Wireless Headphones', price: '1799.00', quantity: 1 },
    ]);
    expect(body).toEqual({
      total: '1799.00',
      currency: 'MAD',
      items: [{ id: 'PRODUCT_123', name: 'Wireless Headphones', price: 1799, quantity: 1 }],
    });
    expect(validators.requests.createSession!(body)).toBe(true);
  });

  test('sums in minor units: 3 × 0.10 + 0.20 is exactly 0.50', () => {
    const body = buildAlyaPayOrder('MAD', [
      { id: 'a', name: 'Sticker', price: '0.10', quantity: 3 },
      { id: 'b', name: 'Pin', price: 0.2, quantity: 1 },
    ]);
    expect(body.total).toBe('0.50');
    expect(() => checkAlyaPayOrder(body)).not.toThrow();
  });

  test('a fractional quantity (the document types it number): 1.5 × 10.00 = 15.00', () => {
    const order = buildAlyaPayOrder('MAD', [{ id: 'oil', name: 'Olive oil (kg)', price: '10.00', quantity: 1.5 }]);
    expect(order).toEqual({
      total: '15.00',
      currency: 'MAD',
      items: [{ id: 'oil', name: 'Olive oil (kg)', price: 10, quantity: 1.5 }],
    });
    expect(() => checkAlyaPayOrder(order)).not.toThrow();
  });

  test('lines that sum to a fraction of a centime are refused: 0.5 × 0.01', () => {
    expect(() => buildAlyaPayOrder('MAD', [{ id: 'a', name: 'A', price: '0.01', quantity: 0.5 }])).toThrow(
      /fraction of a centime/,
    );
  });

  test.each([
    [
      'no items',
      [],
      /order \(0 lines, total 0\.00 MAD\) is not a valid createSession body: .*AlyaPay needs at least one line and a positive total/,
    ],
    [
      'a quantity of zero',
      [{ id: 'a', name: 'A', price: '1.00', quantity: 0 }],
      /line 0 \(a\) is not a valid item: \/quantity must be > 0/,
    ],
    [
      'a price with three decimals',
      [{ id: 'a', name: 'A', price: '1.005', quantity: 1 }],
      /more decimals than MAD allows/,
    ],
  ])('refuses %s', (_, lines, want) => {
    expect(() => buildAlyaPayOrder('MAD', lines)).toThrow(want);
  });
});

describe('checkAlyaPayOrder', () => {
  const order = (total: string, items: [price: number, quantity: number][]): AlyaPaySessionRequest => ({
    total,
    currency: 'MAD',
    items: items.map(([price, quantity], i) => ({ id: `p${i}`, name: `Product ${i}`, price, quantity })),
  });

  const cases: [string, { given: AlyaPaySessionRequest; want: { declared: string; computed: string } | 'ok' }][] = [
    ['a matching total', { given: order('1799.00', [[1799, 1]]), want: 'ok' }],
    [
      '0.1 + 0.2 priced lines totalling 0.30',
      {
        given: order('0.30', [
          [0.1, 1],
          [0.2, 1],
        ]),
        want: 'ok',
      },
    ],
    [
      'a total one centime short',
      { given: order('1798.99', [[1799, 1]]), want: { declared: '1798.99', computed: '1799.00' } },
    ],
    [
      'quantities multiplied',
      {
        given: order('20.00', [
          [7.5, 2],
          [2.5, 1],
        ]),
        want: { declared: '20.00', computed: '17.50' },
      },
    ],
  ];
  test.each(cases)('%s', (_, { given, want }) => {
    if (want === 'ok') return expect(() => checkAlyaPayOrder(given)).not.toThrow();
    const error = (() => {
      try {
        checkAlyaPayOrder(given);
      } catch (e) {
        return e;
      }
    })() as AmountMismatchError;
    expect(error).toBeInstanceOf(AmountMismatchError);
    expect(error.code).toBe('AMOUNT_MISMATCH');
    expect([error.declaredTotal, error.computedTotal]).toEqual([want.declared, want.computed]);
  });

  test('a price with float noise is refused, not rounded into a match', () => {
    expect(() => checkAlyaPayOrder(order('0.30', [[0.1 + 0.2, 1]]))).toThrow(
      /0\.30000000000000004 has more decimals than MAD allows/,
    );
  });
});
