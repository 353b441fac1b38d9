/**
 * Type-level tests, checked by `tsc --noEmit -p .` (test/pipeline/typescript.test.ts runs it): each
 * `@ts-expect-error` must meet an error, or tsc fails on the unused directive. Nothing here runs.
 */
import type { components } from '../../generated/chari-pay/schema.js';
import type { ChariPayClient, ChariPayWebhookEvent } from '../../src/providers/chari-pay/index.js';

declare const client: ChariPayClient;
declare const delivery: ChariPayWebhookEvent;
type Payment = components['schemas']['Payment'];

const body = {
  amount: 15_000,
  currency: 'MAD',
  reference: 'ORDER-2026-001',
  return_url: 'https://shop.example.com/return',
  webhook_url: 'https://shop.example.com/webhooks',
  payment_method: 'tok_visa_4242',
} as const;

export async function typedCalls(): Promise<void> {
  const created = await client.post('/v1/payments', { body });
  const payment: Payment = created.data;
  const status:
    | 'pending'
    | 'requires_action'
    | 'authorized'
    | 'captured'
    | 'partially_refunded'
    | 'refunded'
    | 'failed' = payment.status;
  const retries: number = created.retries;
  const fetched = await client.GET('/v1/payments/{id}', { params: { path: { id: payment.id } } });
  if (fetched.data) fetched.data.amount satisfies number;
  for await (const listed of client.paginate('/v1/payments', { params: { query: { status: 'captured' } } }))
    listed satisfies Payment;
  void status;
  void retries;

  // @ts-expect-error a path the spec does not have
  await client.post('/v1/paymentz', { body });
  await client.post('/v1/payments', {
    // @ts-expect-error createPayment without its required `reference`
    body: {
      amount: 15_000,
      currency: 'MAD',
      return_url: 'https://a.example',
      webhook_url: 'https://a.example/w',
      payment_method: 'tok_visa_4242',
    },
  });
  // @ts-expect-error EUR is not in the spec's Currency enum (MAD only)
  await client.post('/v1/payments', { body: { ...body, currency: 'EUR' } });
  // @ts-expect-error amounts are integer centimes, not strings
  await client.post('/v1/payments/{id}/capture', { params: { path: { id: 'pay_1' } }, body: { amount: '150.00' } });
  // @ts-expect-error `teleported` is not a PaymentStatus filter
  await client.get('/v1/payments', { params: { query: { status: 'teleported' } } });
  // @ts-expect-error getPayment needs its path parameter
  await client.get('/v1/payments/{id}');
}

export function typedWebhooks(): void {
  if (delivery.event === 'payment.failed') {
    const failure: string | null | undefined = delivery.payload.data.failure_code;
    void failure;
  }
  // @ts-expect-error not an event of the Chari Pay spec
  if (delivery.event === 'payment.teleported') return;
}
