/**
 * Webhook verification in the spirit of stripe-node's `constructEvent`: authenticate the delivery the way the spec's
 * root `x-webhook-signature` says, over the exact bytes received, then name the event and validate its payload with
 * the generated webhook validator. Providers only say how a delivery is identified; the scheme comes from the spec.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { deref, type JsonObject, listWebhooks, type OpenApiDocument } from './openapi-document.js';
import { describeValidationErrors, type GeneratedValidators } from './validation.js';

export type WebhookFailureReason =
  | 'missing_header'
  | 'bad_signature'
  | 'bad_payload'
  | 'unknown_event'
  | 'timestamp_out_of_tolerance';

/** A delivery that must not be trusted. Answer it with 400 (or 401 for a bad signature); never process it. */
export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookFailureReason,
    message: string,
    readonly provider: string,
    readonly event?: string,
  ) {
    super(message);
    this.name = 'WebhookVerificationError';
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, reason: this.reason, provider: this.provider, event: this.event, message: this.message };
  }
}

/** Fetch `Headers`, or Node's `IncomingHttpHeaders` as Express and `node:http` give them. */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;
/** The request body exactly as received: a string or the bytes (a Buffer is a Uint8Array). */
export type RawBody = string | Uint8Array;

/** The JSON payload of each webhook of a generated `webhooks` interface, keyed by the provider's event name. */
export type WebhookPayloads<W> = {
  [E in keyof W & string]: W[E] extends { post: { requestBody?: { content: { 'application/json': infer B } } } }
    ? B
    : never;
};

/** A verified delivery; narrow on `event` to get the payload type of that event. */
export type WebhookDelivery<P> = {
  [E in keyof P & string]: {
    event: E;
    payload: P[E];
    /** what identifies this delivery for de-duplication (see `createIdempotentHandler`) */
    id: string | undefined;
    /** false when the provider documents no way to authenticate deliveries (confirm by API before acting) */
    authenticated: boolean;
  };
}[keyof P & string];

/** A verified delivery whose payload fits several event schemas and names none of them. */
export interface UnidentifiedWebhookDelivery<P> {
  event: undefined;
  /** every event whose schema the payload satisfies */
  candidates: (keyof P & string)[];
  payload: P[keyof P];
  id: string | undefined;
  authenticated: boolean;
}

export interface VerifyWebhookOptions {
  /** The event this endpoint receives, for payloads that may not name it. Checked against the payload when it does. */
  event?: string;
  /** Only used when the spec declares a timestamp header. Default: the spec's `toleranceSeconds`, else 300. */
  toleranceSeconds?: number;
}

export interface SignTestWebhookOptions {
  /** Unix seconds for a timestamp header, when the scheme has one. Default: now. */
  timestamp?: number;
  /** The delivery id for an id header, when the scheme has one. Default: a random id. */
  id?: string;
}

export interface SignedTestWebhook {
  body: string;
  headers: Record<string, string>;
}

/** What differs per provider: how a delivery is identified when the scheme has no id header. */
export interface WebhookProviderDefinition {
  slug: string;
  /** the provider's name in messages: "Chari Pay" */
  name: string;
  spec: OpenApiDocument;
  validators: GeneratedValidators;
  deliveryId?(payload: unknown, event: string | undefined): string | undefined;
  /** added to every error message, e.g. how to confirm an unauthenticated delivery */
  advice?: string;
}

type Scheme =
  | {
      scheme: 'hmac-sha256';
      header: string;
      encoding: 'hex' | 'base64';
      signedPayload: 'raw-body' | 'timestamp.raw-body';
      timestampHeader?: string;
      toleranceSeconds?: number;
    }
  | { scheme: 'shared-secret-header'; header: string; idHeader?: string }
  | { scheme: 'none-documented' };

const DEFAULT_TOLERANCE_SECONDS = 300;

/** Reads and checks the spec's `x-webhook-signature`; a form this code does not know is a build-time mistake. */
function readScheme(definition: WebhookProviderDefinition): Scheme {
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
  const encoding = raw.encoding ?? 'hex';
  const signedPayload = raw.signedPayload ?? 'raw-body';
  if (encoding !== 'hex' && encoding !== 'base64') throw fail(`has an unknown encoding "${String(encoding)}"`);
  if (signedPayload !== 'raw-body' && signedPayload !== 'timestamp.raw-body')
    throw fail(`has an unknown signedPayload "${String(signedPayload)}"`);
  const timestampHeader = typeof raw.timestampHeader === 'string' ? raw.timestampHeader : undefined;
  if (signedPayload === 'timestamp.raw-body' && !timestampHeader)
    throw fail('signs a timestamp but declares no timestampHeader');
  return {
    scheme: 'hmac-sha256',
    header: raw.header,
    encoding,
    signedPayload,
    timestampHeader,
    toleranceSeconds: typeof raw.toleranceSeconds === 'number' ? raw.toleranceSeconds : undefined,
  };
}

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

function at(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path)
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

function headerValue(headers: WebhookHeaders | undefined, name: string): string | undefined {
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

function toBytes(body: string | Uint8Array): Buffer {
  return typeof body === 'string'
    ? Buffer.from(body, 'utf8')
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function hmac(secret: string | Uint8Array, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

function signedBytes(
  scheme: Extract<Scheme, { scheme: 'hmac-sha256' }>,
  body: Buffer,
  timestamp: string | undefined,
): Buffer {
  return scheme.signedPayload === 'timestamp.raw-body'
    ? Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body])
    : body;
}

function decodeSignature(value: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  const text = value.trim();
  if (encoding === 'hex') return /^(?:[0-9a-f]{2})+$/i.test(text) ? Buffer.from(text, 'hex') : undefined;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/** Equal-length buffers compared in constant time; unequal lengths are simply unequal. */
function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function requireSecret(definition: WebhookProviderDefinition, secret: unknown): string | Uint8Array {
  if ((typeof secret === 'string' || secret instanceof Uint8Array) && secret.length > 0) return secret;
  throw new TypeError(
    `${definition.name} webhooks: the secret is missing; pass the webhook secret configured with ${definition.name}.`,
  );
}

export interface WebhookVerifier<P> {
  /** The event names of the spec's `webhooks` map. */
  readonly events: readonly (keyof P & string)[];
  /** Whether deliveries can be authenticated at all (false for `none-documented`). */
  readonly authenticates: boolean;
  verify(
    rawBody: RawBody,
    headers: WebhookHeaders | undefined,
    secret: string | Uint8Array | undefined,
    options?: VerifyWebhookOptions,
  ): WebhookDelivery<P> | UnidentifiedWebhookDelivery<P>;
  /** A body and headers signed the way the provider signs, for tests (like stripe-node's `generateTestHeaderString`). */
  sign(payload: unknown, secret: string | Uint8Array | undefined, options?: SignTestWebhookOptions): SignedTestWebhook;
}

/** Builds the verifier of one provider from its spec: scheme, event names and where a payload names its event. */
export function createWebhookVerifier<P>(definition: WebhookProviderDefinition): WebhookVerifier<P> {
  const { slug, name, spec, validators } = definition;
  const scheme = readScheme(definition);
  const webhooks = listWebhooks(spec);
  const events = webhooks.map((w) => w.event) as (keyof P & string)[];
  const paths = new Map<string, string[]>();
  for (const webhook of webhooks) {
    const path = webhook.requestBody?.schema
      ? discriminatorPath(spec, webhook.requestBody.schema, webhook.event)
      : undefined;
    if (path && path.length > 0) paths.set(path.join('.'), path);
  }
  const advice = definition.advice ? ` ${definition.advice}` : '';
  const fail = (reason: WebhookFailureReason, message: string, event?: string) =>
    new WebhookVerificationError(reason, `${message}${advice}`, slug, event);

  const authenticate = (
    body: Buffer,
    headers: WebhookHeaders | undefined,
    secret: unknown,
    options: VerifyWebhookOptions,
  ): void => {
    if (scheme.scheme === 'none-documented') return;
    const key = requireSecret(definition, secret);
    const received = headerValue(headers, scheme.header);
    if (received === undefined) {
      throw fail(
        'missing_header',
        `The ${scheme.header} header is missing, so this is not an authentic ${name} delivery; pass the request headers as received.`,
      );
    }
    if (scheme.scheme === 'shared-secret-header') {
      // Hash both sides so the comparison is constant-time whatever the lengths.
      const digest = (value: string | Uint8Array) => createHash('sha256').update(value).digest();
      if (!constantTimeEqual(digest(received), digest(key))) {
        throw fail(
          'bad_signature',
          `The ${scheme.header} header does not match your webhook secret; check the secret you registered with ${name}.`,
        );
      }
      return;
    }
    const timestamp = scheme.timestampHeader ? headerValue(headers, scheme.timestampHeader) : undefined;
    if (scheme.timestampHeader && timestamp === undefined) {
      throw fail(
        'missing_header',
        `The ${scheme.timestampHeader} header is missing; pass the request headers as received.`,
      );
    }
    const signature = decodeSignature(received, scheme.encoding);
    const expected = hmac(key, signedBytes(scheme, body, timestamp));
    if (!signature || !constantTimeEqual(signature, expected)) {
      throw fail(
        'bad_signature',
        `The ${scheme.header} header does not match the HMAC-SHA256 of the body: check the webhook secret, and pass the raw body bytes exactly as received, not re-serialized JSON.`,
      );
    }
    if (timestamp !== undefined) {
      const seconds = Number(timestamp);
      const tolerance = options.toleranceSeconds ?? scheme.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
      if (!/^\d+$/.test(timestamp.trim()) || Math.abs(Date.now() / 1000 - seconds) > tolerance) {
        throw fail(
          'timestamp_out_of_tolerance',
          `The ${scheme.timestampHeader} timestamp is more than ${tolerance} s from now; this may be a replay. Check the server clock, or reject the delivery.`,
        );
      }
    }
  };

  const parse = (body: Buffer): unknown => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw fail('bad_payload', `The ${name} webhook body is not UTF-8 text; pass the raw request body as received.`);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw fail('bad_payload', `The ${name} webhook body is not JSON; pass the raw request body as received.`);
    }
  };

  const identify = (payload: unknown, options: VerifyWebhookOptions): string | (keyof P & string)[] => {
    const named = [...paths.values()].map((path) => at(payload, path)).find((value) => value !== undefined);
    const known = (event: unknown): event is string =>
      typeof event === 'string' && validators.webhooks[event] !== undefined;
    if (named !== undefined) {
      if (!known(named)) {
        throw fail(
          'unknown_event',
          `${name} sent the event ${JSON.stringify(named)}, which its spec does not define (known: ${events.join(', ')}); acknowledge and ignore it, or update paycontracts.`,
        );
      }
      if (options.event !== undefined && options.event !== named) {
        throw fail(
          'bad_payload',
          `The payload is a ${named} event but you expected ${options.event}; check which endpoint ${name} delivered it to.`,
          named,
        );
      }
      return named;
    }
    if (options.event !== undefined) {
      if (!known(options.event))
        throw new TypeError(`"${options.event}" is not a ${name} event; use one of ${events.join(', ')}.`);
      return options.event;
    }
    const candidates = events.filter((event) => validators.webhooks[event]!(payload));
    if (candidates.length === 0) {
      throw fail(
        'bad_payload',
        `The ${name} webhook payload matches none of its event schemas (${events.join(', ')}); it is not a delivery this spec describes.`,
      );
    }
    return candidates.length === 1 ? candidates[0]! : candidates;
  };

  const verify: WebhookVerifier<P>['verify'] = (rawBody, headers, secret, options = {}) => {
    if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
      throw fail(
        'bad_payload',
        `The ${name} webhook body must be the raw request body (a string or Buffer), got ${rawBody === null ? 'null' : typeof rawBody}; pass the raw body, not parsed or re-serialized JSON (e.g. express.raw({ type: 'application/json' })).`,
      );
    }
    const body = toBytes(rawBody);
    authenticate(body, headers, secret, options);
    const payload = parse(body);
    const identified = identify(payload, options);
    const authenticated = scheme.scheme !== 'none-documented';
    const idFromHeader =
      scheme.scheme === 'shared-secret-header' && scheme.idHeader ? headerValue(headers, scheme.idHeader) : undefined;
    if (Array.isArray(identified)) {
      return {
        event: undefined,
        candidates: identified,
        payload: payload as P[keyof P],
        id: idFromHeader ?? definition.deliveryId?.(payload, undefined),
        authenticated,
      };
    }
    const check = validators.webhooks[identified]!;
    if (!check(payload)) {
      throw fail(
        'bad_payload',
        `The ${identified} payload does not match the ${name} spec: ${describeValidationErrors(check.errors)}.`,
        identified,
      );
    }
    const id = idFromHeader ?? definition.deliveryId?.(payload, identified);
    return { event: identified, payload, id, authenticated } as WebhookDelivery<P>;
  };

  const sign: WebhookVerifier<P>['sign'] = (payload, secret, options = {}) => {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (scheme.scheme === 'shared-secret-header') {
      const key = requireSecret(definition, secret);
      headers[scheme.header] = typeof key === 'string' ? key : Buffer.from(key).toString('utf8');
      if (scheme.idHeader) headers[scheme.idHeader] = options.id ?? randomUUID();
    } else if (scheme.scheme === 'hmac-sha256') {
      const key = requireSecret(definition, secret);
      const timestamp = scheme.timestampHeader ? String(options.timestamp ?? Math.floor(Date.now() / 1000)) : undefined;
      if (scheme.timestampHeader) headers[scheme.timestampHeader] = timestamp!;
      headers[scheme.header] = hmac(key, signedBytes(scheme, Buffer.from(body, 'utf8'), timestamp)).toString(
        scheme.encoding,
      );
    }
    return { body, headers };
  };

  return { events, authenticates: scheme.scheme !== 'none-documented', verify, sign };
}

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
