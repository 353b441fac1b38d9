import type { JsonObject, OpenApiDocument } from './openapi-document.js';

/** A credential for one security scheme of the spec, keyed by the scheme's name in `components.securitySchemes`. */
export type SchemeCredential = string | { username: string; password: string };
export type Credentials = Record<string, SchemeCredential | undefined>;

/**
 * Sets the headers the operation's security requirement asks for, reading the header names and schemes from the
 * spec. The first requirement whose credentials are all present wins.
 */
export function applySecurity(
  doc: OpenApiDocument,
  requirements: Record<string, string[]>[],
  credentials: Credentials,
  headers: Headers,
  url?: URL,
): void {
  const schemes = ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
  for (const requirement of requirements) {
    const names = Object.keys(requirement);
    if (!names.every((n) => credentials[n] !== undefined)) continue;
    for (const name of names) {
      const scheme = schemes[name];
      const credential = credentials[name];
      if (!scheme || credential === undefined) continue;
      if (scheme.type === 'apiKey' && scheme.in === 'header' && typeof credential === 'string') {
        if (!headers.has(String(scheme.name))) headers.set(String(scheme.name), credential);
      } else if (scheme.type === 'apiKey' && scheme.in === 'query' && typeof credential === 'string' && url) {
        if (!url.searchParams.has(String(scheme.name))) url.searchParams.set(String(scheme.name), credential);
      } else if (
        scheme.type === 'http' &&
        String(scheme.scheme).toLowerCase() === 'basic' &&
        typeof credential === 'object'
      ) {
        const token = Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64');
        headers.set('Authorization', `Basic ${token}`);
      } else if (
        scheme.type === 'http' &&
        String(scheme.scheme).toLowerCase() === 'bearer' &&
        typeof credential === 'string'
      ) {
        headers.set('Authorization', `Bearer ${credential}`);
      }
    }
    return;
  }
}

/**
 * The header names that carry secrets for this spec, lower-cased, so they can be redacted: every header of an
 * `apiKey` security scheme, `Authorization` (Basic and Bearer schemes use it), and the webhook header the root
 * `x-webhook-signature` names (a shared secret sent as is, or an HMAC signature).
 */
export function secretHeaderNames(doc: OpenApiDocument): string[] {
  const schemes = ((doc.components as JsonObject | undefined)?.securitySchemes ?? {}) as Record<string, JsonObject>;
  const names = new Set(['authorization']);
  for (const scheme of Object.values(schemes))
    if (scheme.type === 'apiKey' && scheme.in === 'header') names.add(String(scheme.name).toLowerCase());
  const webhookSignature = doc['x-webhook-signature'] as JsonObject | undefined;
  if (typeof webhookSignature?.header === 'string') names.add(webhookSignature.header.toLowerCase());
  return [...names];
}
