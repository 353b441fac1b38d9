/**
 * How a provider authenticates deliveries, read from the spec's root `x-webhook-signature` (forms in
 * specs/README.md), and the byte-level helpers the verifier and the test signer share.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JsonObject } from '../openapi-document.js';
import type { WebhookHeaders, WebhookProviderDefinition } from './types.js';

export type HmacScheme = {
  scheme: 'hmac-sha256';
  header: string;
  encoding: 'hex' | 'base64';
  signedPayload: 'raw-body' | 'timestamp.raw-body';
  timestampHeader?: string;
  toleranceSeconds?: number;
};
export type Scheme =
  | HmacScheme
  | { scheme: 'shared-secret-header'; header: string; idHeader?: string }
  | { scheme: 'none-documented' };

/** When neither the spec nor the caller states a tolerance: stripe-node's 300 s (never its low-level 0). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A tolerance that can hold: a finite number of seconds, 0 or more. NaN or Infinity would let every timestamp in. */
function isTolerance(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function readHmacScheme(raw: JsonObject, header: string, fail: (what: string) => TypeError): HmacScheme {
  const encoding = raw.encoding ?? 'hex';
  const signedPayload = raw.signedPayload ?? 'raw-body';
  if (encoding !== 'hex' && encoding !== 'base64') throw fail(`has an unknown encoding "${String(encoding)}"`);
  if (signedPayload !== 'raw-body' && signedPayload !== 'timestamp.raw-body')
    throw fail(`has an unknown signedPayload "${String(signedPayload)}"`);
  const timestampHeader = typeof raw.timestampHeader === 'string' ? raw.timestampHeader : undefined;
  if (signedPayload === 'timestamp.raw-body' && !timestampHeader)
    throw fail('signs a timestamp but declares no timestampHeader');
  if (raw.toleranceSeconds !== undefined && !isTolerance(raw.toleranceSeconds))
    throw fail(`has toleranceSeconds ${String(raw.toleranceSeconds)}, which is not a finite number of seconds`);
  return {
    scheme: 'hmac-sha256',
    header,
    encoding,
    signedPayload,
    timestampHeader,
    toleranceSeconds: raw.toleranceSeconds as number | undefined,
  };
}

/** Reads and checks the spec's `x-webhook-signature`; a form this code does not know is a build-time mistake. */
export function readScheme(definition: WebhookProviderDefinition): Scheme {
  const raw = definition.spec['x-webhook-signature'] as JsonObject | undefined;
  const fail = (what: string) =>
    new TypeError(`${definition.slug}: x-webhook-signature ${what}; see specs/README.md for the supported forms.`);
  if (!raw || typeof raw.scheme !== 'string') throw fail('is missing');
  if (raw.scheme === 'none-documented') return { scheme: 'none-documented' };
  if (typeof raw.header !== 'string') throw fail('has no header');
  if (raw.scheme === 'shared-secret-header')
    return {
      scheme: raw.scheme,
      header: raw.header,
      idHeader: typeof raw.idHeader === 'string' ? raw.idHeader : undefined,
    };
  if (raw.scheme !== 'hmac-sha256') throw fail(`names an unknown scheme "${raw.scheme}"`);
  return readHmacScheme(raw, raw.header, fail);
}

/** The tolerance to apply: the caller's, else the spec's, else the default. A caller's unusable value is refused. */
export function toleranceOf(specTolerance: number | undefined, requested: unknown, provider: string): number {
  const fallback = specTolerance ?? DEFAULT_TOLERANCE_SECONDS;
  if (requested === undefined) return fallback;
  if (!isTolerance(requested)) {
    throw new TypeError(
      `${provider} webhooks: toleranceSeconds must be a finite number of seconds, 0 or more (got ${String(requested)}); leave it out to use ${fallback} s.`,
    );
  }
  return requested;
}

export function headerValue(headers: WebhookHeaders | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first : undefined;
  }
  return undefined;
}

/**
 * Bytes of any realm: `instanceof Uint8Array` is false for one made in a `vm` context or another realm, while
 * `ArrayBuffer.isView` recognizes every typed array and DataView.
 */
export function isBytes(value: unknown): value is ArrayBufferView {
  return ArrayBuffer.isView(value);
}

export function toBytes(body: string | ArrayBufferView): Buffer {
  return typeof body === 'string'
    ? Buffer.from(body, 'utf8')
    : Buffer.from(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
}

export function hmac(secret: string | ArrayBufferView, payload: Buffer): Buffer {
  return createHmac('sha256', typeof secret === 'string' ? secret : toBytes(secret))
    .update(payload)
    .digest();
}

export function signedBytes(scheme: HmacScheme, body: Buffer, timestamp: string | undefined): Buffer {
  return scheme.signedPayload === 'timestamp.raw-body'
    ? Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body])
    : body;
}

export function decodeSignature(value: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  const text = value.trim();
  if (encoding === 'hex') return /^(?:[0-9a-f]{2})+$/i.test(text) ? Buffer.from(text, 'hex') : undefined;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/** Equal-length buffers compared in constant time; unequal lengths are simply unequal. */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function requireSecret(definition: WebhookProviderDefinition, secret: unknown): string | Buffer {
  if (typeof secret === 'string' && secret.length > 0) return secret;
  if (isBytes(secret) && secret.byteLength > 0) return toBytes(secret);
  throw new TypeError(
    `${definition.name} webhooks: the secret is missing; pass the webhook secret configured with ${definition.name}.`,
  );
}
