/**
 * Webhook verification in the spirit of stripe-node's `constructEvent`: authenticate the delivery the way the spec's
 * root `x-webhook-signature` says, over the exact bytes received, then name the event and validate its payload with
 * the generated webhook validator. Providers only say how a delivery is identified; the scheme comes from the spec.
 */
import { createHash, randomUUID } from 'node:crypto';
import { listWebhooks } from '../openapi-document.js';
import { describeValidationErrors } from '../validation.js';
import { eventNamePaths, valueAt } from './events.js';
import {
  constantTimeEqual,
  decodeSignature,
  type HmacScheme,
  headerValue,
  hmac,
  isBytes,
  readScheme,
  requireSecret,
  type Scheme,
  signedBytes,
  toBytes,
  toleranceOf,
} from './scheme.js';
import {
  type UnidentifiedWebhookDelivery,
  type VerifyWebhookOptions,
  type WebhookDelivery,
  type WebhookFailureReason,
  type WebhookHeaders,
  type WebhookProviderDefinition,
  WebhookVerificationError,
  type WebhookVerifier,
} from './types.js';

/** What one provider's verifier knows, read once from its spec. */
interface Verifying {
  definition: WebhookProviderDefinition;
  scheme: Scheme;
  events: string[];
  namePaths: string[][];
  fail(reason: WebhookFailureReason, message: string, event?: string): WebhookVerificationError;
}

function checkSharedSecret(v: Verifying, header: string, received: string, key: string | Buffer): void {
  // Hash both sides so the comparison is constant-time whatever the lengths.
  const digest = (value: string | Buffer) => createHash('sha256').update(value).digest();
  if (!constantTimeEqual(digest(received), digest(key))) {
    throw v.fail(
      'bad_signature',
      `The ${header} header does not match your webhook secret; check the secret you registered with ${v.definition.name}.`,
    );
  }
}

function checkHmac(
  v: Verifying,
  scheme: HmacScheme,
  body: Buffer,
  headers: WebhookHeaders | undefined,
  key: string | Buffer,
  tolerance: number,
): void {
  const received = headerValue(headers, scheme.header) ?? '';
  const timestamp = scheme.timestampHeader ? headerValue(headers, scheme.timestampHeader) : undefined;
  if (scheme.timestampHeader && timestamp === undefined) {
    throw v.fail(
      'missing_header',
      `The ${scheme.timestampHeader} header is missing; pass the request headers as received.`,
    );
  }
  const signature = decodeSignature(received, scheme.encoding);
  const expected = hmac(key, signedBytes(scheme, body, timestamp));
  if (!signature || !constantTimeEqual(signature, expected)) {
    throw v.fail(
      'bad_signature',
      `The ${scheme.header} header does not match the HMAC-SHA256 of the body: check the webhook secret, and pass the raw body bytes exactly as received, not re-serialized JSON.`,
    );
  }
  if (timestamp === undefined) return;
  if (!/^\d+$/.test(timestamp.trim()) || Math.abs(Date.now() / 1000 - Number(timestamp)) > tolerance) {
    throw v.fail(
      'timestamp_out_of_tolerance',
      `The ${scheme.timestampHeader} timestamp is more than ${tolerance} s from now; this may be a replay. Check the server clock, or reject the delivery.`,
    );
  }
}

function authenticate(
  v: Verifying,
  body: Buffer,
  headers: WebhookHeaders | undefined,
  secret: unknown,
  options: VerifyWebhookOptions,
): void {
  const { scheme } = v;
  // Checked first and for every scheme, so a bad option fails every time, not only on a delivery with a timestamp.
  const specTolerance = scheme.scheme === 'hmac-sha256' ? scheme.toleranceSeconds : undefined;
  const tolerance = toleranceOf(specTolerance, options.toleranceSeconds, v.definition.name);
  if (scheme.scheme === 'none-documented') return;
  const key = requireSecret(v.definition, secret);
  const received = headerValue(headers, scheme.header);
  if (received === undefined) {
    throw v.fail(
      'missing_header',
      `The ${scheme.header} header is missing, so this is not an authentic ${v.definition.name} delivery; pass the request headers as received.`,
    );
  }
  if (scheme.scheme === 'shared-secret-header') checkSharedSecret(v, scheme.header, received, key);
  else checkHmac(v, scheme, body, headers, key, tolerance);
}

function parse(v: Verifying, body: Buffer): unknown {
  const { name } = v.definition;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw v.fail('bad_payload', `The ${name} webhook body is not UTF-8 text; pass the raw request body as received.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw v.fail('bad_payload', `The ${name} webhook body is not JSON; pass the raw request body as received.`);
  }
}

/** The event the payload names (checked against `options.event`), or the events whose schema it fits. */
function identify(v: Verifying, payload: unknown, options: VerifyWebhookOptions): string | string[] {
  const { name, validators } = v.definition;
  const events = v.events.join(', ');
  const named = v.namePaths.map((path) => valueAt(payload, path)).find((value) => value !== undefined);
  const known = (event: unknown): event is string =>
    typeof event === 'string' && validators.webhooks[event] !== undefined;
  if (named !== undefined) {
    if (!known(named)) {
      throw v.fail(
        'unknown_event',
        `${name} sent the event ${JSON.stringify(named)}, which its spec does not define (known: ${events}); acknowledge and ignore it, or update paycontracts.`,
      );
    }
    if (options.event !== undefined && options.event !== named) {
      throw v.fail(
        'bad_payload',
        `The payload is a ${named} event but you expected ${options.event}; check which endpoint ${name} delivered it to.`,
        named,
      );
    }
    return named;
  }
  if (options.event !== undefined) {
    if (!known(options.event)) throw new TypeError(`"${options.event}" is not a ${name} event; use one of ${events}.`);
    return options.event;
  }
  const candidates = v.events.filter((event) => validators.webhooks[event]?.(payload));
  if (candidates.length === 0) {
    throw v.fail(
      'bad_payload',
      `The ${name} webhook payload matches none of its event schemas (${events}); it is not a delivery this spec describes.`,
    );
  }
  return candidates.length === 1 && candidates[0] !== undefined ? candidates[0] : candidates;
}

function verifyDelivery<P>(
  v: Verifying,
  rawBody: unknown,
  headers: WebhookHeaders | undefined,
  secret: unknown,
  options: VerifyWebhookOptions = {},
): WebhookDelivery<P> | UnidentifiedWebhookDelivery<P> {
  const { name, validators, deliveryId } = v.definition;
  if (typeof rawBody !== 'string' && !isBytes(rawBody)) {
    throw v.fail(
      'bad_payload',
      `The ${name} webhook body must be the raw request body (a string or Buffer), got ${rawBody === null ? 'null' : typeof rawBody}; pass the raw body, not parsed or re-serialized JSON (e.g. express.raw({ type: 'application/json' })).`,
    );
  }
  const body = toBytes(rawBody);
  authenticate(v, body, headers, secret, options);
  const payload = parse(v, body);
  const identified = identify(v, payload, options);
  const { scheme } = v;
  const authenticated = scheme.scheme !== 'none-documented';
  const idFromHeader =
    scheme.scheme === 'shared-secret-header' && scheme.idHeader ? headerValue(headers, scheme.idHeader) : undefined;
  if (Array.isArray(identified)) {
    const id = idFromHeader ?? deliveryId?.(payload, undefined);
    return { event: undefined, candidates: identified, payload, id, authenticated } as UnidentifiedWebhookDelivery<P>;
  }
  const check = validators.webhooks[identified];
  if (check && !check(payload)) {
    throw v.fail(
      'bad_payload',
      `The ${identified} payload does not match the ${name} spec: ${describeValidationErrors(check.errors)}.`,
      identified,
    );
  }
  const id = idFromHeader ?? deliveryId?.(payload, identified);
  return { event: identified, payload, id, authenticated } as WebhookDelivery<P>;
}

function signForTest(
  v: Verifying,
  payload: unknown,
  secret: unknown,
  options: { timestamp?: number; id?: string } = {},
) {
  const { scheme } = v;
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (scheme.scheme === 'shared-secret-header') {
    const key = requireSecret(v.definition, secret);
    headers[scheme.header] = typeof key === 'string' ? key : key.toString('utf8');
    if (scheme.idHeader) headers[scheme.idHeader] = options.id ?? randomUUID();
  } else if (scheme.scheme === 'hmac-sha256') {
    const key = requireSecret(v.definition, secret);
    const timestamp = scheme.timestampHeader ? String(options.timestamp ?? Math.floor(Date.now() / 1000)) : undefined;
    if (scheme.timestampHeader && timestamp !== undefined) headers[scheme.timestampHeader] = timestamp;
    headers[scheme.header] = hmac(key, signedBytes(scheme, Buffer.from(body, 'utf8'), timestamp)).toString(
      scheme.encoding,
    );
  }
  return { body, headers };
}

/** Builds the verifier of one provider from its spec: scheme, event names and where a payload names its event. */
export function createWebhookVerifier<P>(definition: WebhookProviderDefinition): WebhookVerifier<P> {
  const webhooks = listWebhooks(definition.spec);
  const advice = definition.advice ? ` ${definition.advice}` : '';
  const v: Verifying = {
    definition,
    scheme: readScheme(definition),
    events: webhooks.map((w) => w.event),
    namePaths: eventNamePaths(definition.spec, webhooks),
    fail: (reason, message, event) =>
      new WebhookVerificationError(reason, `${message}${advice}`, definition.slug, event),
  };
  return {
    events: v.events as (keyof P & string)[],
    authenticates: v.scheme.scheme !== 'none-documented',
    verify: (rawBody, headers, secret, options) => verifyDelivery<P>(v, rawBody, headers, secret, options),
    sign: (payload, secret, options) => signForTest(v, payload, secret, options),
  };
}
