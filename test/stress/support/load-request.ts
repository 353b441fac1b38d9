import type autocannon from 'autocannon';
import { applySecurity, type Credentials } from '../../../src/core/auth.js';
import type { OpenApiDocument } from '../../../src/core/openapi-document.js';
import { OperationIndex } from '../../../src/core/operation-index.js';

/** Responses to one kind of request of a load mix. */
export interface KindTally {
  ok: number;
  other: number;
}

export interface RequestSpec {
  /** path parameters, filled into the spec's path template */
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  credentials: Credentials;
  /** a fresh body and extra headers per request (unique references and idempotency keys) */
  fresh?: () => { body?: unknown; headers?: Record<string, string> };
}

/**
 * An autocannon request for one operation of a spec: method and path template from the spec, credentials where its
 * security schemes say, and every response counted in `tally` (2xx or not).
 */
export function loadRequest(
  spec: OpenApiDocument,
  operationId: string,
  request: RequestSpec,
  tally: KindTally,
): autocannon.Request {
  const op = new OperationIndex(spec).byOperationId(operationId);
  if (!op) throw new Error(`No operation ${operationId} in the spec.`);
  const url = new URL(
    `http://sandbox${op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(request.path?.[name] ?? `{${name}}`))}`,
  );
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const headers = new Headers(
    request.body === undefined && !request.fresh ? {} : { 'content-type': 'application/json' },
  );
  applySecurity(spec, op.security, request.credentials, headers, url);
  const base: autocannon.Request = {
    method: op.method.toUpperCase(),
    path: `${url.pathname}${url.search}`,
    headers: Object.fromEntries(headers.entries()),
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    onResponse: (status) => {
      if (status >= 200 && status < 300) tally.ok += 1;
      else tally.other += 1;
    },
  };
  if (!request.fresh) return base;
  const fresh = request.fresh;
  return {
    ...base,
    setupRequest: (req) => {
      const { body, headers: extra } = fresh();
      return {
        ...req,
        headers: { ...req.headers, ...extra },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      };
    },
  };
}

/** The idempotency header the spec declares for an operation (`x-idempotency-key`). */
export function idempotencyHeaderOf(spec: OpenApiDocument, operationId: string): string {
  const header = new OperationIndex(spec).byOperationId(operationId)?.idempotencyHeader;
  if (!header) throw new Error(`${operationId} declares no idempotency header.`);
  return header;
}
