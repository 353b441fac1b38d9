import type { webhooks } from '../../../generated/chari-money/schema.js';
import spec from '../../../generated/chari-money/spec.js';
import { validators } from '../../../generated/chari-money/validators.js';
import {
  createWebhookVerifier,
  type RawBody,
  type SignedTestWebhook,
  type SignTestWebhookOptions,
  type UnidentifiedWebhookDelivery,
  type VerifyWebhookOptions,
  type WebhookDelivery,
  type WebhookHeaders,
  type WebhookPayloads,
} from '../../core/webhooks.js';

export type ChariMoneyWebhookPayloads = WebhookPayloads<webhooks>;
export type ChariMoneyWebhookEvent =
  | WebhookDelivery<ChariMoneyWebhookPayloads>
  | UnidentifiedWebhookDelivery<ChariMoneyWebhookPayloads>;

const verifier = createWebhookVerifier<ChariMoneyWebhookPayloads>({
  slug: 'chari-money',
  name: 'Chari Money',
  spec,
  validators,
});

/**
 * Verifies a Chari Money delivery: the `X-Api-Key` header compared in constant time with the key you gave Chari,
 * then the payload against its event schema. `id` is the `C-Webhook-Id` header, for de-duplication.
 *
 * The event is `data.EventId`, which the document's own example bodies omit. Without it, pass `{ event }` (the
 * event this endpoint is registered for); otherwise the payload is matched against every event schema and, when
 * several fit (they share one base shape), comes back with `event: undefined` and the `candidates`.
 */
export function verifyChariMoneyWebhook(
  rawBody: RawBody,
  headers: WebhookHeaders,
  secret: string | Uint8Array,
  options?: VerifyWebhookOptions,
): ChariMoneyWebhookEvent {
  return verifier.verify(rawBody, headers, secret, options);
}

/** A delivery as Chari Money sends it, for tests: the body with `X-Api-Key` and a `C-Webhook-Id` (or `options.id`). */
export function signChariMoneyTestWebhook(
  payload: unknown,
  secret: string | Uint8Array,
  options?: SignTestWebhookOptions,
): SignedTestWebhook {
  return verifier.sign(payload, secret, options);
}
