import type { components } from '../../../../generated/haloubi-gateway/schema.js';
import spec from '../../../../generated/haloubi-gateway/spec.js';
import { deref, type JsonObject, resolvePointer } from '../../../core/openapi-document.js';
import type { SandboxReply } from '../../../core/sandbox/types.js';
import { type HaloubiErrorCode, haloubiError } from './errors.js';

type DeclineCode = components['schemas']['DeclineCode'];
type Card = components['schemas']['Card'];

/** One entry of the spec's root `x-test-cards`. */
export interface TestCard {
  number: string;
  brand?: string;
  outcome: 'approved' | 'declined';
  declineCode?: DeclineCode;
  description: string;
}

const TEST_CARDS = new Map((spec['x-test-cards'] as TestCard[]).map((card) => [card.number, card]));
const APPROVED_EXAMPLE = [...TEST_CARDS.values()].find((card) => card.outcome === 'approved')!.number;

/** The documented 402 for each decline code: its error code and message, from the `PaymentDeclined` examples. */
const DECLINES = new Map<string, { code: HaloubiErrorCode; message: string }>();
const declined = resolvePointer(spec, '#/components/responses/PaymentDeclined') as JsonObject;
const examples = ((declined.content as JsonObject)['application/json'] as JsonObject).examples as Record<
  string,
  unknown
>;
for (const example of Object.values(examples)) {
  const error = (
    deref<JsonObject>(spec, example).value as {
      error: { code: HaloubiErrorCode; message: string; decline_code?: string };
    }
  ).error;
  if (error.decline_code) DECLINES.set(error.decline_code, { code: error.code, message: error.message });
}
for (const card of TEST_CARDS.values()) {
  if (card.outcome === 'declined' && !DECLINES.has(card.declineCode ?? '')) {
    throw new TypeError(
      `haloubi-gateway spec: test card ${card.number} declines with "${card.declineCode}", which no PaymentDeclined example documents.`,
    );
  }
}

export function testCard(number: string): TestCard | undefined {
  return TEST_CARDS.get(number);
}

/** The 402 a declined test card gets, naming the failed payment it recorded. */
export function declineReply(declineCode: DeclineCode, paymentId: string): SandboxReply {
  const { code, message } = DECLINES.get(declineCode)!;
  return haloubiError(code, message, { decline_code: declineCode, payment_id: paymentId });
}

/**
 * Haloubi: "All test cards use the same validation rules as real cards" and take "any future expiry date". The
 * sandbox charges only the documented test cards, so any other number is refused as an invalid card.
 */
export function cardProblem(card: Card, now: number): SandboxReply | undefined {
  if (!TEST_CARDS.has(card.number)) {
    return haloubiError(
      'invalid_card',
      `The sandbox charges only the documented test cards (e.g. ${APPROVED_EXAMPLE}); ${card.number.slice(-4).padStart(card.number.length, '•')} is not one.`,
      { param: 'card.number' },
    );
  }
  // A card is valid through the last day of its expiry month.
  if (Date.UTC(card.exp_year, card.exp_month, 1) <= now) {
    return haloubiError(
      'invalid_card',
      `The card expired in ${String(card.exp_month).padStart(2, '0')}/${card.exp_year}; use any future expiry date.`,
      { param: 'card.exp_year' },
    );
  }
  return undefined;
}

/** The masked card a payment shows: never the full number or the CVV. */
export function cardSummary(card: Card): components['schemas']['CardSummary'] {
  const brand = testCard(card.number)?.brand;
  return {
    ...(brand ? { brand } : {}),
    last4: card.number.slice(-4),
    exp_month: card.exp_month,
    exp_year: card.exp_year,
  };
}
