/**
 * Type-level tests, checked by `tsc --noEmit -p .` (test/pipeline/typescript.test.ts runs it): each
 * `@ts-expect-error` must meet an error, or tsc fails on the unused directive. Nothing here runs.
 */
import type { components } from '../../generated/novasend/schema.js';
import type { NovasendClient, NovasendWebhookEvent } from '../../src/providers/novasend/index.js';
import { toNovasendAmount } from '../../src/providers/novasend/index.js';

declare const client: NovasendClient;
declare const delivery: NovasendWebhookEvent;
const payin = {
  reference: 'ref-1',
  accountId: 'merchant_1',
  amount: toNovasendAmount('300'),
  msisdn: '+2250702968786',
  customerName: 'John Doe',
  country: 'CI',
};

export async function typedCalls(): Promise<void> {
  // X-Idempotency-Key is mandatory on the wire, optional here: the client generates one per call.
  const session = await client.post('/v1/payin/sessions', { body: payin });
  const key: string | undefined = session.idempotencyKey;
  const status = await client.get('/v1/payin/{reference}', { params: { path: { reference: 'mtr_1' } } });
  status.data satisfies components['schemas']['Payin'];
  void key;

  // @ts-expect-error a path the spec does not have
  await client.post('/v1/payins', { body: payin });
  await client.post('/v1/payin/sessions', {
    // @ts-expect-error createPayinSession without its required msisdn
    body: { reference: 'r', accountId: 'a', amount: 300, customerName: 'J', country: 'CI' },
  });
  // @ts-expect-error amount is a whole number, not a string
  await client.post('/v1/payin/sessions', { body: { ...payin, amount: '300' } });
}

export function typedWebhooks(): void {
  const authenticated: boolean = delivery.authenticated;
  if (delivery.event === 'payin.declined') delivery.payload.data.confirmationStatus satisfies string;
  // @ts-expect-error not an event of the Novasend spec
  if (delivery.event === 'payin.refunded') return;
  void authenticated;
}
