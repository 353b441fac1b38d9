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
  status.data.reference satisfies string;
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

type PayinStatus = components['schemas']['Payin']['status'];
/** The literal members of a union, without its open `string & {}` tail; `never` when the type is plain `string`. */
type KnownMembers<T> = T extends string ? (string extends T ? never : T) : never;

export function openPayinStatus(status: PayinStatus): void {
  // "processing, processed, expired, etc.": a status the spec does not list is still a status.
  const unseen: PayinStatus = 'reversed';
  // The documented values stay literal members, so they autocomplete and narrow.
  const known: [KnownMembers<PayinStatus>] = ['expired'];
  const all: Record<KnownMembers<PayinStatus>, true> = { processing: true, processed: true, expired: true };
  // Comparing with a documented value type-checks (and autocompletes).
  if (status === 'processed') void status;
  // @ts-expect-error a status is a string
  const wrong: PayinStatus = 1;
  // @ts-expect-error confirmationStatus stays closed: the document's table ends without "etc."
  const confirmation: components['schemas']['Payin']['confirmationStatus'] = 'reversed';
  void [unseen, known, all, wrong, confirmation];
}

export function typedWebhooks(): void {
  const authenticated: boolean = delivery.authenticated;
  if (delivery.event === 'payin.declined') delivery.payload.data.confirmationStatus satisfies string;
  // @ts-expect-error not an event of the Novasend spec
  if (delivery.event === 'payin.refunded') return;
  void authenticated;
}
