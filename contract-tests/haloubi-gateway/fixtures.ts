import { expect } from 'vitest';
import type { components } from '../../generated/haloubi-gateway/schema.js';
import { PaymentApiError } from '../../src/core/errors.js';
import {
  type HaloubiGatewayClient,
  type HaloubiWebhookEvent,
  verifyHaloubiWebhook,
} from '../../src/providers/haloubi-gateway/index.js';
import type { BehaviourHarness } from '../support/behaviour-target.js';
import type { TargetCredentials } from '../support/provider-clients.js';

type Schemas = components['schemas'];

/** The document's test cards ("Test Cards"), by what they do. */
export const CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  genericDecline: '4000000000000002',
  insufficientFunds: '4000000000009995',
  expiredCard: '4000000000000069',
  cvvMismatch: '4000000000000127',
  processingError: '4000000000000119',
  highFraudRisk: '4000000000000259',
} as const;

/** "Expiry: Any future date", "CVV: Any 3 digits", "Cardholder name can be anything". */
export function card(number: string): Schemas['Card'] {
  return { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvv: '123', cardholder_name: 'Jane Doe' };
}

export function paymentRequest(
  number: string = CARDS.visa,
  amount = 9999,
  currency: Schemas['Currency'] = 'USD',
): Schemas['PaymentRequest'] {
  return { amount, currency, card: card(number), description: 'Order #12345', metadata: { order_id: '12345' } };
}

export const intentRequest = (
  overrides: Partial<Schemas['CreatePaymentIntentRequest']> = {},
): Schemas['CreatePaymentIntentRequest'] => ({
  amount: 9999,
  currency: 'USD',
  success_url: 'https://shop.example.com/success?session_id={CHECKOUT_SESSION_ID}',
  customer_email: 'jane@example.com',
  ...overrides,
});

/** The harness client is built by `createHaloubiGatewayClient`; this gives it back its typed paths. */
export function haloubi(
  h: BehaviourHarness,
  options: { credentials?: TargetCredentials; validate?: 'responses' | 'both' } = {},
): HaloubiGatewayClient {
  return h.client(options) as unknown as HaloubiGatewayClient;
}

/** The typed error a call throws; fails the test when the call succeeds. */
export async function rejection(call: Promise<unknown>): Promise<PaymentApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentApiError);
  return error as PaymentApiError;
}

/** Haloubi's `{ error: { type, code, message, … } }` from a rejection. */
export function haloubiError(error: PaymentApiError): Schemas['HaloubiError']['error'] {
  return (error.body as Schemas['HaloubiError']).error;
}

/** Every delivery the merchant's endpoint received, verified the way a merchant verifies them (signature + schema). */
export async function receivedEvents(h: BehaviourHarness): Promise<HaloubiWebhookEvent[]> {
  await h.control.webhooks(); // waits for the deliveries under way
  return h.receiver.received.map((delivery) => verifyHaloubiWebhook(delivery.body, delivery.headers, h.webhookSecret));
}
