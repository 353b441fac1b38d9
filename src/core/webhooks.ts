/**
 * Webhook verification: the public surface each provider's `webhooks.ts` and the package entry import. The verifier
 * lives in `webhooks/verifier.ts`, the spec's signature scheme in `webhooks/scheme.ts`, the types in
 * `webhooks/types.ts`.
 */
import { type UnidentifiedWebhookDelivery, type WebhookDelivery, WebhookVerificationError } from './webhooks/types.js';

export type {
  RawBody,
  SignedTestWebhook,
  SignTestWebhookOptions,
  UnidentifiedWebhookDelivery,
  VerifyWebhookOptions,
  WebhookDelivery,
  WebhookFailureReason,
  WebhookHeaders,
  WebhookPayloads,
  WebhookProviderDefinition,
  WebhookVerifier,
} from './webhooks/types.js';
export { WebhookVerificationError } from './webhooks/types.js';
export { createWebhookVerifier } from './webhooks/verifier.js';

/** Narrows a delivery to an identified one, for providers whose every event schema requires the event name. */
export function requireIdentified<P>(
  delivery: WebhookDelivery<P> | UnidentifiedWebhookDelivery<P>,
  provider: string,
): WebhookDelivery<P> {
  if ('candidates' in delivery) {
    throw new WebhookVerificationError(
      'unknown_event',
      `The delivery fits several ${provider} events (${delivery.candidates.join(', ')}); pass { event } to say which one this endpoint receives.`,
      provider,
    );
  }
  return delivery;
}
