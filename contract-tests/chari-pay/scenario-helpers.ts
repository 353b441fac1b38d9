import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { components } from '../../generated/chari-pay/schema.js';
import spec from '../../generated/chari-pay/spec.js';
import { PaymentApiError } from '../../src/core/errors.js';
import type { ChariPayTestCard } from '../../src/providers/chari-pay/sandbox/test-cards.js';
import type { BehaviourHarness } from '../support/behaviour-target.js';

export type Payment = components['schemas']['Payment'];
export type CreatePaymentRequest = components['schemas']['CreatePaymentRequest'];

/** The documented test cards (spec root `x-test-cards`), the only source of tokens and outcomes for the scenarios. */
export const TEST_CARDS = spec['x-test-cards'] as ChariPayTestCard[];

export function cardsWith(outcome: ChariPayTestCard['outcome']): ChariPayTestCard[] {
  return TEST_CARDS.filter((card) => card.outcome === outcome);
}

export function tokenFor(outcome: ChariPayTestCard['outcome']): string {
  const card = cardsWith(outcome)[0];
  if (!card) throw new Error(`The spec documents no ${outcome} test card.`);
  return card.token;
}

/** The documented webhook retry schedule (spec root `x-webhook-retry`). */
export const WEBHOOK_RETRY = spec['x-webhook-retry'] as { scheduleSeconds: number[]; maxAttempts: number };

/** How long a 3D Secure challenge waits for the customer (spec `NextAction` `x-expiry`). */
export const THREE_D_SECURE_EXPIRY = (
  spec as { components: { schemas: { NextAction: { 'x-expiry': { afterSeconds: number; failureCode: string } } } } }
).components.schemas.NextAction['x-expiry'];

export type ChariPayHarness = BehaviourHarness<'chari-pay'>;

/**
 * A payment request like the guide's Node.js example, with a reference no other run has used. It names no
 * `webhook_url`, so the events go to the URL registered for the target (the harness's receiver), as the guide's
 * "in your dashboard" registration does.
 */
export function paymentRequest(token: string, overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest {
  return {
    amount: 15000,
    currency: 'MAD',
    reference: `ORDER-${randomUUID()}`,
    return_url: 'https://mysite.ma/payment/return',
    payment_method: token,
    ...overrides,
  } as CreatePaymentRequest;
}

export async function createPayment(
  h: ChariPayHarness,
  token: string,
  overrides: Partial<CreatePaymentRequest> = {},
): Promise<Payment> {
  return (await h.client().post('/v1/payments', { body: paymentRequest(token, overrides) })).data;
}

export async function getPayment(h: ChariPayHarness, id: string): Promise<Payment> {
  return (await h.client().get('/v1/payments/{id}', { params: { path: { id } } })).data;
}

/** The error a call is rejected with, in the provider's documented format. */
export async function rejection(
  call: Promise<unknown>,
): Promise<PaymentApiError & { body: { error: components['schemas']['Error']['error'] } }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentApiError);
  return error as PaymentApiError & { body: { error: components['schemas']['Error']['error'] } };
}
