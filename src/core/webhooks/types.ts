/** The public types of webhook verification, shared by the verifier and each provider's `webhooks.ts`. */
import type { OpenApiDocument } from '../openapi-document.js';
import type { GeneratedValidators } from '../validation.js';

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
/**
 * The request body exactly as received: a string or the bytes (a Buffer is a Uint8Array). Bytes from another realm
 * (a `vm` context, a worker's transfer) are accepted too: they are recognized with `ArrayBuffer.isView`.
 */
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
  /**
   * Only used when the spec declares a timestamp header. Default: the spec's `toleranceSeconds`, else 300. A finite
   * number of seconds, 0 or more; anything else (NaN, negative, Infinity) is refused with a TypeError rather than
   * letting every timestamp through.
   */
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
