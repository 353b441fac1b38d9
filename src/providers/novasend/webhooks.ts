import type { webhooks } from '../../../generated/novasend/schema.js';
import spec from '../../../generated/novasend/spec.js';
import { validators } from '../../../generated/novasend/validators.js';
import { OperationIndex } from '../../core/operation-index.js';
import {
  createWebhookVerifier,
  type RawBody,
  requireIdentified,
  type SignedTestWebhook,
  type VerifyWebhookOptions,
  type WebhookDelivery,
  type WebhookPayloads,
} from '../../core/webhooks.js';

export type NovasendWebhookPayloads = WebhookPayloads<webhooks>;
export type NovasendWebhookEvent = WebhookDelivery<NovasendWebhookPayloads>;

const confirm = new OperationIndex(spec).byOperationId('getPayin');

const verifier = createWebhookVerifier<NovasendWebhookPayloads>({
  slug: 'novasend',
  name: 'Novasend',
  spec,
  validators,
  // Deliveries carry no event id; a payin is confirmed or declined once, so event + payin reference names a delivery.
  deliveryId: (payload, event) => {
    const reference = (payload as { data?: { reference?: unknown } }).data?.reference;
    return event && typeof reference === 'string' ? `${event}:${reference}` : undefined;
  },
  advice: `Novasend documents no webhook signature: anyone can post this, so confirm with ${confirm ? `${confirm.method.toUpperCase()} ${confirm.path}` : 'the payin status endpoint'} before acting.`,
});

/**
 * Checks a Novasend delivery's payload and event name against the spec. It cannot authenticate it: Novasend
 * documents no signature (`x-webhook-signature: none-documented`), so the result has `authenticated: false` and you
 * must confirm the payin with `GET /v1/payin/{reference}` before fulfilling anything. Throws `WebhookVerificationError`.
 */
export function verifyNovasendWebhook(rawBody: RawBody, options?: VerifyWebhookOptions): NovasendWebhookEvent {
  return requireIdentified(verifier.verify(rawBody, undefined, undefined, options), 'novasend');
}

/** A delivery as Novasend sends it, for tests: the JSON body and a Content-Type; there is nothing to sign. */
export function signNovasendTestWebhook(payload: unknown): SignedTestWebhook {
  return verifier.sign(payload, undefined);
}
