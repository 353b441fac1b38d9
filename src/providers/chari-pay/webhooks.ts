import type { webhooks } from '../../../generated/chari-pay/schema.js';
import spec from '../../../generated/chari-pay/spec.js';
import { validators } from '../../../generated/chari-pay/validators.js';
import {
  createWebhookVerifier,
  type RawBody,
  requireIdentified,
  type SignedTestWebhook,
  type SignTestWebhookOptions,
  type VerifyWebhookOptions,
  type WebhookDelivery,
  type WebhookHeaders,
  type WebhookPayloads,
} from '../../core/webhooks.js';

export type ChariPayWebhookPayloads = WebhookPayloads<webhooks>;
export type ChariPayWebhookEvent = WebhookDelivery<ChariPayWebhookPayloads>;

const verifier = createWebhookVerifier<ChariPayWebhookPayloads>({
  slug: 'chari-pay',
  name: 'Chari Pay',
  spec,
  validators,
  // The guide: store each event `id` and skip events already processed.
  deliveryId: (payload) => (payload as { id?: unknown }).id as string | undefined,
});

/**
 * Verifies a Chari Pay delivery: the hex HMAC-SHA256 of the raw body (the spec's `x-webhook-signature`) compared in
 * constant time, then the payload against the schema of the event its `type` names. Throws `WebhookVerificationError`.
 *
 * @example
 * app.post('/webhooks/chari-pay', express.raw({ type: 'application/json' }), (req, res) => {
 *   const delivery = verifyChariPayWebhook(req.body, req.headers, process.env.CHARI_PAY_WEBHOOK_SECRET!);
 *   if (delivery.event === 'payment.completed') markPaid(delivery.payload.data.reference);
 *   res.sendStatus(200);
 * });
 */
export function verifyChariPayWebhook(
  rawBody: RawBody,
  headers: WebhookHeaders,
  secret: string | Uint8Array,
  options?: VerifyWebhookOptions,
): ChariPayWebhookEvent {
  return requireIdentified(verifier.verify(rawBody, headers, secret, options), 'chari-pay');
}

/** A payload signed as Chari Pay signs it, for tests: `{ body, headers }` to post to your receiver. */
export function signChariPayTestWebhook(
  payload: unknown,
  secret: string | Uint8Array,
  options?: SignTestWebhookOptions,
): SignedTestWebhook {
  return verifier.sign(payload, secret, options);
}
