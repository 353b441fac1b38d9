import { listWebhooks, type OpenApiDocument } from '../../src/core/openapi-document.js';
import type { WebhookVerificationError } from '../../src/core/webhooks.js';

/**
 * A documented example payload: arbitrary JSON from the spec, which the tests pass to each provider's signer and read
 * nested fields of (`payload.data.reference`, `payload.data.object.payment_id`) without narrowing.
 */
// biome-ignore lint/suspicious/noExplicitAny: untyped spec example JSON that the provider tests index into freely
type ExamplePayload = Record<string, any>;

/** Every documented example payload of every webhook in a spec, as `[event, exampleName, payload]`. */
export function webhookExamples(spec: OpenApiDocument): [event: string, example: string, payload: ExamplePayload][] {
  return listWebhooks(spec).flatMap((webhook) =>
    (webhook.requestBody?.examples ?? []).map(
      (e) => [webhook.event, e.name, e.value as ExamplePayload] as [string, string, ExamplePayload],
    ),
  );
}

/** What `run` threw; the callers assert it is a `WebhookVerificationError` before reading its fields. */
export function thrown(run: () => unknown): WebhookVerificationError {
  try {
    run();
  } catch (error) {
    return error as WebhookVerificationError;
  }
  throw new Error('expected the call to throw');
}
