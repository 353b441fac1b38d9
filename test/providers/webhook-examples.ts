import { listWebhooks, type OpenApiDocument } from '../../src/core/openapi-document.js';

/** Every documented example payload of every webhook in a spec, as `[event, exampleName, payload]`. */
export function webhookExamples(
  spec: OpenApiDocument,
): [event: string, example: string, payload: Record<string, any>][] {
  return listWebhooks(spec).flatMap((webhook) =>
    (webhook.requestBody?.examples ?? []).map(
      (e) => [webhook.event, e.name, e.value as Record<string, any>] as [string, string, Record<string, any>],
    ),
  );
}

export function thrown(run: () => unknown): any {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
