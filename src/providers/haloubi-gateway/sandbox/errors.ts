import type { components } from '../../../../generated/haloubi-gateway/schema.js';
import spec from '../../../../generated/haloubi-gateway/spec.js';
import { type JsonObject, resolvePointer } from '../../../core/openapi-document.js';
import type { SandboxReply } from '../../../core/sandbox/types.js';

export type HaloubiErrorCode = components['schemas']['ErrorCode'];
type ErrorDetails = Omit<components['schemas']['HaloubiError']['error'], 'type' | 'code' | 'message'>;

/**
 * The spec gives the HTTP status of every error code, and of every error type, in `x-enum-http-statuses` (same
 * order as `enum`): read them so a code can never be sent with the wrong status.
 */
function statusByValue(pointer: string): Map<string, number> {
  const schema = resolvePointer(spec, pointer) as JsonObject;
  const values = schema.enum as string[];
  const statuses = schema['x-enum-http-statuses'];
  if (!Array.isArray(statuses) || statuses.length !== values.length || !statuses.every(Number.isInteger))
    throw new TypeError(
      `haloubi-gateway spec: ${pointer} needs one integer x-enum-http-statuses entry per enum value.`,
    );
  return new Map(values.map((value, i) => [value, statuses[i] as number]));
}

const STATUS_OF_CODE = statusByValue('#/components/schemas/ErrorCode');
const TYPE_OF_STATUS = new Map(
  [...statusByValue('#/components/schemas/HaloubiError/properties/error/properties/type')].map(([type, status]) => [
    status,
    type,
  ]),
);

/** Haloubi's error body `{ error: { type, code, message, … } }`, with the status the spec gives `code`. */
export function haloubiError(code: HaloubiErrorCode, message: string, details: ErrorDetails = {}): SandboxReply {
  const status = STATUS_OF_CODE.get(code);
  if (status === undefined) throw new TypeError(`haloubi-gateway spec: error code "${code}" has no HTTP status.`);
  return { status, body: { error: { type: TYPE_OF_STATUS.get(status), code, message, ...details } } };
}

/** The resource an operation's `{id}` names, for a 404 message. */
function resourceOf(path: string): string {
  if (path.includes('/payment-intents')) return 'payment intent';
  if (path.includes('/transactions')) return 'transaction';
  return 'payment';
}

export function notFound(path: string, id: unknown): SandboxReply {
  return haloubiError('not_found', `No such ${resourceOf(path)}: ${String(id)}.`);
}

/** `/card/number` → `card.number`, the form of Haloubi's `param`. */
function paramOf(instancePath: string, missing?: unknown): string {
  const segments = instancePath.split('/').filter(Boolean);
  if (typeof missing === 'string') segments.push(missing);
  return segments.join('.');
}

/**
 * A request that breaks the spec, answered with the code the document gives its cause: invalid amount, unsupported
 * currency, invalid card format, missing field. An unknown `{id}` is "Invalid payment ID" → 404 in the document.
 */
export function invalidRequestReply(
  message: string,
  path: string | undefined,
  problem?: { instancePath: string; params: Record<string, unknown> },
): SandboxReply {
  if (!problem) return haloubiError('invalid_request', message);
  const where = problem.instancePath;
  if (where.startsWith('/path/')) return notFound(path ?? '', '(an ID of the wrong format)');
  if (where.startsWith('/query/') || where.startsWith('/header/'))
    return haloubiError('invalid_request', message, { param: where.split('/')[2] });
  const unknown = problem.params.additionalProperty;
  // The spec refuses fields it does not list (inferred); name the field, never blame the object it was sent in.
  if (typeof unknown === 'string') {
    const param = paramOf(where, unknown);
    return haloubiError('invalid_request', `Unknown field: ${param}. Remove it; see the request schema.`, { param });
  }
  const param = paramOf(where, problem.params.missingProperty);
  if (typeof problem.params.missingProperty === 'string')
    return haloubiError('missing_required_field', `Missing required field: ${param}.`, { param });
  if (param === 'client_secret')
    return haloubiError('invalid_client_secret', 'Invalid client secret for this payment intent.');
  const top = param.split('.')[0];
  if (top === 'amount') return haloubiError('invalid_amount', 'Amount must be a positive integer in cents.', { param });
  if (top === 'currency') return haloubiError('unsupported_currency', message, { param });
  if (top === 'card') return haloubiError('invalid_card', message, { param });
  return haloubiError('invalid_request', message, param ? { param } : {});
}

/** Haloubi's documented 429 ("Rate limit exceeded"); the framework adds the limit headers. */
export function rateLimitedReply(retryAfterSeconds: number): SandboxReply {
  return haloubiError(
    'rate_limit_exceeded',
    `Too many requests: rate limit exceeded. Retry in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
  );
}

/**
 * Haloubi documents no 5xx. Of its documented statuses, 409 "Request conflicts with current state" is the one that
 * blames neither the request's format, its credentials, its card nor its rate, and a client does not retry it.
 */
export function sandboxFaultReply(message: string): SandboxReply {
  return haloubiError('invalid_state', message);
}

/**
 * Haloubi's 401 codes tell a missing credential from a wrong one: `missing_api_key` / `invalid_api_key` for the API
 * key, `missing_client_secret` / `invalid_client_secret` for a payment intent's client secret.
 */
export function unauthorizedReply(scheme: string, name: string, reason: 'missing' | 'invalid'): SandboxReply {
  if (scheme === 'ClientSecret') {
    return reason === 'missing'
      ? haloubiError('missing_client_secret', 'No client secret provided (body client_secret or ?client_secret=).')
      : haloubiError('invalid_client_secret', 'Invalid client secret for this payment intent.');
  }
  return reason === 'missing'
    ? haloubiError('missing_api_key', `No API key provided: send your API key in the ${name} header.`)
    : haloubiError('invalid_api_key', `Invalid API key provided in the ${name} header.`);
}
