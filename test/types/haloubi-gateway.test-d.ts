/**
 * Type-level tests, checked by `tsc --noEmit -p .` (test/pipeline/typescript.test.ts runs it): each
 * `@ts-expect-error` must meet an error, or tsc fails on the unused directive. Nothing here runs.
 */
import type { components } from '../../generated/haloubi-gateway/schema.js';
import type { HaloubiGatewayClient, HaloubiWebhookEvent } from '../../src/providers/haloubi-gateway/index.js';
import { toHaloubiAmount } from '../../src/providers/haloubi-gateway/index.js';

declare const client: HaloubiGatewayClient;
declare const delivery: HaloubiWebhookEvent;
const card = { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvv: '123' };

export async function typedCalls(): Promise<void> {
  // No Idempotency-Key needed: the client generates one per call.
  const authorized = await client.post('/api/v1/payments/authorize', {
    body: { amount: toHaloubiAmount('99.99', 'USD'), currency: 'USD', card },
  });
  const payment: components['schemas']['Payment'] = authorized.data;
  const key: string | undefined = authorized.idempotencyKey;
  await client.post('/api/v1/payments/{id}/capture', {
    params: { path: { id: payment.id } },
    body: { amount: 5000 },
    idempotencyKey: 'capture-1',
  });
  for await (const transaction of client.paginate('/api/v1/transactions', { params: { query: { limit: 50 } } }))
    transaction satisfies components['schemas']['Transaction'];
  void key;

  // @ts-expect-error a path the spec does not have
  await client.post('/api/v1/payments/authorise', { body: { amount: 9999, currency: 'USD', card } });
  // @ts-expect-error authorizePayment without its required card
  await client.post('/api/v1/payments/authorize', { body: { amount: 9999, currency: 'USD' } });
  // @ts-expect-error GBP is not in the spec's Currency enum
  await client.post('/api/v1/payments/authorize', { body: { amount: 9999, currency: 'GBP', card } });
  // @ts-expect-error capture needs an amount
  await client.post('/api/v1/payments/{id}/capture', { params: { path: { id: 'pay_1' } }, body: {} });
}

export function typedWebhooks(): void {
  if (delivery.event === 'payment.failed') delivery.payload.data.object.status satisfies string;
  // @ts-expect-error payment intents have no payment.disputed event
  if (delivery.event === 'payment.disputed') return;
}

// @ts-expect-error toHaloubiAmount takes only the spec's currencies
toHaloubiAmount('1.00', 'XOF');
