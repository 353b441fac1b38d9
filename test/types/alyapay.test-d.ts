/**
 * Type-level tests, checked by `tsc --noEmit -p .` (test/pipeline/typescript.test.ts runs it): each
 * `@ts-expect-error` must meet an error, or tsc fails on the unused directive. Nothing here runs.
 */
import { AlyaPayErrorCode } from '../../generated/alyapay/enums.js';
import type { AlyaPayClient } from '../../src/providers/alyapay/index.js';
import { buildAlyaPayOrder } from '../../src/providers/alyapay/index.js';

declare const client: AlyaPayClient;

export async function typedCalls(): Promise<void> {
  const session = await client.post('/api/v1/public/sessions', {
    body: buildAlyaPayOrder('MAD', [{ id: 'P1', name: 'Headphones', price: '1799.00', quantity: 1 }]),
  });
  const token: string = session.data.session_token;
  const status = await client.get('/api/v1/public/transactions/{transaction_id}/status', {
    params: { path: { transaction_id: 't1' } },
    headers: { 'X-Session-Token': token },
  });
  const value: 'APPROVED' | 'PENDING' | 'CANCELED' = status.data.status;
  void value;

  // @ts-expect-error a path the spec does not have
  await client.post('/api/v1/sessions', { body: { total: '1.00', currency: 'MAD', items: [] } });
  await client.post('/api/v1/public/sessions', {
    // @ts-expect-error createSession without its required total
    body: { currency: 'MAD', items: [{ id: 'P1', name: 'H', price: 1, quantity: 1 }] },
  });
  await client.post('/api/v1/public/sessions', {
    // @ts-expect-error MAD is the only documented currency
    body: { total: '1.00', currency: 'EUR', items: [{ id: 'P1', name: 'H', price: 1, quantity: 1 }] },
  });
  await client.post('/api/v1/public/sessions', {
    // @ts-expect-error total is a decimal string, not a number
    body: { total: 1, currency: 'MAD', items: [{ id: 'P1', name: 'H', price: 1, quantity: 1 }] },
  });
}

export function errorCodes(code: AlyaPayErrorCode): void {
  // The generated enum is the spec's list: NOT_FOUND (an unknown path) is in it, an invented code is not.
  const notFound: AlyaPayErrorCode = AlyaPayErrorCode.NOT_FOUND;
  // @ts-expect-error not an AlyaPay error code
  const invented: AlyaPayErrorCode = 'CARD_DECLINED';
  // A fractional quantity is a quantity ("items[].quantity: number").
  buildAlyaPayOrder('MAD', [{ id: 'oil', name: 'Olive oil (kg)', price: '10.00', quantity: 1.5 }]);
  void [code, notFound, invented];
}

// @ts-expect-error buildAlyaPayOrder takes only the spec's currencies
buildAlyaPayOrder('USD', []);
