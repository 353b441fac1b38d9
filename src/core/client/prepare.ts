import { randomUUID } from 'node:crypto';
import { applySecurity } from '../auth.js';
import { RequestValidationError } from '../errors.js';
import type { IndexedOperation } from '../operation-index.js';
import { describeValidationErrors } from '../validation.js';
import type { ClientContext } from './settings.js';
import type { CallMeta, CallOptions } from './types.js';

/**
 * What openapi-fetch builds for a call in place of a `Request` (its `Request` option): the URL, method, merged headers
 * and serialized body, kept as they are. Building a real `Request` here and another per attempt (each attempt needs
 * its own timeout signal) would cost a second `Request` on every call; the profile showed it as the largest part of
 * the client's own overhead.
 */
export class PendingRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null | undefined;
  /** the rest of openapi-fetch's RequestInit (`redirect`, and any `fetch` option the caller passed through) */
  readonly init: RequestInit;

  constructor(url: string | URL, init: RequestInit = {}) {
    const { headers, body, method, signal: _signal, ...rest } = init;
    this.url = String(url);
    this.method = (method ?? 'GET').toUpperCase();
    this.headers = headers instanceof Headers ? headers : new Headers(headers);
    this.body = body;
    this.init = rest;
  }
}

/** One call's request, ready for any number of attempts: every attempt sends exactly these. */
export interface PreparedRequest {
  url: URL;
  method: string;
  headers: Headers;
  /** serialized once; a string, bytes or FormData, so each attempt can send it again */
  body: BodyInit | undefined;
  init: RequestInit;
}

/** Keeps the caller's idempotency key, else the one already in the headers, else a new one; the same on every attempt. */
function setCallKeys(op: IndexedOperation, call: CallOptions, meta: CallMeta, headers: Headers): void {
  if (op.idempotencyHeader) {
    const key = headers.get(op.idempotencyHeader) ?? call.idempotencyKey ?? randomUUID();
    headers.set(op.idempotencyHeader, key);
    meta.idempotencyKey = key;
  }
  if (op.requestIdHeader) {
    const id = headers.get(op.requestIdHeader) ?? call.requestId ?? randomUUID();
    headers.set(op.requestIdHeader, id);
    meta.requestId = id;
  }
}

/**
 * Request preparation: credentials from the spec's security schemes, the idempotency key and request id of the call
 * (recorded in `meta`), and a body every attempt can re-send. A stream body is read once into bytes.
 */
export async function prepareRequest(
  ctx: ClientContext,
  op: IndexedOperation,
  call: CallOptions,
  meta: CallMeta,
  pending: PendingRequest,
): Promise<PreparedRequest> {
  if (call.idempotencyKey !== undefined && !op.idempotencyHeader) {
    throw new TypeError(
      `${ctx.slug} documents no idempotency header for ${op.operationId}; idempotencyKey would not be sent, so remove it (a POST without one is not retried).`,
    );
  }
  // The headers are this call's own (openapi-fetch merged them for this call), so they are set in place.
  const { headers } = pending;
  const url = new URL(pending.url);
  applySecurity(ctx.spec, op.security, ctx.credentials, headers, url);
  setCallKeys(op, call, meta, headers);
  const body =
    pending.body instanceof ReadableStream
      ? new Uint8Array(await new Response(pending.body).arrayBuffer())
      : (pending.body ?? undefined);
  return { url, method: pending.method, headers, body, init: pending.init };
}

/** The body as JSON for the validator: the caller's own value when there is one, else the serialized text parsed. */
function jsonOf(body: BodyInit | undefined, value: { value: unknown } | undefined): unknown {
  if (value) return value.value;
  const text =
    typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined;
  if (text === undefined) return body;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `validate: 'requests'`: a JSON body that breaks the spec fails the call before anything is sent. */
export function checkRequestBody(
  ctx: ClientContext,
  op: IndexedOperation,
  prepared: PreparedRequest,
  meta: CallMeta,
  callerBody?: { value: unknown },
): void {
  if (!op.requestBody || prepared.body === undefined || !/json/.test(op.requestBody.contentType)) return;
  const check = ctx.validators.requests[op.operationId];
  if (!check || check(jsonOf(prepared.body, callerBody))) return;
  throw new RequestValidationError(
    'request_validation',
    `Request body for ${op.operationId} does not match the ${ctx.slug} spec: ${describeValidationErrors(check.errors)}. Fix the body before sending.`,
    {
      provider: ctx.slug,
      retries: 0,
      method: op.method.toUpperCase(),
      path: op.path,
      requestId: meta.requestId,
      secrets: ctx.secrets,
    },
  );
}
