/** Where a payload names its event, read from the webhook schemas of the spec. */
import { deref, type JsonObject, type OpenApiDocument, type WebhookInfo } from '../openapi-document.js';

/** The path to the property whose schema is `const: <event>` (or a one-value enum), e.g. `type` or `data.EventId`. */
function discriminatorPath(doc: OpenApiDocument, schema: unknown, event: string, depth = 0): string[] | undefined {
  const node = deref<JsonObject>(doc, schema);
  if (!node || typeof node !== 'object' || depth > 8) return undefined;
  if (node.const === event || (Array.isArray(node.enum) && node.enum.length === 1 && node.enum[0] === event)) return [];
  for (const part of Array.isArray(node.allOf) ? node.allOf : []) {
    const found = discriminatorPath(doc, part, event, depth + 1);
    if (found) return found;
  }
  for (const [key, child] of Object.entries((node.properties ?? {}) as JsonObject)) {
    const found = discriminatorPath(doc, child, event, depth + 1);
    if (found) return [key, ...found];
  }
  return undefined;
}

/** Every distinct place the spec's webhook payloads name their event. */
export function eventNamePaths(doc: OpenApiDocument, webhooks: readonly WebhookInfo[]): string[][] {
  const paths = new Map<string, string[]>();
  for (const webhook of webhooks) {
    const path = webhook.requestBody?.schema
      ? discriminatorPath(doc, webhook.requestBody.schema, webhook.event)
      : undefined;
    if (path && path.length > 0) paths.set(path.join('.'), path);
  }
  return [...paths.values()];
}

export function valueAt(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path)
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}
