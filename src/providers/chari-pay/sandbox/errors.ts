import type { components } from '../../../../generated/chari-pay/schema.js';
import type { IndexedOperation } from '../../../core/operation-index.js';
import type { ProviderErrorReplies, SandboxReply } from '../../../core/sandbox/types.js';
import type { ValidationError } from '../../../core/validation.js';

type ErrorType = components['schemas']['Error']['error']['type'];

/** Chari Pay's error body, `{ error: { type, code, message, param? } }` (spec `Error`). */
export function chariPayError(
  status: number,
  type: ErrorType,
  code: string,
  message: string,
  param?: string,
): SandboxReply {
  return { status, body: { error: param === undefined ? { type, code, message } : { type, code, message, param } } };
}

export function invalidRequest(code: string, message: string, param?: string): SandboxReply {
  return chariPayError(400, 'invalid_request_error', code, message, param);
}

export function conflict(code: string, message: string, param?: string): SandboxReply {
  return chariPayError(409, 'conflict_error', code, message, param);
}

export function paymentNotFound(id: string): SandboxReply {
  return chariPayError(404, 'not_found_error', 'resource_missing', `No such payment: ${id}.`);
}

/**
 * The request field a schema violation is about. Parameter validators see `{ path, query, header }` (so
 * `/query/limit`), body validators the body itself (`/amount`, or a missing property at the root).
 */
function fieldOf(problem: ValidationError | undefined, op: IndexedOperation | undefined): string | undefined {
  if (!problem) return undefined;
  let segments = problem.instancePath.split('/').filter(Boolean);
  if (op?.parameters.some((p) => p.in === segments[0])) segments = segments.slice(1);
  const missing = problem.params.missingProperty;
  return segments[0] ?? (typeof missing === 'string' ? missing : undefined);
}

/** The guide's "invalid amount" and "incorrect currency" get their own codes; any other bad field names itself. */
function codeFor(field: string | undefined, problem: ValidationError | undefined): string {
  if (field === 'amount') return 'invalid_amount';
  if (field === 'currency') return 'invalid_currency';
  return problem?.keyword === 'required' ? 'parameter_missing' : 'parameter_invalid';
}

/**
 * The guide documents one 401 for "failed authentication", not separate codes for a missing and a wrong key, so
 * both get `invalid_api_key`; the message says which it was.
 */
function unauthorized(reason: 'missing' | 'invalid'): SandboxReply {
  const fix = 'send your secret key as "Authorization: Bearer <secret_key>".';
  const message = reason === 'missing' ? `No API key provided: ${fix}` : `Invalid API key provided: ${fix}`;
  return chariPayError(401, 'authentication_error', 'invalid_api_key', message);
}

export const chariPayErrorReplies: ProviderErrorReplies = {
  invalidRequest: (message, op, problem) => {
    const field = fieldOf(problem, op);
    const hint = field === 'amount' ? ' Amounts are integers in centimes, e.g. 15000 for 150.00 MAD.' : '';
    return invalidRequest(codeFor(field, problem), `${message}${hint}`, field);
  },
  unauthorized: (_scheme, _op, reason) => unauthorized(reason),
  // The guide: "handle 429 (Too Many Requests) responses" with X-RateLimit-Remaining / X-RateLimit-Reset, which
  // the framework adds.
  rateLimited: (_op, retryAfterSeconds) =>
    chariPayError(
      429,
      'rate_limit_error',
      'rate_limit_exceeded',
      `Too many requests, retry later: the limit resets in ${retryAfterSeconds} s (X-RateLimit-Reset).`,
    ),
  // The guide documents 500 for a server error.
  sandboxFault: (_op, message) =>
    chariPayError(
      500,
      'api_error',
      'internal_error',
      `The sandbox failed on this request; this is a sandbox bug, not a problem with your request: please report it. ${message}`,
    ),
  routeNotFound: (method, path) =>
    chariPayError(404, 'not_found_error', 'resource_missing', `Chari Pay has no endpoint ${method} ${path}.`),
};
