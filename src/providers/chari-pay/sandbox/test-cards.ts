import type { components } from '../../../../generated/chari-pay/schema.js';
import spec from '../../../../generated/chari-pay/spec.js';

/** One entry of the spec's root `x-test-cards`: a sandbox token and what paying with it does. */
export interface ChariPayTestCard {
  number: string;
  token: string;
  brand: components['schemas']['CardNetwork'];
  /** `captured` (success, also 3DS frictionless), `failed` (decline), `requires_action` (3DS challenge), `timeout` */
  outcome: 'captured' | 'failed' | 'requires_action' | 'timeout';
  /** the `failure_code` when the card fails: at once, after a failed challenge, or after the timeout */
  declineCode?: string;
  /** how long a `timeout` card stays `pending` before it fails */
  failsAfterSeconds?: number;
}

const CARDS = spec['x-test-cards'] as ChariPayTestCard[];

/** Test cards by token: in the sandbox, the only tokens the client SDK could have produced. */
export const TEST_CARDS: ReadonlyMap<string, ChariPayTestCard> = new Map(CARDS.map((card) => [card.token, card]));

/** The card as a payment or saved card shows it: last four digits and network only. */
export function displayedCard(card: ChariPayTestCard): { last4: string; network: ChariPayTestCard['brand'] } {
  return { last4: card.number.slice(-4), network: card.brand };
}

/** What an unknown token should be replaced with, for error messages. */
export function testTokensHint(): string {
  return CARDS.map((card) => card.token).join(', ');
}

interface ThreeDSecureExpiry {
  afterSeconds: number;
  failureCode: string;
}

/** How long a customer has to complete a 3D Secure challenge, and the failure code when they do not (`NextAction` `x-expiry`). */
export const THREE_D_SECURE_EXPIRY = (
  spec as { components: { schemas: { NextAction: { 'x-expiry': ThreeDSecureExpiry } } } }
).components.schemas.NextAction['x-expiry'];
