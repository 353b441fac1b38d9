import type { components } from '../../../../generated/haloubi-gateway/schema.js';
import spec from '../../../../generated/haloubi-gateway/spec.js';
import { deref, type JsonObject, resolvePointer } from '../../../core/openapi-document.js';
import type { SandboxReply } from '../../../core/sandbox/types.js';
import { type HaloubiErrorCode, haloubiError } from './errors.js';

type DeclineCode = components['schemas']['DeclineCode'];
type Card = components['schemas']['Card'];

/** One entry of the spec's root `x-test-cards`. */
export type TestCard = { number: string; brand?: string; expiry?: string; description: string } & (
  | { outcome: 'approved' }
  | { outcome: 'declined'; declineCode: DeclineCode }
);

const TEST_CARDS = new Map((spec['x-test-cards'] as TestCard[]).map((card) => [card.number, card]));
const APPROVED_EXAMPLE = [...TEST_CARDS.values()].find((card) => card.outcome === 'approved')?.number;
if (APPROVED_EXAMPLE === undefined) throw new TypeError('haloubi-gateway spec: x-test-cards has no approved card.');

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
  if (card.outcome === 'declined' && !DECLINES.has(card.declineCode)) {
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
  const decline = DECLINES.get(declineCode);
  if (!decline) throw new TypeError(`haloubi-gateway spec: no PaymentDeclined example for "${declineCode}".`);
  return haloubiError(decline.code, decline.message, { decline_code: declineCode, payment_id: paymentId });
}

/**
 * Haloubi: "All test cards use the same validation rules as real cards" and take "any future expiry date". The
 * sandbox charges only the documented test cards, so any other number is refused as an invalid card.
 */
export function acceptTestCard(card: Card, now: number): { testCard: TestCard } | { reply: SandboxReply } {
  const testCard = TEST_CARDS.get(card.number);
  if (!testCard) {
    const reply = haloubiError(
      'invalid_card',
      `The sandbox charges only the documented test cards (e.g. ${APPROVED_EXAMPLE}); ${card.number.slice(-4).padStart(card.number.length, '•')} is not one.`,
      { param: 'card.number' },
    );
    return { reply };
  }
  // A card is valid through the last day of its expiry month. Haloubi fixes no test card's expiry ("Any future
  // date"), so a past one is refused on every card, whatever the clock says.
  if (Date.UTC(card.exp_year, card.exp_month, 1) <= now) {
    const reply = haloubiError(
      'invalid_card',
      `The card expired in ${String(card.exp_month).padStart(2, '0')}/${card.exp_year}; use any future expiry date.`,
      { param: 'card.exp_year' },
    );
    return { reply };
  }
  return { testCard };
}

/** The masked card a payment shows: never the full number or the CVV. */
export function cardSummary(card: Card): components['schemas']['CardSummary'] {
  const brand = testCard(card.number)?.brand;
  const last4 = card.number.slice(-4);
  const { exp_month, exp_year } = card;
  return brand ? { brand, last4, exp_month, exp_year } : { last4, exp_month, exp_year };
}
