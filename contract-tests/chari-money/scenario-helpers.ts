import { expect } from 'vitest';
import type { components } from '../../generated/chari-money/schema.js';
import spec from '../../generated/chari-money/spec.js';
import type { CommonClientOptions } from '../../src/core/client.js';
import { PaymentApiError } from '../../src/core/errors.js';
import { resolvePointer } from '../../src/core/openapi-document.js';
import {
  type ChariMoneyClient,
  type ChariMoneyWebhookPayloads,
  verifyChariMoneyWebhook,
} from '../../src/providers/chari-money/index.js';
import type { ChariMoneyTestCard } from '../../src/providers/chari-money/sandbox/documented-facts.js';
import type { BehaviourHarness } from '../support/behaviour-target.js';
import type { TargetCredentials } from '../support/provider-clients.js';

export type CardCashInRequest = components['schemas']['CardCashInRequest'];

/** The documented test card (spec root `x-test-cards`): PAN, CVV and 3-D Secure code. */
export const TEST_CARD = (spec['x-test-cards'] as ChariMoneyTestCard[])[0]!;

/** The OTP the sandbox accepts (spec root `x-test-otp`). */
export const TEST_OTP = (spec as { 'x-test-otp': { code: string } })['x-test-otp'].code;

/** A node of the bundled spec, by JSON pointer. */
const node = <T>(pointer: string): T => resolvePointer(spec, pointer) as T;

/** Account level balance limits in MAD (spec `AccountLevel` `x-balance-limits-mad`). */
export const BALANCE_LIMITS = node<Record<string, number>>('#/components/schemas/AccountLevel/x-balance-limits-mad');

/** Wrong PINs that lock a wallet (spec `CustomerLoginResult.remainingAttempts` `x-max-attempts`). */
export const PIN_MAX_ATTEMPTS = node<number>(
  '#/components/schemas/CustomerLoginResult/properties/remainingAttempts/x-max-attempts',
);

/** A cash reference's lifetime (spec `CashRequest.expiresAt` `x-expires-after-seconds`). */
export const CASH_REQUEST_LIFETIME = node<number>(
  '#/components/schemas/CashRequest/properties/expiresAt/x-expires-after-seconds',
);

/** How long a KYC upgrade is under review (spec `customer.level.updated` `x-kyc-review`). */
export const KYC_REVIEW_SECONDS = (
  spec as { webhooks: Record<string, { post: { 'x-kyc-review': { seconds: number } } }> }
).webhooks['customer.level.updated']!.post['x-kyc-review'].seconds;

/** The principal agent of the spec's `getPrincipalAgent` example, which the sandbox holds. */
export const PRINCIPAL_CODE = node<string>(
  '#/paths/~1api~1agents~1principal/get/responses/200/content/application~1json/example/data/agent/code',
);

/** An expiry (YYMM) next year, so the test card is never past its date. */
export const FUTURE_EXPIRY = `${String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0')}12`;

/** The harness's spec-validating client, typed with Chari Money's paths. */
export function chari(
  h: BehaviourHarness,
  options?: CommonClientOptions & { credentials?: TargetCredentials },
): ChariMoneyClient {
  return h.client(options) as unknown as ChariMoneyClient;
}

/** A client that sends what it is given (the spec would refuse it client-side), still validating the replies. */
export function unchecked(h: BehaviourHarness): ChariMoneyClient {
  return chari(h, { validate: 'responses' });
}

export async function rejection(call: Promise<unknown>): Promise<PaymentApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PaymentApiError);
  return error as PaymentApiError;
}

/** `[status, errorCode]` of a refused call. */
export async function refusal(call: Promise<unknown>): Promise<[number, unknown]> {
  const error = await rejection(call);
  return [error.status!, error.code];
}

// A live sandbox keeps its customers between runs and files, so numbers start from a random point per process.
let nextPhone = Math.floor(Math.random() * 90_000_000);
/** A phone number (`+212` and 9 digits) no other scenario of this run uses. */
export function newPhone(): string {
  nextPhone += 1;
  return `+2126${String(nextPhone % 100_000_000).padStart(8, '0')}`;
}

/** Registers, confirms with the OTP and sets the PIN: an ACTIVE wallet at level 1. */
export async function onboard(h: BehaviourHarness, walletType: 'P' | 'C' = 'P', pin = '1234'): Promise<string> {
  const client = chari(h);
  const phoneNumber = newPhone();
  await client.post('/api/customers/register', {
    body: {
      phoneNumber,
      firstName: walletType === 'C' ? 'Boutique' : 'Amine',
      lastName: 'Benali',
      cin: 'AB123456',
      walletType,
    },
  });
  await client.post('/api/customers/confirm', { body: { phoneNumber, code: TEST_OTP, walletType } });
  await client.post('/api/customers/pin', { body: { phoneNumber, pin } });
  return phoneNumber;
}

export function cardCashIn(amount: number, overrides: Partial<CardCashInRequest> = {}): CardCashInRequest {
  return {
    FirstName: 'Amine',
    LastName: 'Benali',
    Cvv: TEST_CARD.cvv,
    Amount: amount,
    Pan: TEST_CARD.number,
    ExpiryDate: FUTURE_EXPIRY,
    KeepAlive: false,
    ...overrides,
  };
}

/** Card cash-in on the test card, 3-D Secure passed: the wallet is credited. Returns the operation id. */
export async function fund(h: BehaviourHarness, phoneNumber: string, amount: number): Promise<number> {
  const { data } = await chari(h).post('/api/operations/cashin/card', {
    params: { query: { PhoneNumber: phoneNumber } },
    body: cardCashIn(amount),
  });
  await h.control.completeChariMoneyThreeDSecure(data.operationId!, TEST_CARD.threeDSecureCode);
  return data.operationId!;
}

export async function balanceOf(h: BehaviourHarness, phoneNumber: string): Promise<number> {
  return (await chari(h).get('/api/customers/balance', { params: { query: { phoneNumber } } })).data.balance;
}

export interface ReceivedEvent<E extends keyof ChariMoneyWebhookPayloads = keyof ChariMoneyWebhookPayloads> {
  event: E;
  data: ChariMoneyWebhookPayloads[E] extends { data: infer D } ? D : never;
  headers: Record<string, string>;
}

/**
 * Every delivery the partner's endpoint received, verified as a Chari Money integration must: the `X-Api-Key` it
 * shared with Chari, then the payload against its event schema (`EventId` names the event).
 */
export async function receivedEvents(h: BehaviourHarness): Promise<ReceivedEvent[]> {
  await h.control.webhooks(); // waits for the deliveries under way
  return h.receiver.received.map((r) => {
    const delivery = verifyChariMoneyWebhook(r.body, r.headers, h.webhookSecret);
    if (delivery.event === undefined)
      throw new Error(`A delivery fits several events: ${delivery.candidates.join(', ')}.`);
    return {
      event: delivery.event,
      data: (delivery.payload as { data: never }).data,
      headers: r.headers,
    } as ReceivedEvent;
  });
}

export async function eventsOf<E extends keyof ChariMoneyWebhookPayloads>(
  h: BehaviourHarness,
  event: E,
): Promise<ReceivedEvent<E>[]> {
  return (await receivedEvents(h)).filter((e): e is ReceivedEvent<E> => e.event === event);
}
