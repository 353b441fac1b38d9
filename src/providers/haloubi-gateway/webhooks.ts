import type { webhooks } from '../../../generated/haloubi-gateway/schema.js';
import spec from '../../../generated/haloubi-gateway/spec.js';
import { validators } from '../../../generated/haloubi-gateway/validators.js';
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

export type HaloubiWebhookPayloads = WebhookPayloads<webhooks>;
export type HaloubiWebhookEvent = WebhookDelivery<HaloubiWebhookPayloads>;

const verifier = createWebhookVerifier<HaloubiWebhookPayloads>({
  slug: 'haloubi-gateway',
  name: 'Haloubi',
  spec,
  validators,
  // Spec: "Unique event ID; use it to process each delivery (including retries) only once."
  deliveryId: (payload) => (payload as { id?: unknown }).id as string | undefined,
});

/**
 * Verifies a Haloubi delivery: the hex HMAC-SHA256 of the raw body in `X-Webhook-Signature` (inferred in the spec:
 * the document's verification section is empty), then the payload against the schema of the event its `type` names.
 * Throws `WebhookVerificationError`.
 */
export function verifyHaloubiWebhook(
  rawBody: RawBody,
  headers: WebhookHeaders,
  secret: string | Uint8Array,
  options?: VerifyWebhookOptions,
): HaloubiWebhookEvent {
  return requireIdentified(verifier.verify(rawBody, headers, secret, options), 'haloubi-gateway');
}

/** A payload signed as the spec says Haloubi signs it, for tests: `{ body, headers }`. */
export function signHaloubiTestWebhook(
  payload: unknown,
  secret: string | Uint8Array,
  options?: SignTestWebhookOptions,
): SignedTestWebhook {
  return verifier.sign(payload, secret, options);
}
